"""Background work, declared one way and listed in one registry per plane.

    @job()                         # run_import.queue(batch_id): in the background, for this tenant
    def run_import(batch_id): ...  # run_import(batch_id): now, in the caller's scope

    @job(every="0 8 * * 1")        # minute hour day month weekday: for every active tenant
    def remind_stalled(): ...

The platform's worker runs a product job inside the scope of the tenant that queued it.
"""
from dataclasses import dataclass
from typing import Callable

from tenants import platform

IN_THE_BACKGROUND_FROM = 500  # people or rows: less than this is done while the person waits

JOBS = {}  # name -> Job: every job of the product


@dataclass(frozen=True)
class Job:
    name: str
    run: Callable
    every: str | None = None  # a cron schedule, or None: only when queued
    retries: int = 0
    for_tenant: bool = True  # runs in the scope of the tenant that queued it (or, when scheduled, of each)

    def __call__(self, *args, **kwargs):
        return self.run(*args, **kwargs)

    def queue(self, *args):
        return platform.queue_job(self, *args)


def job(every=None, retries=0, registry=JOBS, for_tenant=True):
    """Declare `fn` a job in `registry` (the product's, unless the platform says otherwise)."""
    def declare(fn):
        name = f"{fn.__module__}.{fn.__name__}"
        if name in registry:
            raise ValueError(f"two jobs are called {name}")
        registry[name] = Job(name, fn, every, retries, for_tenant)
        return registry[name]
    return declare
