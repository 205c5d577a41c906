"""The email domains by which people find their organisation on the start page."""
from peewee import CharField, ForeignKeyField, Model


def up(migrator, db):
    class Tenant(Model):
        class Meta:
            table_name = "tenant"

    class TenantDomain(Model):
        tenant = ForeignKeyField(Tenant, on_delete="CASCADE")
        domain = CharField(unique=True)

        class Meta:
            table_name = "tenant_domain"

    with db.bind_ctx([TenantDomain]):
        db.create_tables([TenantDomain])
