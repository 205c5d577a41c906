"""Sessions that can be ended: each user's session version, which every session must match."""
from peewee import SQL, IntegerField


def up(migrator, db):
    # A default in the database too: the participant import inserts rows with plain SQL.
    migrator.migrate(migrator.add_column("user", "session_version",
                                         IntegerField(default=0, constraints=[SQL("DEFAULT 0")])))
