"""The people list is sorted by name: an index lets its first page be read without sorting everyone."""


def up(migrator, db):
    migrator.migrate(migrator.add_index("user", ("name", "id"), False))
