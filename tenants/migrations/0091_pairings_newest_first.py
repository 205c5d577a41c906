"""The board lists active pairings newest first: an index lets its first page be read without
joining and sorting every pairing."""


def up(migrator, db):
    migrator.migrate(migrator.add_index("pairing", ("status", "started", "id"), False))
