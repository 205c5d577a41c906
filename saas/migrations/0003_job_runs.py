"""Jobs that survive their worker: a row per queued job with its lease, a row per email with its
key (sent once), and the sentence a failed export shows."""
import datetime

from peewee import BlobField, CharField, DateTimeField, IntegerField, Model, TextField


def up(migrator, db):
    now = datetime.datetime.utcnow

    class JobRun(Model):
        name = CharField()
        tenant_slug = CharField(null=True)
        args = BlobField()
        key = CharField(null=True, unique=True)
        status = CharField(default="queued")
        attempts = IntegerField(default=0)
        max_attempts = IntegerField(default=1)
        lease_until = DateTimeField()
        worker = CharField(default="")
        created = DateTimeField(default=now)
        started = DateTimeField(null=True)
        finished = DateTimeField(null=True, index=True)
        error = TextField(default="")

        class Meta:
            table_name = "job_run"
            indexes = ((("status", "lease_until"), False),)

    class OutgoingMail(Model):
        key = CharField(unique=True)
        to = CharField()
        subject = CharField()
        body = TextField()
        attachments = TextField(default="[]")
        status = CharField(default="queued")
        attempts = IntegerField(default=0)
        created = DateTimeField(default=now)
        sent = DateTimeField(null=True)
        error = TextField(default="")

        class Meta:
            table_name = "outgoing_mail"

    with db.bind_ctx([JobRun, OutgoingMail]):
        db.create_tables([JobRun, OutgoingMail])
    migrator.migrate(migrator.add_column("tenant_export", "problem", TextField(default="")))
