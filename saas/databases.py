"""Where the control database and each tenant's database live, and how they are opened.

SQLite (default): `control.sqlite3` and one file per tenant under the instance folder.
PostgreSQL (`DATABASE_URL=postgresql://...`): the control tables in `public`, one schema
per tenant, all on one shared pool whose connections get `search_path` set on checkout
and reset on return.
"""
import contextlib
import os
import queue
import re
import resource
import shutil
import threading
import uuid
from collections import Counter, OrderedDict
from pathlib import Path
from urllib.parse import urlsplit

import peewee
import psycopg2

from saas.config import IDLE_CONNECTIONS, ConfigError
from saas.schema import fingerprint, migrate, schema_sql

# Per connection; the busy timeout is sqlite3.connect's own `timeout` (5 s, peewee's default).
SQLITE_PRAGMAS = {"foreign_keys": 1, "synchronous": "normal"}
# Every transaction takes the write lock at BEGIN, waiting its turn for up to the busy timeout.
# A deferred one that has read cannot wait for it: SQLite refuses its first write at once while
# another connection writes (a 503 for a participant saving a charter beside any other writer).
# Each transaction here exists to write, so none takes the lock it did not need.
SQLITE_LOCK = "IMMEDIATE"
# Tenant files keep SQLite's rollback journal rather than WAL. A request to a tenant whose file
# is not open yet opens it, and a WAL file costs twice as much to open and to close (its
# shared-memory index is made, recovered and removed each time): with 10,000 tenants most
# requests find their file closed. The price is paid by writers: a commit waits for the disk
# (a few ms) and, while it writes, readers wait. A writer keeps its changes in memory until it
# commits (no cache spill), so a long transaction does not lock readers out meanwhile.
TENANT_PRAGMAS = {**SQLITE_PRAGMAS, "cache_spill": 0}
SCHEMA_RE = re.compile(r"^[a-z][a-z0-9_]{0,62}$")
# Tenant schemas made ahead on PostgreSQL (saas.provisioning.keep_spare_schemas), so that a new
# client's schema is a rename: a clone of the template is 250 DDL statements, a quarter second.
SPARE_SCHEMAS = 4
# peewee database objects a process remembers, one per tenant; they hold no files.
KNOWN_TENANTS = 10_000


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


def idle_connections_limit(wanted=IDLE_CONNECTIONS):
    """`wanted`, the process's open-file limit raised to four times that where the system
    allows it (1,024 is a common default); where it does not, a quarter of the limit."""
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    room = 4 * wanted
    if soft != resource.RLIM_INFINITY and soft < room:
        soft = room if hard == resource.RLIM_INFINITY else min(room, hard)
        resource.setrlimit(resource.RLIMIT_NOFILE, (soft, hard))
    return wanted if soft == resource.RLIM_INFINITY else max(1, min(wanted, soft // 4))


class IdleConnections:
    """Open SQLite connections that no request is using, kept per tenant for the next request
    to it. Beyond `limit` the least recently used are closed, but a tenant used less often
    lately than that one is not let in: a pass over every tenant (a crawler, a report) leaves
    the busy ones open. Connections lent out count against the limit, so that a newcomer does
    not take the place of one that is coming back."""

    def __init__(self, limit):
        self.limit, self.count = limit, 0
        self._by_tenant = OrderedDict()  # slug -> [connections]; least recently used first
        self._lent = set()  # connections taken from here and not given back yet
        self._uses = Counter()  # connections given back per tenant lately: halved every 10 * limit
        self._given = 0
        self._lock = threading.Lock()

    def take(self, slug):
        with self._lock:
            connections = self._by_tenant.get(slug)
            if not connections:
                return None
            self.count -= 1
            if len(connections) == 1:
                del self._by_tenant[slug]
            conn = connections.pop()
            self._lent.add(conn)
            return conn

    def give_back(self, slug, conn):
        closing = []
        with self._lock:
            returning = conn in self._lent
            self._lent.discard(conn)
            if conn.in_transaction:  # work that failed half-way: never hand that on
                closing.append(conn)
            else:
                self._keep(slug, conn, returning, closing)
        for old in closing:
            old.close()

    def _keep(self, slug, conn, returning, closing):
        self._uses[slug] += 1
        self._given += 1
        if self._given >= 10 * self.limit:
            self._uses, self._given = Counter({key: n // 2 for key, n in self._uses.items() if n > 1}), 0
        newcomer = not returning and slug not in self._by_tenant
        if newcomer and self._by_tenant and self.count + len(self._lent) >= self.limit and \
                self._uses[slug] <= self._uses[next(iter(self._by_tenant))]:
            closing.append(conn)
            return
        self._by_tenant.setdefault(slug, []).append(conn)
        self._by_tenant.move_to_end(slug)
        self.count += 1
        while self.count > self.limit:
            oldest = next(iter(self._by_tenant))
            closing.append(self._by_tenant[oldest].pop(0))
            self.count -= 1
            if not self._by_tenant[oldest]:
                del self._by_tenant[oldest]

    def close(self, slug=None):
        """Close the idle connections of tenant `slug`, or of every tenant."""
        with self._lock:
            slugs = [slug] if slug is not None else list(self._by_tenant)
            closing = [conn for one in slugs for conn in self._by_tenant.pop(one, [])]
            self.count -= len(closing)
        for conn in closing:
            conn.close()


class TenantFile(peewee.SqliteDatabase):
    """One tenant's SQLite file. Its connections come from, and go back to, the process's idle
    connections, so a tenant nobody is using holds no file open."""

    def __init__(self, slug, path, idle):
        self.slug, self.idle = slug, idle
        # mode=rw: a tenant whose file is gone fails loudly instead of coming back empty.
        super().__init__(f"file:{path}?mode=rw", uri=True, pragmas=TENANT_PRAGMAS, lock_type=SQLITE_LOCK,
                         check_same_thread=False)

    def _connect(self):
        return self.idle.take(self.slug) or super()._connect()

    def _close(self, conn):
        self.idle.give_back(self.slug, conn)

    def close_idle(self):
        """Close this tenant's idle connections, as if this process had never opened its file."""
        self.idle.close(self.slug)


class Databases:
    """Opens the control database and hands out tenant databases, one object per tenant.

    A new tenant starts as a copy of a migrated template: a file on SQLite; on PostgreSQL, a
    spare schema renamed, or else the template schema's SQL run in one round trip.
    """

    def __init__(self, database_url, instance_path, idle_connections=IDLE_CONNECTIONS):
        self.url = database_url
        self.instance = Path(instance_path)
        self._tenants = OrderedDict()
        self._lock = threading.Lock()
        self._schema_sql = None  # (fingerprint, SQL) of the PostgreSQL template schema
        self.postgres = database_url.startswith(("postgres://", "postgresql://"))
        if self.postgres:
            self._pool = ConnectionPool(database_url)
            self.control = SchemaDatabase(self._pool, "public", urlsplit(database_url).path[1:])
        elif database_url and not database_url.startswith("sqlite"):
            raise ConfigError(f"DATABASE_URL must be postgresql://… or empty, not {scheme(database_url)}")
        else:
            self._idle = IdleConnections(idle_connections_limit(idle_connections))
            path = database_url.split("///", 1)[1] if database_url else self.instance / "control.sqlite3"
            self.control = peewee.SqliteDatabase(str(path), pragmas={**SQLITE_PRAGMAS, "journal_mode": "wal"},
                                                 lock_type=SQLITE_LOCK)

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
                db = self._tenants[slug] = (
                    SchemaDatabase(self._pool, schema_name(slug), self.control.database) if self.postgres
                    else TenantFile(slug, self.tenant_file(slug), self._idle))
                if len(self._tenants) > KNOWN_TENANTS:
                    self._tenants.popitem(last=False)
            else:
                self._tenants.move_to_end(slug)
        return db

    def tenant_file(self, slug):
        return self.instance / "tenants" / f"{slug}.sqlite3"

    def create_tenant_storage(self, slug):
        """Create the tenant's file or schema as a copy of the migrated template; refuse if one
        is already there."""
        if self.postgres:
            if not self._take_spare_schema(schema_name(slug)):
                self._clone_template_schema(schema_name(slug))
            return
        while True:
            template = self.tenant_template()
            try:
                source = open(template, "rb")
            except FileNotFoundError:  # removed as stale by a process that runs other migrations
                continue
            with source, open(self.tenant_file(slug), "xb") as copy:
                shutil.copyfileobj(source, copy)
            return

    def tenant_template(self):
        """The migrated file every new SQLite tenant is a copy of, made if missing. Its name
        carries the fingerprint of the migrations, so new migrations make a new one."""
        folder = self.instance / "templates"
        template = folder / f"tenant-{fingerprint('tenant')}.sqlite3"
        if template.exists():
            return template
        folder.mkdir(exist_ok=True)
        # Made under a name of its own, then moved into place in one step: two processes may
        # both make one, and nobody copies half of a template.
        scratch = folder / f"scratch-{uuid.uuid4().hex}.sqlite3"
        try:
            made = peewee.SqliteDatabase(str(scratch), pragmas=TENANT_PRAGMAS)
            migrate(made, "tenant")
            with made.connection_context():
                made.execute_sql("VACUUM")  # not the pages migrations freed (dropped indexes) in every copy
            os.replace(scratch, template)
        finally:
            for path in (scratch, scratch.with_name(scratch.name + "-journal")):
                path.unlink(missing_ok=True)
        for stale in folder.glob("tenant-*.sqlite3"):
            if stale != template:
                stale.unlink(missing_ok=True)
        return template

    @contextlib.contextmanager
    def _own_cursor(self):
        """A cursor on a pooled connection of its own, outside any transaction of the caller's;
        the caller writes BEGIN and COMMIT. What fails is rolled back, and a broken connection
        is closed rather than pooled."""
        conn = self._pool.getconn()
        broken = True
        try:
            conn.autocommit = True
            with conn.cursor() as cursor:
                try:
                    yield cursor
                except psycopg2.Error:
                    cursor.execute("ROLLBACK")
                    raise
            broken = False
        finally:
            self._pool.putconn(conn, close=broken)

    def _clone_template_schema(self, schema):
        """Make `schema` a copy of the template schema: one round trip, all or nothing."""
        sql = self.template_schema_sql()
        with self._own_cursor() as cursor:
            cursor.execute(f'BEGIN; CREATE SCHEMA "{schema}"; SET LOCAL search_path TO "{schema}";\n{sql};\nCOMMIT')

    def _spare_prefix(self):
        """Spare schemas are named for the migrations they were made with, like the template."""
        return f"spare_{fingerprint('tenant')}_"

    def _take_spare_schema(self, schema):
        """Rename a spare schema (of the current migrations) to `schema`: a new tenant's schema in
        a millisecond rather than a quarter of a second of DDL. False if there is none."""
        with self._own_cursor() as cursor:
            cursor.execute("BEGIN; SELECT pg_advisory_xact_lock(hashtext('mentorup spare schemas'))")
            cursor.execute("SELECT nspname FROM pg_namespace WHERE starts_with(nspname, %s) LIMIT 1",
                           (self._spare_prefix(),))
            spare = cursor.fetchone()
            if spare:
                cursor.execute(f'ALTER SCHEMA "{spare[0]}" RENAME TO "{schema}"')
            cursor.execute("COMMIT")
        return spare is not None

    def make_spare_schemas(self, wanted=SPARE_SCHEMAS):
        """Clone the template until `wanted` spare schemas wait for new tenants (PostgreSQL);
        returns how many were made. Two makers at once may leave a spare or two more: harmless."""
        prefix = self._spare_prefix()  # a template of new migrations drops the spares of the old ones
        with self._own_cursor() as cursor:
            cursor.execute("SELECT count(*) FROM pg_namespace WHERE starts_with(nspname, %s)", (prefix,))
            waiting, = cursor.fetchone()
        for _ in range(wanted - waiting):
            self._clone_template_schema(prefix + uuid.uuid4().hex[:12])
        return max(wanted - waiting, 0)

    def template_schema_sql(self):
        """The SQL that rebuilds the migrated template schema, made if missing. Its name
        carries the fingerprint of the migrations, so new migrations make a new one."""
        key = fingerprint("tenant")
        if self._schema_sql is None or self._schema_sql[0] != key:
            name = f"template_tenant_{key}"  # never a tenant's: those start with tenant_
            template = SchemaDatabase(self._pool, name, self.control.database)
            with template.connection_context():
                with template.atomic():
                    # One process makes the template; any other waits here, then finds it made.
                    template.execute_sql("SELECT pg_advisory_xact_lock(hashtext(%s))", (name,))
                    if not template.execute_sql("SELECT 1 FROM pg_namespace WHERE nspname = %s", (name,)).fetchone():
                        template.execute_sql(f'CREATE SCHEMA "{name}"')
                        migrate(template, "tenant")
                        stale = template.execute_sql(  # the templates and spares of other migrations
                            r"SELECT nspname FROM pg_namespace WHERE (nspname LIKE 'template\_tenant\_%%' "
                            r"AND nspname <> %s) OR (nspname LIKE 'spare\_%%' AND NOT starts_with(nspname, %s))",
                            (name, f"spare_{key}_"))
                        for old, in stale.fetchall():
                            template.execute_sql(f'DROP SCHEMA "{old}" CASCADE')
                self._schema_sql = (key, schema_sql(template.cursor()))
        return self._schema_sql[1]

    def drop_tenant_storage(self, slug):
        """Remove the tenant's file (and any journal) or schema, for good."""
        with self._lock:
            self._tenants.pop(slug, None)
        if self.postgres:
            self.control.execute_sql(f'DROP SCHEMA IF EXISTS "{schema_name(slug)}" CASCADE')
        else:
            self._idle.close(slug)
            base = self.tenant_file(slug)
            for path in [base] + [base.with_name(base.name + end) for end in ("-journal", "-wal", "-shm")]:
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
        else:
            self._idle.close()


def schema_name(slug):
    return "tenant_" + slug.replace("-", "_")


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
