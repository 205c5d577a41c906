"""Background work, declared one way and listed in one registry per plane.

    @job()                         # run_import.queue(batch_id): in the background, for this tenant
    def run_import(batch_id): ...  # run_import(batch_id): now, in the caller's scope

    @job(every="0 8 * * 1")        # minute hour day month weekday: for every active tenant
    def remind_stalled(): ...

    @job(retries=2, on_failure=import_failed, refusals=(ImportProblem,))

The platform's worker runs a product job inside the scope of the tenant that queued it. A job
may run again: after an error (`retries`) or when its worker died mid-way, so write it to pick
up where it stopped (and send each email under a key, so nobody gets it twice). When it fails
for good, `on_failure(*args, problem=sentence)` marks its work failed, in words for the user.
"""
from dataclasses import dataclass
from typing import Callable

from tenants import platform

IN_THE_BACKGROUND_FROM = 500  # people or rows: less than this is done while the person waits

JOBS = {}  # name -> Job: every job of the product


class WorkerStopped(RuntimeError):
    """The worker running a job stopped (killed, crashed, cut off) before the job ended."""


@dataclass(frozen=True)
class Job:
    name: str
    run: Callable
    every: str | None = None  # a cron schedule, or None: only when queued
    retries: int = 0  # further attempts after an error or a stopped worker
    for_tenant: bool = True  # runs in the scope of the tenant that queued it (or, when scheduled, of each)
    on_failure: Callable | None = None  # on_failure(*args, problem=sentence): after the last attempt
    refusals: tuple = ()  # exception types whose message is for the user: no retry, the job ends there

    def __call__(self, *args, **kwargs):
        try:
            return self.run(*args, **kwargs)
        except Exception as error:
            if self.on_failure:
                self.on_failure(*args, problem=self.problem(error))
            raise

    def queue(self, *args):
        return platform.queue_job(self, *args)

    def problem(self, error):
        """What went wrong, in a sentence for the person who asked for the work."""
        if isinstance(error, self.refusals):
            return str(error)
        if isinstance(error, WorkerStopped):
            return "The background worker doing it stopped before it was done."
        return "It stopped on an error on our side, which is logged for our engineers."


def job(every=None, retries=0, registry=JOBS, for_tenant=True, on_failure=None, refusals=()):
    """Declare `fn` a job in `registry` (the product's, unless the platform says otherwise)."""
    def declare(fn):
        name = f"{fn.__module__}.{fn.__name__}"
        if name in registry:
            raise ValueError(f"two jobs are called {name}")
        registry[name] = Job(name, fn, every, retries, for_tenant, on_failure, tuple(refusals))
        return registry[name]
    return declare
