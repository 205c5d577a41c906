"""The console's copy of each tenant's numbers carries its outcomes in aggregate (for the
portfolio report): goals achieved each side, the mean pulse, would-recommend, intent to stay."""
from peewee import TextField


def up(migrator, db):
    migrator.migrate(migrator.add_column("tenant_rollup", "outcomes", TextField(default="{}")))
