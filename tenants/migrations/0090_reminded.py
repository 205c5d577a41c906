"""When each participant was last reminded, so that nobody gets a reminder twice in a week."""
from peewee import DateTimeField


def up(migrator, db):
    migrator.migrate(migrator.add_column("user", "reminded", DateTimeField(null=True)))
