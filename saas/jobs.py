"""Background jobs on huey, one queue per app: SqliteHuey in the instance folder, or RedisHuey
with REDIS_URL. The app registers the platform's jobs (declared here with `job`) and the
product's (tenants.product); a product job runs inside the scope of the tenant it was
queued for, exactly as a request of that tenant would.

huey forgets a task whose worker is killed while it runs, so every queued job is also a row of
the control database (JobRun) and huey carries only its id. A worker claims the row before it
runs the job and holds a lease on it, renewed while the job runs; a keeper thread in every
consumer renews its own leases and sweeps: it takes back the runs whose lease ran out and
queues them again or, after their last attempt, marks them failed and lets the job say so
(`on_failure`). So no job is lost with its worker: it runs again, or its work says it failed.
"""
import contextvars
import datetime
import functools
import logging
import os
import pickle
import socket
import sqlite3
import threading
import time
from pathlib import Path
from urllib.parse import urlsplit

import peewee
import redis
from flask import current_app
from huey import RedisHuey, SqliteHuey, crontab

import tenants.jobs
from saas.config import ConfigError
from saas.control import JobRun, Tenant, control_db, now
from saas.tenancy import TenantUnavailable, tenant_scope
from tenants.scope import current_tenant

log = logging.getLogger(__name__)

PLATFORM_JOBS = {}  # name -> tenants.jobs.Job: the platform's own jobs

# The platform's jobs run in an app context, not in a tenant's scope (they may open several).
job = functools.partial(tenants.jobs.job, registry=PLATFORM_JOBS, for_tenant=False)

# The run a job is running as, in its worker (mail keys its messages by it).
current_run = contextvars.ContextVar("current_run", default=None)

# Finished runs are kept a while to look into: the failed ones longer.
KEEP_DONE = datetime.timedelta(days=1)
KEEP_FAILED = datetime.timedelta(days=14)


def make_huey(settings):
    """The queue the settings ask for."""
    if settings["REDIS_URL"]:
        # Give up on an unreachable Redis in seconds; reads block for 1 s at most (huey's default).
        pool = redis.ConnectionPool.from_url(settings["REDIS_URL"], socket_connect_timeout=5, socket_timeout=10)
        return RedisHuey(settings.get("JOBS_QUEUE", "mentorup"), connection_pool=pool)
    instance = Path(settings["INSTANCE_PATH"])
    instance.mkdir(parents=True, exist_ok=True)
    return SqliteHuey(settings.get("JOBS_QUEUE", "mentorup"), filename=str(instance / "jobs.sqlite3"),
                      factory=SyncedLikeOurs)


class SyncedLikeOurs(sqlite3.Connection):
    """huey's SQLite connection, synced as our databases are (WAL, synchronous=normal: at
    checkpoints, not at every commit). Every job is a row in the control database anyway, and
    huey's default, a disk sync per message, cost more than sending the email."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.execute("pragma synchronous=normal")


def check_redis(url):
    """Fail with one line if Redis (when REDIS_URL names one) cannot be reached."""
    if not url:
        return
    try:
        with redis.Redis.from_url(url, socket_connect_timeout=5, socket_timeout=5) as connection:
            connection.ping()
    except redis.exceptions.RedisError as error:
        parts = urlsplit(url)
        where = f"{parts.scheme}://{parts.hostname}{f':{parts.port}' if parts.port else ''}{parts.path}"
        raise ConfigError(f"cannot reach Redis ({where}): {str(error).strip().splitlines()[0]}")


def schedule(cron):
    """huey's schedule for a cron line "minute hour day month weekday"."""
    minute, hour, day, month, day_of_week = cron.split()
    return crontab(minute=minute, hour=hour, day=day, month=month, day_of_week=day_of_week)


def describe(error):
    return f"{type(error).__name__}: {error}".strip().splitlines()[0][:500]


class JobQueue:
    """The app's queue, with every declared job registered as a huey task that runs a JobRun."""

    def __init__(self, app, jobs):
        self.app = app
        self.jobs = dict(jobs)
        self.huey = make_huey(app.config)
        self.huey.immediate = bool(app.config.get("JOBS_IMMEDIATE"))
        self.lease = datetime.timedelta(seconds=app.config.get("JOB_LEASE_SECONDS", 60))
        self.sweep_every = app.config.get("JOB_SWEEP_SECONDS", 30)
        self.retry_after = app.config.get("JOB_RETRY_SECONDS", 30)
        self.worker = f"{socket.gethostname()}:{os.getpid()}"
        self.keeper = None
        self._keeper_lock = threading.Lock()
        self.huey.on_startup("keep leases")(self.start_keeper)
        self.schedules = {}  # name -> the periodic task that queues a scheduled job
        self.tasks = {name: self._register(job) for name, job in jobs.items()}

    def _register(self, job):
        def run(run_id):
            return self.execute(job, run_id)
        task = self.huey.task(name=job.name)(run)  # no huey retries: the JobRun counts attempts
        if job.every:
            def every_time():
                with self.app.app_context():
                    slugs = [t.slug for t in Tenant.select(Tenant.slug).where(Tenant.status == "active")] \
                        if job.for_tenant else [None]
                    # Several consumers may each fire the schedule: the key lets one run through.
                    minute = now().strftime("%Y-%m-%dT%H:%M")
                    try:
                        for slug in slugs:
                            self.queue_for(slug, job, key=f"{job.name}:{slug or ''}:{minute}")
                    finally:
                        self.release_connection()
            every = self.huey.periodic_task(schedule(job.every), name=job.name + ":every")
            self.schedules[job.name] = every(every_time)
        return task

    # --- queueing -----------------------------------------------------------------------------

    def queue(self, job, *args):
        """Queue `job` (for the tenant in scope, if it is a product job); returns huey's result."""
        return self.queue_for(current_tenant().slug if job.for_tenant else None, job, *args)

    def queue_for(self, slug, job, *args, key=None):
        """Queue `job` for the tenant `slug` (None: a platform job); None if `key` was queued before."""
        try:
            with control_db.atomic():
                run = self.new_run(job, slug, args, key)
        except peewee.IntegrityError:
            return None
        try:
            return self.send(run)
        except Exception:
            JobRun.delete_by_id(run.id)  # not queued (Redis unreachable): the caller hears why
            raise

    def new_run(self, job, slug, args, key=None):
        """The row of a job to run, to be sent with `send` once it is committed (a worker that got
        the message before would find no row). Part of the caller's transaction, if any."""
        return JobRun.create(name=job.name, tenant_slug=slug, args=pickle.dumps(args), key=key,
                             # Run inline (tests), a job gets one attempt: a retry would run at once.
                             max_attempts=1 if self.huey.immediate else job.retries + 1,
                             lease_until=now() + self.lease)

    def send(self, run):
        """Give huey the message that makes a worker run `run`; returns huey's result."""
        return self.tasks[run.name](run.id)

    # --- running, in the worker -----------------------------------------------------------------

    def execute(self, job, run_id):
        """Claim run `run_id` and run it; a message for a run that is not waiting is a duplicate."""
        with self.app.app_context():
            try:
                return self._claim_and_run(job, run_id)
            finally:
                self.release_connection()

    def release_connection(self):
        """After a job in a worker: worker threads live long, and their connection may be broken."""
        if not self.huey.immediate:  # run inline, the request it runs in gives it back
            self.app.extensions["databases"].release_control()

    def _claim_and_run(self, job, run_id):
        # The name too: SQLite gives a deleted row's id to the next row, so a very late duplicate
        # message could otherwise name another job's run.
        claimed = JobRun.update(status="running", attempts=JobRun.attempts + 1, worker=self.worker,
                                lease_until=now() + self.lease, started=now()).where(
            JobRun.id == run_id, JobRun.name == job.name, JobRun.status == "queued").execute()
        if not claimed:
            return None
        run = JobRun.get_by_id(run_id)
        held = self.keeper.hold(run) if self.keeper and self.keeper.pid == os.getpid() else False
        token = current_run.set(run)
        try:
            args = pickle.loads(run.args)
            if run.tenant_slug is None:
                value = job.run(*args)
            else:
                with tenant_scope(run.tenant_slug):
                    value = job.run(*args)
        except Exception as error:
            self.failed(job, run, error)
            raise
        finally:
            current_run.reset(token)
            if held:
                self.keeper.release(run)
        ended = JobRun.update(status="done", finished=now()).where(
            JobRun.id == run.id, JobRun.attempts == run.attempts, JobRun.status == "running").execute()
        if not ended:
            log.warning("job run %s (%s) ended after its lease was taken back", run.id, job.name)
        return value

    def failed(self, job, run, error):
        """After an error: queue the run again after a pause, or, at its last attempt, give up."""
        if run.attempts < run.max_attempts and not isinstance(error, job.refusals + (TenantUnavailable,)):
            pause = self.retry_after * 2 ** (run.attempts - 1)
            again = JobRun.update(status="queued", error=describe(error),
                                  lease_until=now() + datetime.timedelta(seconds=pause) + self.lease).where(
                JobRun.id == run.id, JobRun.attempts == run.attempts, JobRun.status == "running").execute()
            if again:
                self.tasks[job.name].schedule((run.id,), delay=pause)
            return
        try:
            self.give_up(job, run, error)
        except Exception:
            # Its work could not be marked failed (its database is out of reach?): the sweep will.
            log.exception("job run %s (%s) failed and could not say so; the sweep will try again", run.id, job.name)
            JobRun.update(lease_until=now()).where(JobRun.id == run.id, JobRun.status == "running").execute()

    def give_up(self, job, run, error):
        """The run failed for good: let the job mark its work failed, then mark the run failed."""
        if job is not None and job.on_failure:
            args, problem = pickle.loads(run.args), job.problem(error)
            if run.tenant_slug is None:
                job.on_failure(*args, problem=problem)
            else:
                try:
                    with tenant_scope(run.tenant_slug, include_suspended=True):
                        job.on_failure(*args, problem=problem)
                except TenantUnavailable:
                    pass  # deleted meanwhile: nobody is left to tell
        JobRun.update(status="failed", finished=now(), error=describe(error)).where(
            JobRun.id == run.id, JobRun.attempts == run.attempts, JobRun.status == "running").execute()

    # --- the keeper: leases and the sweep -----------------------------------------------------

    def start_keeper(self):
        """Start this process's keeper (huey calls this in each worker of a consumer)."""
        with self._keeper_lock:
            if self.keeper is None or self.keeper.pid != os.getpid():
                self.worker = f"{socket.gethostname()}:{os.getpid()}"
                self.keeper = Keeper(self)
                self.keeper.start()

    def sweep(self):
        """Take back the runs whose worker stopped renewing their lease; queue again the waiting runs
        whose message is gone (taken by a worker that died before claiming it); forget old runs."""
        moment = now()
        for run in JobRun.select().where(JobRun.status == "running", JobRun.lease_until < moment):
            self.take_back(run, moment)
        if self.huey.pending_count() == 0:  # with messages waiting, a run may just be in line
            lost = JobRun.select(JobRun.id, JobRun.name).where(JobRun.status == "queued", JobRun.lease_until < moment)
            for run in lost:
                if run.name in self.tasks and JobRun.update(lease_until=moment + self.lease).where(
                        JobRun.id == run.id, JobRun.status == "queued", JobRun.lease_until < moment).execute():
                    self.tasks[run.name](run.id)
        JobRun.delete().where(((JobRun.status == "done") & (JobRun.finished < moment - KEEP_DONE))
                              | ((JobRun.status == "failed") & (JobRun.finished < moment - KEEP_FAILED))).execute()

    def take_back(self, run, moment):
        job = self.jobs.get(run.name)
        if job is not None and run.attempts < run.max_attempts:
            again = JobRun.update(status="queued", worker="", error="its worker stopped",
                                  lease_until=moment + self.lease).where(
                JobRun.id == run.id, JobRun.attempts == run.attempts, JobRun.status == "running",
                JobRun.lease_until < moment).execute()
            if again:
                log.warning("job run %s (%s): its worker %s stopped; queued again", run.id, run.name, run.worker)
                self.tasks[run.name](run.id)
            return
        log.warning("job run %s (%s): its worker %s stopped at the last attempt; failed", run.id, run.name, run.worker)
        self.give_up(job, run, tenants.jobs.WorkerStopped(f"worker {run.worker} stopped"))

    # Progress lives in the queue's storage (SQLite or Redis), which every process shares: a
    # tenant's own database may be locked by the very job that reports.
    def report_progress(self, key, percent):
        self.huey.put(f"progress:{current_tenant().slug}:{key}", percent)

    def progress(self, key):
        return self.huey.get(f"progress:{current_tenant().slug}:{key}", peek=True)


class Keeper(threading.Thread):
    """In each consumer process: renews the leases of the runs it holds (every quarter lease),
    and sweeps (every JOB_SWEEP_SECONDS). A problem, such as the database out of reach, is
    logged in one line and tried again at the next turn."""

    def __init__(self, queue):
        super().__init__(name="job-keeper", daemon=True)
        self.queue, self.pid = queue, os.getpid()
        self.held, self.lock = {}, threading.Lock()  # run id -> attempt

    def hold(self, run):
        with self.lock:
            self.held[run.id] = run.attempts
        return True

    def release(self, run):
        with self.lock:
            self.held.pop(run.id, None)

    def run(self):
        beat = self.queue.lease.total_seconds() / 4
        next_sweep = 0
        while True:
            time.sleep(min(beat, self.queue.sweep_every))
            with self.queue.app.app_context():
                try:
                    self.renew()
                    if time.monotonic() >= next_sweep:
                        next_sweep = time.monotonic() + self.queue.sweep_every
                        self.queue.sweep()
                except Exception as error:
                    log.warning("job keeper: %s; trying again", describe(error))
                finally:
                    control_db.close()

    def renew(self):
        with self.lock:
            held = dict(self.held)
        for run_id, attempt in held.items():
            JobRun.update(lease_until=now() + self.queue.lease).where(
                JobRun.id == run_id, JobRun.attempts == attempt, JobRun.status == "running").execute()


def queue(job, *args):
    """Queue `job` on the current app's queue."""
    return current_app.extensions["jobs"].queue(job, *args)


def init_app(app, jobs):
    check_redis(app.config["REDIS_URL"])
    app.extensions["jobs"] = JobQueue(app, jobs)
