"""Programme reports: each one asked for, its progress and its kept file."""
import datetime

from peewee import BooleanField, CharField, DateTimeField, IntegerField, Model


def up(migrator, db):
    now = datetime.datetime.utcnow

    class ProgrammeReport(Model):
        anonymised = BooleanField(default=False)
        requested_by = CharField()
        running = CharField(null=True, unique=True)
        status = CharField(default="queued")
        step = CharField(default="")
        percent = IntegerField(default=0)
        fingerprint = CharField(default="")
        file = CharField(null=True)
        created = DateTimeField(default=now)
        touched = DateTimeField(default=now)
        finished = DateTimeField(null=True)

        class Meta:
            table_name = "programme_report"

    with db.bind_ctx([ProgrammeReport]):
        db.create_tables([ProgrammeReport])
