"""Certificate codes: which tenant issued each one (by the code's SHA-256), so that /verify/<code>
finds it without asking every tenant."""
import datetime

from peewee import CharField, DateTimeField, Model


def up(migrator, db):
    class CertificateCode(Model):
        digest = CharField(unique=True)
        tenant_slug = CharField(index=True)
        created = DateTimeField(default=datetime.datetime.utcnow)

        class Meta:
            table_name = "certificate_code"

    with db.bind_ctx([CertificateCode]):
        db.create_tables([CertificateCode])
