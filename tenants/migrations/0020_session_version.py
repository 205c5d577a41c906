"""Sessions that can be ended: each user's session version, which every session must match."""
from peewee import IntegerField


def up(migrator, db):
    migrator.migrate(migrator.add_column("user", "session_version", IntegerField(default=0)))
