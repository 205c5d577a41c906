"""Certificates: each one issued (its facts as stated, code, signed file, revocation), the
programme's earning rule, and the cohort zips built by a job."""
import datetime

from peewee import BooleanField, CharField, DateField, DateTimeField, ForeignKeyField, IntegerField, Model, TextField


def up(migrator, db):
    now = datetime.datetime.utcnow

    class User(Model):
        class Meta:
            table_name = "user"

    class Pairing(Model):
        class Meta:
            table_name = "pairing"

    class Cohort(Model):
        class Meta:
            table_name = "cohort"

    class Certificate(Model):
        pairing = ForeignKeyField(Pairing, on_delete="CASCADE")
        user = ForeignKeyField(User, on_delete="CASCADE")
        role = CharField()
        code = CharField(unique=True)
        name = TextField()
        partner = TextField()
        programme = TextField()
        organisation = TextField()
        starts = DateField()
        ends = DateField()
        journey = TextField(default="[]")
        meetings = IntegerField()
        reason = TextField(default="")
        fingerprint = CharField()
        file = CharField()
        issued = DateTimeField(default=now)
        notified = DateTimeField(null=True)
        revoked = DateTimeField(null=True)
        revoked_by = CharField(default="")
        revoke_reason = TextField(default="")

        class Meta:
            table_name = "certificate"
            indexes = ((("pairing", "user"), True),)

    class CertificateSettings(Model):
        routinization = BooleanField(default=True)
        meetings = IntegerField(default=6)
        closing_surveys = BooleanField(default=True)

        class Meta:
            table_name = "certificate_settings"

    class CertificateBatch(Model):
        cohort = ForeignKeyField(Cohort, null=True, on_delete="CASCADE")
        requested_by = CharField()
        running = CharField(null=True, unique=True)
        status = CharField(default="queued")
        done = IntegerField(default=0)
        total = IntegerField(default=0)
        file = CharField(null=True)
        created = DateTimeField(default=now)
        touched = DateTimeField(default=now)
        finished = DateTimeField(null=True)

        class Meta:
            table_name = "certificate_batch"

    models = [Certificate, CertificateSettings, CertificateBatch]
    with db.bind_ctx(models + [User, Pairing, Cohort]):
        db.create_tables(models)
