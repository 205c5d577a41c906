"""Erasure: when a person's personal data was erased (their row stays, anonymised, for the history)."""
from peewee import DateTimeField


def up(migrator, db):
    migrator.migrate(migrator.add_column("user", "erased", DateTimeField(null=True)))
