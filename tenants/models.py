"""The tenant database's models. Each capability adds its own models next to its logic."""
import datetime
from contextlib import contextmanager

import peewee

from tenants.scope import database


def now():
    return datetime.datetime.now(datetime.timezone.utc).replace(tzinfo=None)


class TenantModel(peewee.Model):
    """A table of every tenant's database. A foreign key that a longer index of its table starts
    with says `index=False`: that index serves its lookups (tenant migration 0093)."""

    class Meta:
        database = database
        legacy_table_names = False

    @classmethod
    @contextmanager
    def alone(cls):
        """A transaction beside which no other `alone()` of this table runs, so that what it
        reads to decide and what it writes are one step: of two at once, the second waits and
        then reads what the first wrote. PostgreSQL: a lock on the table that conflicts with
        itself and holds back other writes to the table until it commits (keep it short: an import
        holds it while it adds its people); SQLite: the database's write lock from BEGIN on."""
        db = database.obj
        if isinstance(db, peewee.PostgresqlDatabase):
            with db.atomic():
                db.execute_sql(f'LOCK TABLE "{cls._meta.table_name}" IN SHARE ROW EXCLUSIVE MODE')
                yield
        else:
            with db.atomic(lock_type="IMMEDIATE"):
                yield


class BuiltByJob(TenantModel):
    """A file that a job builds on request: a cohort's certificates in a zip, a programme report.

    `running` holds a key (which cohort, which kind of report) while it is queued or running,
    and is unique: a second request for the same key finds it instead of starting another. A
    job whose worker died shows no sign of life (`touched`); asked for again after STALE, it is
    queued again, and the job picks up where it stopped."""
    STALE = datetime.timedelta(minutes=5)

    requested_by = peewee.CharField()
    running = peewee.CharField(null=True, unique=True)
    status = peewee.CharField(default="queued")  # queued → running → done | failed
    file = peewee.CharField(null=True)
    created = peewee.DateTimeField(default=now)
    touched = peewee.DateTimeField(default=now)  # the job's last sign of life
    finished = peewee.DateTimeField(null=True)

    @classmethod
    def start_or_join(cls, key, build, **fields):
        """The one queued or running under `key`, queued again if its worker died, or a new
        one, queued on `build` (the job, given its id)."""
        try:
            with database.atomic():
                made = cls.create(running=key, **fields)
        except peewee.IntegrityError:
            found = cls.get(cls.running == key)
            if found.touched < now() - cls.STALE and cls.update(touched=now(), status="queued").where(
                    cls.id == found.id, cls.touched == found.touched).execute():
                build.queue(found.id)
            return cls.get_by_id(found.id)
        build.queue(made.id)
        return cls.get_by_id(made.id)  # done already when jobs run inline

    @classmethod
    def touch(cls, built_id, **changes):
        """A sign of life from the job, with what it changed."""
        cls.update(touched=now(), **changes).where(cls.id == built_id).execute()

    @property
    def stale(self):
        """Queued or running, and silent for STALE: its worker died."""
        return self.status in ("queued", "running") and self.touched < now() - self.STALE


def every_model(base=TenantModel):
    """Every model below `base` with a table of its own: BuiltByJob is only a base of models."""
    for model in base.__subclasses__():
        if model is not BuiltByJob:
            yield model
        yield from every_model(model)


class Compiled:
    """A query whose SQL peewee writes once per kind of database and then only runs with new
    values: writing a query's SQL costs peewee 0.1 to 1 ms, more than SQLite takes to run it,
    and the queries that every page (or the busiest one) makes add up to a good part of its time.

    `build(*values)` must give the same SQL whatever the values, which must be integers,
    strings or datetimes that only ever appear as the query's parameters (compared with a column, not used
    as a LIMIT or in Python). Calling gives the rows as `build(*values)` would: model instances
    for a model's query, else a cursor of tuples.
    """

    def __init__(self, build):
        self.build, self.written = build, {}

    def __call__(self, *values):
        kind = type(database.obj)  # SQLite and PostgreSQL each write SQL their own way
        if kind not in self.written:
            self.written[kind] = self.write(values)
        model, sql, params, slots = self.written[kind]
        filled = [param if slot is None else values[slot] for param, slot in zip(params, slots)]
        return model.raw(sql, *filled) if model else database.execute_sql(sql, filled)

    def write(self, values):
        """The SQL, written with a marker for each value, and which parameter takes which value."""
        markers = [marker(value, n) for n, value in enumerate(values)]
        query = self.build(*markers)
        sql, params = query.sql()
        slots = [markers.index(param) if param in markers else None for param in params]
        if sorted(set(slot for slot in slots if slot is not None)) != list(range(len(values))):
            raise ValueError("every value must be a parameter of the query")
        return getattr(query, "model", None), sql, params, slots


def marker(value, n):
    """A value of `value`'s type that no query holds by chance, the `n`th of its kind."""
    if isinstance(value, datetime.datetime):
        return datetime.datetime(1901, 2, 3) + datetime.timedelta(microseconds=7 + n)
    return f"\0marker {n}" if isinstance(value, str) else -(7_070_707_070_000 + n)
