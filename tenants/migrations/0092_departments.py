"""The people list offers the participants' departments: an index on (department, role, erased)
lists them without reading the user table."""


def up(migrator, db):
    migrator.migrate(migrator.add_index("user", ("department", "role", "erased"), False))
