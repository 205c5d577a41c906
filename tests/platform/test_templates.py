"""New tenants are copies of a migrated template: the same schema as running every migration,
a new template when the migrations change, safe when two processes provision at once."""
import os
import shutil
import sqlite3
import subprocess
import sys

import peewee
import psycopg2
import pytest
from playhouse.migrations import Runner

from saas import provisioning, schema
from saas.config import ROOT
from saas.control import Tenant
from saas.databases import SPARE_SCHEMAS, schema_name
from saas.tenancy import tenant_scope
from tenants.program.models import Skill
from tests.factories import make_tenant

EXTRA_MIGRATION = '''
from peewee import CharField, Model


def up(migrator, db):
    class Extra(Model):
        note = CharField(default="")

        class Meta:
            table_name = "extra"

    with db.bind_ctx([Extra]):
        db.create_tables([Extra])
'''


def sqlite_shape(path):
    """Every table, column, index, foreign key and the rows migrations put in, of one file."""
    conn = sqlite3.connect(path)
    try:
        objects = conn.execute("SELECT type, name, tbl_name, sql FROM sqlite_master ORDER BY name").fetchall()
        tables = [name for kind, name, _, _ in objects if kind == "table"]
        return {"objects": objects,
                "columns": {t: conn.execute(f'PRAGMA table_info("{t}")').fetchall() for t in tables},
                "indexes": {t: conn.execute(f'PRAGMA index_list("{t}")').fetchall() for t in tables},
                "foreign keys": {t: conn.execute(f'PRAGMA foreign_key_list("{t}")').fetchall() for t in tables},
                "skills": conn.execute("SELECT name, position FROM skill ORDER BY id").fetchall(),
                "migrations": conn.execute("SELECT name FROM schema_migration ORDER BY id").fetchall()}
    finally:
        conn.close()


def postgres_shape(db, name):
    """The same for one PostgreSQL schema, with the schema's own name taken out."""
    def rows(sql):
        return [tuple(str(v).replace(f"{name}.", "") if isinstance(v, str) else v for v in row)
                for row in db.execute_sql(sql, (name,)).fetchall()]
    return {
        # Columns in order; their rank, not ordinal_position, which keeps the gaps a dropped column leaves.
        "columns": rows("SELECT table_name, row_number() OVER (PARTITION BY table_name ORDER BY ordinal_position), "
                        "column_name, data_type, character_maximum_length, is_nullable, column_default "
                        "FROM information_schema.columns WHERE table_schema = %s ORDER BY 1, 2"),
        "indexes": rows("SELECT tablename, indexname, indexdef FROM pg_indexes WHERE schemaname = %s ORDER BY 1, 2"),
        "constraints": rows("SELECT cl.relname, conname, pg_get_constraintdef(co.oid) FROM pg_constraint co "
                            "JOIN pg_class cl ON cl.oid = co.conrelid JOIN pg_namespace n ON n.oid = cl.relnamespace "
                            "WHERE n.nspname = %s ORDER BY 1, 2"),
        "sequences": rows("SELECT sequencename, data_type, start_value, increment_by, max_value, last_value "
                          "FROM pg_sequences WHERE schemaname = %s ORDER BY 1"),
        "relations": rows("SELECT relname, relkind FROM pg_class cl JOIN pg_namespace n ON n.oid = cl.relnamespace "
                          "WHERE n.nspname = %s ORDER BY 1"),
        "skills": db.execute_sql(f'SELECT name, position FROM "{name}".skill ORDER BY id').fetchall(),
        "migrations": db.execute_sql(f'SELECT name FROM "{name}".schema_migration ORDER BY id').fetchall(),
    }


def run_every_migration(app, tmp_path):
    """A tenant database made the old way, by running each migration (the runner, not our code);
    returns its shape."""
    url = app.config["DATABASE_URL"]
    if not url:
        path = tmp_path / "migrated.sqlite3"
        db = peewee.SqliteDatabase(str(path), pragmas={"foreign_keys": 1})
        with db.connection_context():
            Runner(db, str(schema.MIGRATIONS["tenant"])).up()
        return sqlite_shape(path)
    control = app.extensions["databases"].control
    control.execute_sql('CREATE SCHEMA "migrated"')
    db = peewee.PostgresqlDatabase(url, options="-c search_path=migrated")
    with db.connection_context():
        Runner(db, str(schema.MIGRATIONS["tenant"])).up()
    db.close()
    return postgres_shape(control, "migrated")


def shape_of_tenant(app, slug):
    databases = app.extensions["databases"]
    if databases.postgres:
        return postgres_shape(databases.control, schema_name(slug))
    return sqlite_shape(databases.tenant_file(slug))


def tenant_tables(app, slug):
    with app.app_context(), tenant_scope(slug):
        from tenants.scope import database
        return set(database.get_tables())


def test_a_tenant_copied_from_the_template_has_the_schema_every_migration_makes(app, tmp_path):
    make_tenant(app, "acme")
    with app.app_context():
        made = shape_of_tenant(app, "acme")
        assert made == run_every_migration(app, tmp_path)
        assert len(made["skills"]) == 18 and len(made["migrations"]) == len(schema.migration_files("tenant"))
        with tenant_scope("acme"):  # and it works: a row goes in, with the next id
            assert Skill.create(name="Negotiation", position=99).id == 19
    if not app.config["DATABASE_URL"]:  # no page that a migration freed is copied to each tenant
        template = sqlite3.connect(app.extensions["databases"].tenant_template())
        assert template.execute("PRAGMA freelist_count").fetchone() == (0,)
        template.close()


def spares(app):
    """The names of the spare schemas waiting for new tenants (PostgreSQL)."""
    with app.app_context():
        return {name for name, in app.extensions["databases"].control.execute_sql(
            "SELECT nspname FROM pg_namespace WHERE nspname LIKE 'spare%%'").fetchall()}


def test_a_postgresql_tenant_takes_a_spare_schema_made_ahead_and_the_spares_are_made_again(app):
    if not app.config["DATABASE_URL"]:
        pytest.skip("PostgreSQL schemas only: a SQLite tenant is a copy of the template file")
    databases = app.extensions["databases"]
    with app.app_context():
        for name in spares(app):
            databases.control.execute_sql(f'DROP SCHEMA "{name}" CASCADE')
    make_tenant(app, "cloned")  # no spare: a clone of the template, then the job makes the spares
    made = spares(app)
    assert len(made) == SPARE_SCHEMAS and all(name.startswith(f"spare_{schema.fingerprint('tenant')}_")
                                              for name in made)
    make_tenant(app, "spared")
    assert len(made - spares(app)) == 1 and len(spares(app)) == SPARE_SCHEMAS  # one taken, one made again
    with app.app_context():
        assert shape_of_tenant(app, "spared") == shape_of_tenant(app, "cloned")
        assert databases.make_spare_schemas() == 0
        with pytest.raises(psycopg2.Error):  # a spare is never renamed onto a schema that is there
            databases.create_tenant_storage("spared")
    assert len(spares(app)) == SPARE_SCHEMAS


def test_a_sqlite_tenant_has_a_rollback_journal_and_its_connection_pragmas(app):
    if app.config["DATABASE_URL"]:
        pytest.skip("SQLite files only")
    make_tenant(app, "acme")
    header = app.extensions["databases"].tenant_file("acme").read_bytes()[:20]
    assert header[18:20] == b"\x01\x01"  # the file format's "rollback journal" versions, not WAL's
    with app.app_context(), tenant_scope("acme"):
        from tenants.scope import database
        assert [database.pragma(name) for name in ("journal_mode", "foreign_keys", "synchronous", "cache_spill")] \
            == ["delete", 1, 1, 0]


def test_a_template_made_before_a_new_migration_is_made_again(app, tmp_path, monkeypatch):
    migrations = tmp_path / "migrations"
    shutil.copytree(schema.MIGRATIONS["tenant"], migrations, ignore=shutil.ignore_patterns("__pycache__"))
    monkeypatch.setitem(schema.MIGRATIONS, "tenant", migrations)
    make_tenant(app, "before")
    (migrations / "0999_extra.py").write_text(EXTRA_MIGRATION)
    make_tenant(app, "after")
    assert "extra" in tenant_tables(app, "after") and "extra" not in tenant_tables(app, "before")
    with app.app_context():
        assert dict(provisioning.migrate_tenants()) == {"after": [], "before": ["0999_extra"]}
    assert "extra" in tenant_tables(app, "before")
    databases = app.extensions["databases"]
    with app.app_context():
        if databases.postgres:
            templates = [name for name, in databases.control.execute_sql(
                "SELECT nspname FROM pg_namespace WHERE nspname LIKE 'template%%'").fetchall()]
        else:
            templates = [path.name for path in (databases.instance / "templates").iterdir()]
    assert len(templates) == 1 and schema.fingerprint("tenant") in templates[0]
    if databases.postgres:  # the spares made before the migration went with their template
        assert spares(app) and all(schema.fingerprint("tenant") in name for name in spares(app))


def test_a_failed_template_leaves_nothing_behind(app, tmp_path, monkeypatch):
    migrations = tmp_path / "migrations"
    shutil.copytree(schema.MIGRATIONS["tenant"], migrations, ignore=shutil.ignore_patterns("__pycache__"))
    (migrations / "0999_broken.py").write_text("def up(migrator, db):\n    db.execute_sql('CREATE TABLE')\n")
    monkeypatch.setitem(schema.MIGRATIONS, "tenant", migrations)
    databases = app.extensions["databases"]
    templates = databases.instance / "templates"
    before = set(templates.iterdir()) if templates.exists() else set()
    with app.app_context():
        with pytest.raises(peewee.DatabaseError):
            provisioning.create_tenant("acme", "Acme")
        assert Tenant.select().count() == 0
        assert not databases.tenant_storage_exists("acme")
        if databases.postgres:
            assert not databases.control.execute_sql("SELECT 1 FROM pg_namespace WHERE nspname = %s",
                                                     (f"template_tenant_{schema.fingerprint('tenant')}",)).fetchone()
        else:
            assert set(templates.iterdir()) == before  # no half-made template, no scratch file


def test_a_postgresql_template_holding_what_its_sql_cannot_copy_is_refused(app, tmp_path, monkeypatch):
    if not app.config["DATABASE_URL"]:
        pytest.skip("PostgreSQL schemas only: a SQLite template is copied whole")
    migrations = tmp_path / "migrations"
    shutil.copytree(schema.MIGRATIONS["tenant"], migrations, ignore=shutil.ignore_patterns("__pycache__"))
    (migrations / "0999_view.py").write_text(
        "def up(migrator, db):\n    db.execute_sql('CREATE VIEW admins AS SELECT email FROM \"user\"')\n")
    monkeypatch.setitem(schema.MIGRATIONS, "tenant", migrations)
    with app.app_context():
        with pytest.raises(schema.TemplateError, match="relation admins"):
            provisioning.create_tenant("acme", "Acme")
        assert Tenant.select().count() == 0
        assert not app.extensions["databases"].tenant_storage_exists("acme")


PROVISIONER = """
import sys, time
sys.path.insert(0, {root!r})
from saas import create_app, provisioning
app = create_app({{"INSTANCE_PATH": {instance!r}, "DATABASE_URL": {url!r}, "SECRET_KEY": "test"}})
while time.time() < {start}:
    time.sleep(0.005)
with app.app_context():
    for n in range(15):
        provisioning.create_tenant(f"{name}-{{n}}", "Tenant")
    try:
        provisioning.create_tenant("shared", "{name}")
    except provisioning.ProvisioningError:
        print("refused")
    else:
        print("created")
"""


def test_two_processes_provisioning_at_once_are_safe(app, tmp_path):
    """Both start on an instance with no template: each may make one, neither sees half of one;
    the one slug both ask for goes to exactly one of them."""
    import time
    start = time.time() + 3  # both are running by then, whatever the imports cost
    processes = [subprocess.Popen([sys.executable, "-c", PROVISIONER.format(
        root=str(ROOT), instance=app.instance_path, url=app.config["DATABASE_URL"], start=start, name=name)],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True) for name in ("left", "right")]
    outcomes = []
    for process in processes:
        out, err = process.communicate(timeout=120)
        assert process.returncode == 0, err
        outcomes.append(out.strip())
    assert sorted(outcomes) == ["created", "refused"]
    with app.app_context():
        active = {t.slug for t in Tenant.select().where(Tenant.status == "active")}
        assert active == {f"{side}-{n}" for side in ("left", "right") for n in range(15)} | {"shared"}
        assert Tenant.select().count() == 31
        for slug in sorted(active):
            with tenant_scope(slug):
                from tenants.scope import database
                assert schema.pending(database, "tenant") == []
                assert Skill.select().count() == 18


OPENER = """
import os, resource, sys
from pathlib import Path
from peewee import chunked
resource.setrlimit(resource.RLIMIT_NOFILE, ({limit}, {limit}))
sys.path.insert(0, {root!r})
from saas import create_app, schema
from saas.control import Tenant
from saas.tenancy import tenant_scope
from tenants.scope import database
schema.MIGRATIONS["tenant"] = Path({migrations!r})  # a one-table schema: 20,000 small files
app = create_app({{"INSTANCE_PATH": {instance!r}, "SECRET_KEY": "test"}})
databases = app.extensions["databases"]
slugs = [f"t{{n}}" for n in range({count})]
with app.app_context():
    for slug in slugs:
        databases.create_tenant_storage(slug)
    for some in chunked(slugs, 1000):
        Tenant.insert_many([{{"slug": slug, "name": slug}} for slug in some]).execute()
    for slug in slugs:
        with tenant_scope(slug):
            assert database.execute_sql("SELECT name FROM schema_migration").fetchall() == [("0001_extra",)]
print(len(slugs), len(os.listdir("/proc/self/fd")))
"""


def test_twenty_thousand_tenants_opened_in_turn_with_a_low_file_limit(tmp_path):
    """64 open files at most: far fewer than the tenants, so their connections must be let go."""
    migrations = tmp_path / "migrations"
    migrations.mkdir()
    (migrations / "0001_extra.py").write_text(EXTRA_MIGRATION)
    script = OPENER.format(limit=64, root=str(ROOT), migrations=str(migrations),
                           instance=str(tmp_path / "instance"), count=20_000)
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=600,
                          env={**os.environ, "PYTHONDONTWRITEBYTECODE": "1"})
    assert done.returncode == 0, done.stderr[-2000:]
    opened, files_open = map(int, done.stdout.split())
    assert opened == 20_000 and files_open < 64
