"""Background work that can fail and be tried again: why an import or a proposal failed, in a
sentence, and when an import's people were added (a retry then only sends the invitations)."""
from peewee import DateTimeField, TextField


def up(migrator, db):
    migrator.migrate(
        migrator.add_column("import_batch", "problem", TextField(default="")),
        migrator.add_column("import_batch", "added", DateTimeField(null=True)),
        migrator.add_column("pairing_proposal", "problem", TextField(default="")),
    )
