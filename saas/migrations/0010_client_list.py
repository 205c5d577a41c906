"""The console's client list costs about the same at 10,000 clients as at 150: an index for each
way it sorts a consultancy's tenants (by name, newest first, by status; they count them too),
and an index of the three-letter pieces of every name and web address for the search box
(SQLite: an FTS5 trigram table kept in step by triggers; PostgreSQL: pg_trgm)."""
import peewee

SQLITE_SEARCH = [
    "CREATE VIRTUAL TABLE tenant_search USING fts5(name, slug, content='tenant', content_rowid='id', "
    "tokenize='trigram')",
    "INSERT INTO tenant_search (tenant_search) VALUES ('rebuild')",
    "CREATE TRIGGER tenant_search_insert AFTER INSERT ON tenant BEGIN "
    "INSERT INTO tenant_search (rowid, name, slug) VALUES (new.id, new.name, new.slug); END",
    "CREATE TRIGGER tenant_search_delete AFTER DELETE ON tenant BEGIN "
    "INSERT INTO tenant_search (tenant_search, rowid, name, slug) VALUES ('delete', old.id, old.name, old.slug); END",
    "CREATE TRIGGER tenant_search_update AFTER UPDATE OF name, slug ON tenant BEGIN "
    "INSERT INTO tenant_search (tenant_search, rowid, name, slug) VALUES ('delete', old.id, old.name, old.slug); "
    "INSERT INTO tenant_search (rowid, name, slug) VALUES (new.id, new.name, new.slug); END",
]

POSTGRES_SEARCH = [
    "CREATE EXTENSION IF NOT EXISTS pg_trgm",
    "CREATE INDEX tenant_name_trigrams ON tenant USING gin (name gin_trgm_ops)",
    "CREATE INDEX tenant_slug_trigrams ON tenant USING gin (slug gin_trgm_ops)",
]


def up(migrator, db):
    migrator.migrate(
        migrator.add_index("tenant", ("consultancy_id", "name"), False),
        migrator.add_index("tenant", ("consultancy_id", "created"), False),
        migrator.add_index("tenant", ("consultancy_id", "status", "name"), False),
    )
    for sql in POSTGRES_SEARCH if isinstance(db, peewee.PostgresqlDatabase) else SQLITE_SEARCH:
        db.execute_sql(sql)
