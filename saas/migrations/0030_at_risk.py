"""The console's copy of each tenant's numbers counts its pairings at risk (a red flag)."""
from peewee import IntegerField


def up(migrator, db):
    migrator.migrate(migrator.add_column("tenant_rollup", "at_risk", IntegerField(default=0)))
