"""An email's subject and recipient are text of any length: a subject carries names, and a
name may be long (PostgreSQL refused a 250-character one in a 255-character column)."""
from peewee import SqliteDatabase, TextField


def up(migrator, db):
    if isinstance(db, SqliteDatabase):
        return  # SQLite keeps text of any length in any column; rebuilding the tables buys nothing
    migrator.migrate(*[migrator.alter_column_type(table, column, TextField())
                       for table in ("outgoing_mail", "outbox_message") for column in ("to", "subject")])
