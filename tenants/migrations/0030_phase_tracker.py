"""The phase tracker: each pairing's stored reading, its journey of phase changes, the flags as
they were raised; the tenant's own phase rules in the programme. Pairings published before this
are read by the first nightly recompute."""
import datetime

from peewee import CharField, DateField, DateTimeField, ForeignKeyField, IntegerField, Model, TextField


def up(migrator, db):
    now = datetime.datetime.utcnow

    class Pairing(Model):
        class Meta:
            table_name = "pairing"

    class PhaseReading(Model):
        pairing = ForeignKeyField(Pairing, primary_key=True, on_delete="CASCADE")
        phase = CharField()
        since = DateField()
        read_on = DateField()
        ended = DateField(null=True)
        reasons = TextField(default="[]")
        flags = TextField(default="[]")
        next_steps = TextField(default="{}")
        reds = IntegerField(default=0)
        ambers = IntegerField(default=0)
        written = DateTimeField(default=now)

        class Meta:
            table_name = "phase_reading"

    class PhaseChange(Model):
        pairing = ForeignKeyField(Pairing, on_delete="CASCADE")
        number = IntegerField()
        on = DateField()
        phase = CharField()
        reasons = TextField(default="[]")

        class Meta:
            table_name = "phase_change"
            indexes = ((("pairing", "number"), True),)

    class FlagRaised(Model):
        pairing = ForeignKeyField(Pairing, on_delete="CASCADE")
        name = CharField()
        level = CharField()
        evidence = TextField()
        on = DateField()
        raised = DateTimeField(default=now)
        alerted = DateTimeField(null=True)
        digested = DateTimeField(null=True, index=True)

        class Meta:
            table_name = "flag_raised"

    migrator.migrate(migrator.add_column("program", "phase_rules", TextField(default="{}")))
    models = [PhaseReading, PhaseChange, FlagRaised]
    with db.bind_ctx(models + [Pairing]):
        db.create_tables(models)
