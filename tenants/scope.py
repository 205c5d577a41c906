"""The tenant a piece of work runs for: its database and the facts the platform lends it.

The binding lives in a context variable, so each thread (and each job) sees only the
tenant it entered; nothing is swapped on a class. Outside a scope every query raises.
"""
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass, field

import peewee


class OutsideTenantScope(RuntimeError):
    """A tenant query ran where no tenant was bound."""


@dataclass(frozen=True)
class Tenant:
    """What the product may know of its tenant; the platform fills it in."""
    slug: str
    name: str
    branding: dict = field(default_factory=dict)
    read_only: bool = False  # every page can be read and exported, nothing changed
    seat_limit: int | None = None  # participants it may have (invited or active); None: no limit
    seat_limit_note: str = ""  # where the limit comes from and who can raise it, in a sentence


_bound = ContextVar("tenant", default=None)


class ContextDatabase(peewee.DatabaseProxy):
    """Stands for whichever database the current context is bound to; `find()` says which,
    or None where there is none, and then every use raises `outside`."""
    __slots__ = ()
    outside = RuntimeError

    def __init__(self):
        object.__setattr__(self, "_callbacks", [])

    def find(self):
        raise NotImplementedError

    @property
    def obj(self):
        return self.find()

    def __getattr__(self, attr):
        db = self.find()
        if db is None:
            raise self.outside(f"database used outside its scope ({attr})")
        return getattr(db, attr)

    def __enter__(self):
        return self.__getattr__("__enter__")()

    def __exit__(self, *exc):
        return self.__getattr__("__exit__")(*exc)


class TenantDatabase(ContextDatabase):
    """Stands for the database of whichever tenant the current context is bound to."""
    __slots__ = ()
    outside = OutsideTenantScope

    def find(self):
        bound = _bound.get()
        return bound[1] if bound else None


database = TenantDatabase()


@contextmanager
def bound(tenant, db):
    """Bind `tenant` and its peewee database for the duration of the block.

    A connection opened inside the block is closed when it ends; one that was open
    before (a nested scope of the same tenant) is left open.
    """
    token = _bound.set((tenant, db))
    was_closed = db.is_closed()
    try:
        yield tenant
    finally:
        if was_closed and not db.is_closed():
            db.close()
        _bound.reset(token)


def current_tenant():
    """The tenant bound to this context, or raise OutsideTenantScope."""
    bound_now = _bound.get()
    if bound_now is None:
        raise OutsideTenantScope("no tenant is bound here")
    return bound_now[0]


def in_tenant_scope():
    return _bound.get() is not None
