"""Fixtures: an app on a fresh instance, on SQLite and (when reachable) on PostgreSQL."""
import functools
import os
import re
import select
import shutil
import socket
import uuid
from pathlib import Path

import jinja2
import pytest

# Every setting a test needs is given to create_app; none may come from the developer's shell.
for name in ("DATABASE_URL", "REDIS_URL", "SMTP_URL", "MENTORUP_ENV", "INSTANCE_PATH", "BASE_URL"):
    os.environ.pop(name, None)
for name in [name for name in os.environ if name.startswith(("STRIPE_", "BILLING_"))]:
    os.environ.pop(name)

from argon2 import PasswordHasher  # noqa: E402

# Real argon2, with its cheapest parameters: the production cost (a fifth of a second a
# hash) would spend over a minute of the suite on sign-ins. Hashes carry their parameters.
import tenants.passwords  # noqa: E402
from saas import create_app  # noqa: E402

tenants.passwords._hasher = PasswordHasher(time_cost=1, memory_cost=8, parallelism=1)


def builders_compiled_once():
    """Werkzeug compiles a URL builder for every rule of every app (Python's compiler, over a
    millisecond a rule: a sixth of a second an app), and the suite makes an app a test. A builder
    is a function of the rule's text, defaults and the map's converters, taking the rule as its
    first argument: the session compiles one per rule and each app's rule binds it."""
    from werkzeug.routing import Rule

    compile_builder = Rule._compile_builder
    builders = {}

    def compiled_once(rule, append_unknown=True):
        key = (rule.rule, rule.subdomain, rule.host, repr(sorted((rule.defaults or {}).items())),
               append_unknown, rule.merge_slashes, rule.map.host_matching,
               tuple(sorted(rule.map.converters.items())))
        if key not in builders:
            builders[key] = compile_builder(rule, append_unknown)
        return builders[key]

    Rule._compile_builder = compiled_once


builders_compiled_once()

from tests.factories import PASSWORD, csrf_token, make_consultancy, make_tenant, sign_in  # noqa: E402,F401

POSTGRES_URL = os.environ.get("MENTORUP_TEST_POSTGRES_URL", "postgresql://postgres@127.0.0.1:5432/postgres")


def reachable(host, port):
    try:
        socket.create_connection((host, port), timeout=1).close()
        return True
    except OSError:
        return False


# The longest test files, handed to the pytest-xdist workers first (they take whole files, in
# the order collected): collected last, one of them kept a worker busy for a minute and more
# after the other had finished.
LONGEST_FIRST = ("phases/test_oracle.py", "jobs/test_crashes.py", "phases/test_properties.py",
                 "platform/test_templates.py", "platform/test_fuzz.py", "platform/test_cli.py")


def pytest_collection_modifyitems(items):
    def rank(item):
        path = item.nodeid.split("::")[0].removeprefix("tests/")
        return LONGEST_FIRST.index(path) if path in LONGEST_FIRST else len(LONGEST_FIRST)
    items.sort(key=rank)  # stable: every other test keeps its place


@pytest.fixture(scope="session")
def postgres_server():
    if not reachable("127.0.0.1", 5432):
        pytest.skip("PostgreSQL is not reachable at 127.0.0.1:5432: the PostgreSQL variant is skipped")
    return POSTGRES_URL


SWEEPER = "mentorup test sweeper"  # the application name of the connection that drops used schemas

# A database a test has used, made as good as new in one round trip: connections the test left
# open are ended; every tenant schema shaped like the template is emptied, given the template's
# rows and sequence values, and kept as a spare schema for the next tenant made (a rename, where
# a clone of the template is a quarter of a second and dropping one as much again); every other
# schema it made is renamed out of sight for the sweeper to drop; every control table is
# emptied, its ids starting at 1 again. What the migrations made stays: the control tables'
# history and the tenant template schema.
RESET = r"""
SELECT pg_terminate_backend(pid) FROM pg_stat_activity
 WHERE datname = current_database() AND pid <> pg_backend_pid() AND application_name <> '""" + SWEEPER + r"""';
SET session_replication_role = replica;  -- every row goes: no foreign key to check meanwhile
CREATE FUNCTION pg_temp.shape(schema text) RETURNS text LANGUAGE sql STABLE AS $f$
  SELECT string_agg(format('%s %s %s %s', c.relname, c.relkind, a.attname, a.atttypid), ','
                    ORDER BY c.relname, a.attnum)
    || (SELECT string_agg(co.conname, ',' ORDER BY co.conname) FROM pg_constraint co
         JOIN pg_namespace n ON n.oid = co.connamespace WHERE n.nspname = schema)
    FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
    LEFT JOIN pg_attribute a ON a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped
   WHERE n.nspname = schema
$f$;
DO $$
DECLARE name text; template text; shape text; t text; s record;
BEGIN
  SELECT nspname INTO template FROM pg_namespace WHERE nspname LIKE 'template\_tenant\_%' LIMIT 1;
  shape := pg_temp.shape(template);
  FOR name IN SELECT nspname FROM pg_namespace WHERE nspname NOT IN ('public', 'information_schema')
      AND nspname NOT LIKE 'pg\_%' AND nspname NOT LIKE 'template\_tenant\_%' AND nspname NOT LIKE 'used\_%'
      AND nspname NOT LIKE 'spare\_%' LOOP
    IF name LIKE 'tenant\_%' AND pg_temp.shape(name) = shape THEN
      FOR t IN SELECT tablename FROM pg_tables WHERE schemaname = name LOOP
        EXECUTE format('DELETE FROM %I.%I', name, t);
        EXECUTE format('INSERT INTO %I.%I SELECT * FROM %I.%I', name, t, template, t);
      END LOOP;
      FOR s IN SELECT sequencename, start_value, last_value FROM pg_sequences WHERE schemaname = template LOOP
        PERFORM setval(format('%I.%I', name, s.sequencename), coalesce(s.last_value, s.start_value),
                       s.last_value IS NOT NULL);
      END LOOP;
      EXECUTE format('ALTER SCHEMA %I RENAME TO %I', name,
                     'spare_' || substr(template, 17) || '_' || substr(md5(name || clock_timestamp()), 1, 12));
    ELSE
      EXECUTE format('ALTER SCHEMA %I RENAME TO %I', name, 'used_' || md5(name || clock_timestamp()));
    END IF;
  END LOOP;
  FOR name IN SELECT tablename FROM pg_tables WHERE schemaname = 'public' AND tablename <> 'schema_migration' LOOP
    EXECUTE format('DELETE FROM %I', name);
  END LOOP;
  FOR name IN SELECT format('%I', sequencename) FROM pg_sequences
       WHERE schemaname = 'public' AND sequencename <> 'schema_migration_id_seq' LOOP
    PERFORM setval(name, 1, false);
  END LOOP;
END $$;
RESET session_replication_role;
"""

# A few used schemas at a time: dropping one costs as much as making one, so the sweeper does it
# on a connection of its own while the next tests run; what is left goes with the database.
SWEEP = r"""
DO $$
DECLARE name text;
BEGIN
  FOR name IN SELECT nspname FROM pg_namespace WHERE nspname LIKE 'used\_%' LIMIT 4 LOOP
    EXECUTE format('DROP SCHEMA %I CASCADE', name);
  END LOOP;
END $$;
"""


class Sweeper:
    """An asynchronous connection that drops used schemas without making a test wait for it."""

    def __init__(self, url):
        import psycopg2

        self.conn = psycopg2.connect(url, async_=True, application_name=SWEEPER)
        self.wait()
        self.cursor = self.conn.cursor()  # an asynchronous query needs its cursor kept until it ends

    def wait(self):
        import psycopg2.extensions as ext

        while (state := self.conn.poll()) != ext.POLL_OK:
            wanted = ([self.conn], []) if state == ext.POLL_READ else ([], [self.conn])
            select.select(*wanted, [])

    def sweep(self):
        """Start dropping a few used schemas, unless the last sweep is still going."""
        import psycopg2.extensions as ext

        if self.conn.poll() == ext.POLL_OK:
            self.cursor.execute(SWEEP)


@pytest.fixture(scope="session")
def migrated_instance(tmp_path_factory):
    """An instance folder migrated once a session: its control database and the tenant template.
    Every app on SQLite starts from a copy of it instead of running every migration again."""
    folder = tmp_path_factory.mktemp("migrated") / "instance"
    app = create_app({"INSTANCE_PATH": str(folder), "SECRET_KEY": "test-secret"})
    app.extensions["databases"].tenant_template()
    app.extensions["databases"].control.close()  # the last connection: its WAL is folded into the file
    return folder


@pytest.fixture(scope="session")
def migrated_postgres(postgres_server, tmp_path_factory):
    """One PostgreSQL database a session, its control tables migrated and its tenant template
    schema made; every test on PostgreSQL gets it back as it was made (RESET). Making and dropping
    a database for each test cost more than most tests (the drop waits for a checkpoint)."""
    import psycopg2

    name = "mentorup_test_" + uuid.uuid4().hex[:12]
    admin = psycopg2.connect(postgres_server)
    admin.autocommit = True
    admin.cursor().execute(f'CREATE DATABASE "{name}"')
    # A test's database need not outlive a crash: commits need not wait for the disk.
    admin.cursor().execute(f'ALTER DATABASE "{name}" SET synchronous_commit = off')
    url = postgres_server.rsplit("/", 1)[0] + "/" + name
    app = create_app({"INSTANCE_PATH": str(tmp_path_factory.mktemp("postgres") / "instance"), "DATABASE_URL": url})
    with app.app_context():
        app.extensions["databases"].template_schema_sql()
    app.extensions["databases"].release_control()
    app.extensions["databases"].close()
    sweeper = Sweeper(url)
    yield url, sweeper
    sweeper.wait()
    sweeper.conn.close()
    admin.cursor().execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    admin.close()


@pytest.fixture
def postgres_database(migrated_postgres):
    """The session's PostgreSQL database, as good as new."""
    import psycopg2

    url, sweeper = migrated_postgres
    conn = psycopg2.connect(url)
    conn.autocommit = True
    conn.cursor().execute(RESET)
    conn.close()
    sweeper.sweep()
    return url


@pytest.fixture(params=["sqlite", "postgresql"])
def database_url(request):
    """Every test that uses an app runs on SQLite, and again on PostgreSQL when it answers."""
    if request.param == "sqlite":
        return ""
    return request.getfixturevalue("postgres_database")


class CompiledOnce(jinja2.BytecodeCache):
    """Templates compiled once a session, not once an app: compiling them again for each test's
    app was a third of the suite's time. Keyed by name and source checksum, as Jinja's own caches."""

    codes = {}

    def load_bytecode(self, bucket):
        bucket.code = self.codes.get((bucket.key, bucket.checksum))

    def dump_bytecode(self, bucket):
        self.codes[bucket.key, bucket.checksum] = bucket.code


@pytest.fixture
def app(request, tmp_path, database_url):
    if not database_url:
        migrated = request.getfixturevalue("migrated_instance")
        shutil.copytree(migrated, tmp_path / "instance", ignore=lambda folder, names: [] if folder != str(migrated)
                        else [name for name in names if not name.startswith(("control.sqlite3", "templates"))])
    app = create_app({"INSTANCE_PATH": str(tmp_path / "instance"), "DATABASE_URL": database_url,
                      "TESTING": True, "SECRET_KEY": "test-secret", "BASE_URL": "http://localhost",
                      "JOBS_IMMEDIATE": True})
    app.jinja_env.bytecode_cache = CompiledOnce()
    yield app
    app.extensions["databases"].close()


@pytest.fixture
def client(app):
    return app.test_client()


@pytest.fixture
def two_tenants(app):
    """Tenants `alpha` and `beta`, each with an admin and a participant of its own."""
    make_tenant(app, "alpha", [("ada@alpha.example", "Ada Alpha", "admin"),
                               ("max@alpha.example", "Max Alpha", "mentor")])
    make_tenant(app, "beta", [("bea@beta.example", "Bea Beta", "admin"),
                              ("bob@beta.example", "Bob Beta", "mentee")])
    return "alpha", "beta"


# A tenant `acme` with an admin, a mentor (Maya) and a mentee (Robert); and a tenant `other`
# (Otto, its admin, and Olga) for the test modules that name it anywhere, which is every module
# with a cross-tenant test: a second tenant is a PostgreSQL schema made and dropped per test,
# and most of the tests that use `acme` never look at another tenant.
@pytest.fixture
def acme(app, request):
    make_tenant(app, "acme", [("hr@acme.example", "Hana HR", "admin"),
                              ("maya@acme.example", "Maya Chen", "mentor"),
                              ("robert@acme.example", "Robert Okafor", "mentee")])
    if names_the_other_tenant(request.module.__file__):
        make_tenant(app, "other", [("hr@other.example", "Otto Other", "admin"),
                                   ("olga@other.example", "Olga Other", "mentor")])
    return "acme"


@functools.lru_cache(maxsize=None)
def names_the_other_tenant(path):
    """Whether a test module mentions the tenant `other` ("other", /t/other/, other.example)."""
    return bool(re.search(r"""["'/]other["'/]|other\.example""", Path(path).read_text()))


@pytest.fixture
def maya(client, acme):
    assert sign_in(client, "/t/acme/login", "maya@acme.example").status_code == 302
    return client


@pytest.fixture
def admin(client, acme):
    assert sign_in(client, "/t/acme/login", "hr@acme.example").status_code == 302
    return client


# The same programme at 20 and at 200 participants (saas.demo.sized_programme), for the pages
# whose number of queries must not grow with the tenant.
@pytest.fixture
def small_and_large(app):
    from tests.factories import sized_tenant

    return {slug: sized_tenant(app, slug, size) for slug, size in (("small", 20), ("large", 200))}
