"""Where the control database and each tenant's database live, and how they are opened.

SQLite (default): `control.sqlite3` and one file per tenant under the instance folder.
PostgreSQL (`DATABASE_URL=postgresql://...`): the control tables in `public`, one schema
per tenant, all on one shared pool whose connections get `search_path` set on checkout
and reset on return.
"""
import queue
import re
import resource
import sqlite3
import threading
from collections import OrderedDict
from pathlib import Path
from urllib.parse import urlsplit

import peewee
import psycopg2
from playhouse.migrations import Runner
from playhouse.pool import PooledSqliteDatabase

from saas.config import ROOT, ConfigError

# Per connection. WAL is set once, when a file is created: it is stored in the file.
SQLITE_PRAGMAS = {"foreign_keys": 1, "busy_timeout": 5000, "synchronous": "normal"}
SCHEMA_RE = re.compile(r"^[a-z][a-z0-9_]{0,62}$")
MIGRATIONS = {"control": ROOT / "saas" / "migrations", "tenant": ROOT / "tenants" / "migrations"}


class ConnectionPool:
    """Open PostgreSQL connections kept for reuse, shared by the control and tenant schemas.

    At most `size` are out at once; a caller waits up to `timeout` seconds for one.
    """

    def __init__(self, dsn, size=32, timeout=30):
        self.dsn, self.timeout = dsn, timeout
        self._idle = queue.LifoQueue()
        self._slots = threading.BoundedSemaphore(size)

    def getconn(self):
        if not self._slots.acquire(timeout=self.timeout):
            raise peewee.OperationalError("every database connection is busy; try again")
        try:
            while True:
                try:
                    conn = self._idle.get_nowait()
                except queue.Empty:
                    return psycopg2.connect(self.dsn)
                if not conn.closed:
                    return conn
        except BaseException:
            self._slots.release()
            raise

    def putconn(self, conn, close=False):
        if close or conn.closed:
            conn.close()
        else:
            self._idle.put(conn)
        self._slots.release()

    def closeall(self):
        while not self._idle.empty():
            self._idle.get_nowait().close()


class SchemaDatabase(peewee.PostgresqlDatabase):
    """One PostgreSQL schema, on connections borrowed from a pool shared by all schemas."""

    def __init__(self, pool, schema, dbname):
        if not SCHEMA_RE.match(schema):
            raise ValueError(f"invalid schema name {schema!r}")
        self.pool, self.schema = pool, schema
        super().__init__(dbname)

    def _connect(self):
        conn = self.pool.getconn()
        conn.autocommit = True
        with conn.cursor() as cursor:
            cursor.execute(f'SET search_path TO "{self.schema}"')
        return conn

    def _close(self, conn):
        broken = conn.closed or conn.info.transaction_status not in (
            psycopg2.extensions.TRANSACTION_STATUS_IDLE,)
        if not broken:
            with conn.cursor() as cursor:
                cursor.execute("RESET search_path")
        self.pool.putconn(conn, close=bool(broken))


def open_tenants_limit():
    """How many tenants may keep connections open in one process, from the file-handle limit.

    A WAL connection holds three files; allow a few connections per tenant and keep a
    margin for sockets. Tenants beyond the limit have their idle connections closed.
    """
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    if soft < hard:
        resource.setrlimit(resource.RLIMIT_NOFILE, (hard, hard))
        soft = hard
    return max(16, min(2000, (soft - 512) // 9))


class Databases:
    """Opens the control database and hands out tenant databases, one object per tenant.

    Opening a SQLite connection (with its WAL files) costs more than a whole request, so
    each tenant's connections are pooled and reused, for the most recently used tenants.
    """

    def __init__(self, database_url, instance_path):
        self.url = database_url
        self.instance = Path(instance_path)
        self._tenants = OrderedDict()
        self._lock = threading.Lock()
        self._open_limit = open_tenants_limit()
        self.postgres = database_url.startswith(("postgres://", "postgresql://"))
        if self.postgres:
            self._pool = ConnectionPool(database_url)
            self.control = SchemaDatabase(self._pool, "public", urlsplit(database_url).path[1:])
        elif database_url and not database_url.startswith("sqlite"):
            raise ConfigError(f"DATABASE_URL must be postgresql://… or empty, not {scheme(database_url)}")
        else:
            path = database_url.split("///", 1)[1] if database_url else self.instance / "control.sqlite3"
            self.control = peewee.SqliteDatabase(str(path), pragmas={**SQLITE_PRAGMAS, "journal_mode": "wal"})

    def check(self):
        """Fail with one line if the control database cannot be reached."""
        self.instance.mkdir(parents=True, exist_ok=True)
        try:
            if self.postgres:
                self._pool.putconn(self._pool.getconn())
            else:
                (self.instance / "tenants").mkdir(exist_ok=True)
                self.control.connect(reuse_if_open=True)
                self.control.close()
        except (psycopg2.Error, peewee.OperationalError) as error:
            first_line = str(error).strip().splitlines()[0] if str(error).strip() else type(error).__name__
            raise ConfigError(f"cannot reach the control database ({redacted(self.url)}): {first_line}")

    def release_control(self):
        """End of a request: give a PostgreSQL connection back to the pool. A SQLite
        connection stays open for the thread's next request."""
        if self.postgres and not self.control.is_closed():
            self.control.close()

    def tenant(self, slug):
        """The peewee database of the tenant `slug` (which must be a valid slug)."""
        with self._lock:
            db = self._tenants.get(slug)
            if db is None:
                db = self._tenants[slug] = self._open_tenant(slug)
                if len(self._tenants) > self._open_limit:
                    _, oldest = self._tenants.popitem(last=False)
                    if not self.postgres:
                        oldest.close_idle()
            else:
                self._tenants.move_to_end(slug)
        return db

    def _open_tenant(self, slug):
        if self.postgres:
            return SchemaDatabase(self._pool, schema_name(slug), self.control.database)
        # mode=rw: a tenant whose file is gone fails loudly instead of coming back empty.
        return PooledSqliteDatabase(f"file:{self.tenant_file(slug)}?mode=rw", uri=True, pragmas=SQLITE_PRAGMAS,
                                    max_connections=None, stale_timeout=3600, check_same_thread=False)

    def tenant_file(self, slug):
        return self.instance / "tenants" / f"{slug}.sqlite3"

    def create_tenant_storage(self, slug):
        """Create the tenant's empty file or schema; refuse if one is already there."""
        if self.postgres:
            self.control.execute_sql(f'CREATE SCHEMA "{schema_name(slug)}"')
            return
        if self.tenant_file(slug).exists():
            raise FileExistsError(f"{self.tenant_file(slug).name} already exists")
        with sqlite3.connect(self.tenant_file(slug)) as conn:
            conn.execute("PRAGMA journal_mode=wal")
        conn.close()

    def drop_tenant_storage(self, slug):
        """Remove the tenant's file (and its WAL) or schema, for good."""
        with self._lock:
            db = self._tenants.pop(slug, None)
        if db is not None and not self.postgres:
            db.close_all()
        if self.postgres:
            self.control.execute_sql(f'DROP SCHEMA IF EXISTS "{schema_name(slug)}" CASCADE')
        else:
            base = self.tenant_file(slug)
            for path in (base, base.with_name(base.name + "-wal"), base.with_name(base.name + "-shm")):
                path.unlink(missing_ok=True)

    def tenant_storage_exists(self, slug):
        if self.postgres:
            cursor = self.control.execute_sql(
                "SELECT 1 FROM information_schema.schemata WHERE schema_name = %s",
                (schema_name(slug),))
            return cursor.fetchone() is not None
        return self.tenant_file(slug).exists()

    def close(self):
        if self.postgres:
            self._pool.closeall()


def schema_name(slug):
    return "tenant_" + slug.replace("-", "_")


def migrate(db, kind):
    """Apply the pending migrations of `kind` ("control" or "tenant") to `db`."""
    with db.connection_context():
        return Runner(db, str(MIGRATIONS[kind])).up()


def scheme(url):
    return url.split(":", 1)[0] + "://…"


def redacted(url):
    """The URL without its password, fit for an error message."""
    if not url:
        return "SQLite in the instance folder"
    parts = urlsplit(url)
    host = parts.hostname or ""
    port = f":{parts.port}" if parts.port else ""
    return f"{parts.scheme}://{host}{port}{parts.path}"
