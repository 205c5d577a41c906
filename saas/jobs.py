"""Background jobs on huey, one queue per app: SqliteHuey in the instance folder, or RedisHuey
with REDIS_URL. The app registers the platform's jobs (declared here with `job`) and the
product's (tenants.product); a product job runs inside the scope of the tenant it was
queued for, exactly as a request of that tenant would.
"""
import functools
from pathlib import Path

from flask import current_app
from huey import RedisHuey, SqliteHuey, crontab

import tenants.jobs
from saas.control import Tenant
from saas.tenancy import tenant_scope
from tenants.scope import current_tenant

PLATFORM_JOBS = {}  # name -> tenants.jobs.Job: the platform's own jobs

# The platform's jobs run in an app context, not in a tenant's scope (they may open several).
job = functools.partial(tenants.jobs.job, registry=PLATFORM_JOBS, for_tenant=False)


def make_huey(settings, name="mentorup"):
    """The queue the settings ask for."""
    if settings["REDIS_URL"]:
        return RedisHuey(name, url=settings["REDIS_URL"])
    instance = Path(settings["INSTANCE_PATH"])
    instance.mkdir(parents=True, exist_ok=True)
    return SqliteHuey(name, filename=str(instance / "jobs.sqlite3"))


def schedule(cron):
    """huey's schedule for a cron line "minute hour day month weekday"."""
    minute, hour, day, month, day_of_week = cron.split()
    return crontab(minute=minute, hour=hour, day=day, month=month, day_of_week=day_of_week)


class JobQueue:
    """The app's queue, with every declared job registered as a huey task."""

    def __init__(self, app, jobs):
        self.app = app
        self.huey = make_huey(app.config)
        self.huey.immediate = bool(app.config.get("JOBS_IMMEDIATE"))
        self.schedules = {}  # name -> the periodic task that queues a scheduled job
        self.tasks = {name: self._register(job) for name, job in jobs.items()}

    def _register(self, job):
        def run(slug, *args):
            with self.app.app_context():
                if slug is None:
                    return job.run(*args)
                with tenant_scope(slug):
                    return job.run(*args)
        task = self.huey.task(name=job.name, retries=job.retries, retry_delay=60)(run)
        if job.every:
            def every_time():
                with self.app.app_context():
                    slugs = [t.slug for t in Tenant.select(Tenant.slug).where(Tenant.status == "active")]
                for slug in slugs if job.for_tenant else [None]:
                    task(slug)
            self.schedules[job.name] = self.huey.periodic_task(schedule(job.every), name=job.name + ":every")(every_time)
        return task

    def queue(self, job, *args):
        """Queue `job` (for the tenant in scope, if it is a product job); returns huey's result."""
        return self.tasks[job.name](current_tenant().slug if job.for_tenant else None, *args)

    def queue_for(self, slug, job, *args):
        """Queue a product `job` for the tenant `slug`, from outside its scope."""
        return self.tasks[job.name](slug, *args)

    # Progress lives in the queue's storage (SQLite or Redis), which every process shares: a
    # tenant's own database may be locked by the very job that reports.
    def report_progress(self, key, percent):
        self.huey.put(f"progress:{current_tenant().slug}:{key}", percent)

    def progress(self, key):
        return self.huey.get(f"progress:{current_tenant().slug}:{key}", peek=True)


def queue(job, *args):
    """Queue `job` on the current app's queue."""
    return current_app.extensions["jobs"].queue(job, *args)


def init_app(app, jobs):
    app.extensions["jobs"] = JobQueue(app, jobs)
