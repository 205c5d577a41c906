"""The shape of a database: numbered migrations applied in order, and, for tenants, the SQL
that rebuilds a migrated template schema in one go (PostgreSQL has no CLONE SCHEMA)."""
import hashlib
import os

import psycopg2.extensions
from playhouse.migrations import Runner

from saas.config import ROOT

MIGRATIONS = {"control": ROOT / "saas" / "migrations", "tenant": ROOT / "tenants" / "migrations"}
HISTORY = "schema_migration"  # where the migration runner records what it applied


class TemplateError(RuntimeError):
    """The template schema holds something its SQL would not reproduce; the message says what."""


def is_migration(name):
    return name[:1].isdigit() and name.endswith(".py")


def migration_files(kind):
    folder = MIGRATIONS[kind]
    return [folder / name for name in sorted(os.listdir(folder)) if is_migration(name)]


_digests = {}  # the migrations' names, sizes and times of change -> their fingerprint


def fingerprint(kind):
    """A digest of the names and contents of the migrations of `kind` ("control" or "tenant").

    A template carries the fingerprint of the migrations it was made with, so a template made
    before a migration was added (or edited) is never taken for a current one. Provisioning
    asks for it each time: the files are read again only when one of them has changed.
    """
    with os.scandir(MIGRATIONS[kind]) as entries:  # no Path objects: this runs per provisioning
        key = tuple(sorted((entry.name, entry.path, stat.st_size, stat.st_mtime_ns)
                           for entry in entries if is_migration(entry.name) for stat in [entry.stat()]))
    if key not in _digests:
        digest = hashlib.sha256()
        for name, path, _, _ in key:
            with open(path, "rb") as migration:
                digest.update(name.encode() + b"\0" + migration.read() + b"\0")
        _digests[key] = digest.hexdigest()[:16]
    return _digests[key]


def pending(db, kind):
    """The names of the migrations of `kind` that `db` lacks: two small queries, so that
    migrating thousands of tenants that are up to date costs little."""
    names = [path.stem for path in migration_files(kind)]
    if not db.table_exists(HISTORY):
        return names
    applied = {name for name, in db.execute_sql(f'SELECT name FROM "{HISTORY}"')}
    return [name for name in names if name not in applied]


def migrate(db, kind):
    """Apply the pending migrations of `kind` to `db`; returns the names applied."""
    with db.connection_context():
        if not pending(db, kind):
            return []
        return Runner(db, str(MIGRATIONS[kind])).up()


# --- PostgreSQL: the template schema as SQL ------------------------------------------------
# Every query below reads the schema first on the cursor's search_path (the template). The
# catalog prints names unqualified when they are on the search path, so the SQL made from it
# runs in whichever schema is first on the search path when it runs.

UNSUPPORTED = """
SELECT 'relation ' || relname FROM pg_class
 WHERE relnamespace = to_regnamespace(current_schema()) AND relkind NOT IN ('r', 'S', 'i')
UNION ALL SELECT 'function ' || proname FROM pg_proc WHERE pronamespace = to_regnamespace(current_schema())
UNION ALL SELECT 'type ' || typname FROM pg_type
 WHERE typnamespace = to_regnamespace(current_schema()) AND typtype NOT IN ('b', 'c')
UNION ALL SELECT 'trigger ' || tgname FROM pg_trigger JOIN pg_class ON pg_class.oid = tgrelid
 WHERE relnamespace = to_regnamespace(current_schema()) AND NOT tgisinternal
UNION ALL SELECT 'column ' || relname || '.' || attname FROM pg_attribute
  JOIN pg_class ON pg_class.oid = attrelid JOIN pg_type ON pg_type.oid = atttypid
 WHERE relnamespace = to_regnamespace(current_schema()) AND relkind = 'r' AND attnum > 0 AND NOT attisdropped
   AND (attidentity <> '' OR attgenerated <> '' OR attcollation NOT IN (0, typcollation))
"""

SEQUENCES = """
SELECT sequencename, data_type, increment_by, min_value, max_value, start_value, cache_size, cycle, last_value
  FROM pg_sequences WHERE schemaname = current_schema() ORDER BY sequencename
"""

SEQUENCE_OWNERS = """
SELECT seq.relname, tab.relname, attname FROM pg_depend
  JOIN pg_class seq ON seq.oid = objid JOIN pg_class tab ON tab.oid = refobjid
  JOIN pg_attribute ON attrelid = refobjid AND attnum = refobjsubid
 WHERE classid = 'pg_class'::regclass AND deptype = 'a' AND seq.relkind = 'S'
   AND seq.relnamespace = to_regnamespace(current_schema())
 ORDER BY seq.relname
"""

COLUMNS = """
SELECT relname, attname, format_type(atttypid, atttypmod), attnotnull, pg_get_expr(adbin, adrelid)
  FROM pg_class JOIN pg_attribute ON attrelid = pg_class.oid
  LEFT JOIN pg_attrdef ON adrelid = attrelid AND adnum = attnum
 WHERE relnamespace = to_regnamespace(current_schema()) AND relkind = 'r' AND attnum > 0 AND NOT attisdropped
 ORDER BY pg_class.oid, attnum
"""

CONSTRAINTS = """
SELECT relname, conname, contype = 'f', pg_get_constraintdef(pg_constraint.oid) FROM pg_constraint
  JOIN pg_class ON pg_class.oid = conrelid
 WHERE relnamespace = to_regnamespace(current_schema()) AND contype IN ('p', 'u', 'c', 'x', 'f')
 ORDER BY pg_class.oid, pg_constraint.oid
"""

# Indexes of their own; those that back a primary key or a unique constraint come with it.
INDEXES = """
SELECT pg_get_indexdef(indexrelid) FROM pg_index JOIN pg_class ON pg_class.oid = indrelid
 WHERE relnamespace = to_regnamespace(current_schema()) AND NOT EXISTS (
       SELECT 1 FROM pg_constraint WHERE conindid = indexrelid AND conrelid = indrelid AND contype IN ('p', 'u', 'x'))
 ORDER BY indexrelid
"""


def schema_sql(cursor):
    """SQL that builds, in the schema first on the search path, what the schema first on
    `cursor`'s search path holds: its sequences, tables, constraints, indexes and rows."""
    cursor.execute("SELECT quote_ident(current_schema())")
    template, = cursor.fetchone()
    cursor.execute(UNSUPPORTED)
    unsupported = [name for name, in cursor.fetchall()]
    if unsupported:
        raise TemplateError(f"the tenant template cannot copy {', '.join(unsupported)}: "
                            "add it to saas.schema.schema_sql")

    def quote(name):
        return psycopg2.extensions.quote_ident(name, cursor)

    statements, last_values = [], []
    cursor.execute(SEQUENCES)
    for name, kind, step, low, high, start, cache, cycle, last in cursor.fetchall():
        statements.append(f"CREATE SEQUENCE {quote(name)} AS {kind} INCREMENT BY {step} MINVALUE {low} "
                          f"MAXVALUE {high} START WITH {start} CACHE {cache} {'' if cycle else 'NO '}CYCLE")
        if last is not None:
            last_values.append(cursor.mogrify("SELECT setval(%s, %s)", (quote(name), last)).decode())

    tables = {}  # table -> [(column, its definition)], in the template's order
    cursor.execute(COLUMNS)
    for table, column, kind, not_null, default in cursor.fetchall():
        tables.setdefault(table, []).append((quote(column), f"{quote(column)} {kind}"
                                             f"{' NOT NULL' if not_null else ''}"
                                             f"{f' DEFAULT {default}' if default is not None else ''}"))
    statements += [f"CREATE TABLE {quote(table)} ({', '.join(sql for _, sql in columns)})"
                   for table, columns in tables.items()]

    cursor.execute(SEQUENCE_OWNERS)
    statements += [f"ALTER SEQUENCE {quote(sequence)} OWNED BY {quote(table)}.{quote(column)}"
                   for sequence, table, column in cursor.fetchall()]

    cursor.execute(CONSTRAINTS)
    constraints = cursor.fetchall()
    statements += [f"ALTER TABLE {quote(table)} ADD CONSTRAINT {quote(name)} {definition}"
                   for table, name, foreign, definition in constraints if not foreign]

    cursor.execute(INDEXES)
    for definition, in cursor.fetchall():
        # The one place the catalog always names the schema: "CREATE INDEX i ON template.t ...".
        statements.append(definition.replace(f" ON {template}.", " ON ", 1)
                          .replace(f" ON ONLY {template}.", " ON ONLY ", 1))
    foreign_keys = [f"ALTER TABLE {quote(table)} ADD CONSTRAINT {quote(name)} {definition}"
                    for table, name, foreign, definition in constraints if foreign]
    if any(f"{template}." in statement for statement in statements + foreign_keys):
        raise TemplateError(f"the tenant template's SQL would name the template schema {template}")

    # Rows (the skills catalogue, the migration history) go in as text: every type reads its own text back.
    for table, columns in tables.items():
        names = [name for name, _ in columns]
        cursor.execute(f"SELECT {', '.join(name + '::text' for name in names)} FROM {quote(table)}")
        rows = cursor.fetchall()
        if rows:
            row = "(" + ", ".join(["%s"] * len(names)) + ")"
            values = ", ".join(cursor.mogrify(row, values).decode() for values in rows)
            statements.append(f"INSERT INTO {quote(table)} ({', '.join(names)}) VALUES {values}")
    # Foreign keys last, so rows go in whatever order their tables were made in.
    return ";\n".join(statements + last_values + foreign_keys)
