"""Sessions that can be ended (each staff member's session version) and the addresses each
account signed in from, which a stranger's failed guesses do not lock out."""
import datetime

from peewee import SQL, CharField, DateTimeField, IntegerField, Model


def up(migrator, db):
    class KnownAddress(Model):
        account = CharField()
        address = CharField()
        last_sign_in = DateTimeField(default=datetime.datetime.utcnow)

        class Meta:
            table_name = "known_address"
            indexes = ((("account", "address"), True),)

    migrator.migrate(migrator.add_column("staff", "session_version",
                                         IntegerField(default=0, constraints=[SQL("DEFAULT 0")])))
    with db.bind_ctx([KnownAddress]):
        db.create_tables([KnownAddress])
