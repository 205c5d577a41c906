"""Jobs run in the scope of the tenant they name, on SqliteHuey or RedisHuey."""
import threading

import pytest
from huey import RedisHuey, SqliteHuey

from saas import provisioning
from saas.jobs import JobQueue, make_huey
from tenants.jobs import job
from tenants.people.models import User
from tests.conftest import reachable

TEST_JOBS = {}


@job(registry=TEST_JOBS)
def people_here():
    return sorted(user.email for user in User.select())


def test_a_job_of_alpha_sees_only_alphas_rows(app, two_tenants):
    queue = JobQueue(app, TEST_JOBS)
    with app.app_context():
        assert queue.queue_for("alpha", people_here).get() == ["ada@alpha.example", "max@alpha.example"]
        assert queue.queue_for("beta", people_here).get() == ["bea@beta.example", "bob@beta.example"]


def test_a_job_for_a_suspended_tenant_does_not_run(app, two_tenants):
    from huey.exceptions import TaskException
    queue = JobQueue(app, TEST_JOBS)
    with app.app_context():
        provisioning.set_status("alpha", "suspended")
        with pytest.raises(TaskException, match="suspended"):
            queue.queue_for("alpha", people_here).get()


def test_a_queued_job_runs_in_a_worker_thread_without_the_callers_context(app, two_tenants):
    """Enqueue on the real SqliteHuey queue, run it as the consumer would: another thread, no app context."""
    queue = JobQueue(app, TEST_JOBS)
    queue.huey.immediate = False
    queue.huey.flush()
    with app.app_context():
        result = queue.queue_for("beta", people_here)
    outcome = {}

    def consumer():
        outcome["value"] = queue.huey.execute(queue.huey.dequeue())

    worker = threading.Thread(target=consumer)
    worker.start()
    worker.join(timeout=30)
    assert outcome["value"] == ["bea@beta.example", "bob@beta.example"]
    assert result.get() == ["bea@beta.example", "bob@beta.example"]


def test_the_default_queue_is_sqlite_in_the_instance_folder(tmp_path):
    queue = make_huey({"REDIS_URL": "", "INSTANCE_PATH": str(tmp_path)})
    assert isinstance(queue, SqliteHuey)
    assert (tmp_path / "jobs.sqlite3").exists()


@pytest.fixture
def redis_url():
    if not reachable("127.0.0.1", 6379):
        pytest.skip("Redis is not reachable at 127.0.0.1:6379: the RedisHuey test is skipped")
    return "redis://127.0.0.1:6379/15"


def test_redis_url_selects_redis_huey_and_jobs_round_trip(redis_url, tmp_path):
    queue = make_huey({"REDIS_URL": redis_url, "INSTANCE_PATH": str(tmp_path)})
    assert isinstance(queue, RedisHuey)
    queue.flush()

    @queue.task()
    def add(a, b):
        return a + b

    result = add(2, 3)
    assert queue.pending_count() == 1
    queue.execute(queue.dequeue())
    assert result.get() == 5
    queue.flush()


def test_the_consumer_knows_every_job(tmp_path):
    """The consumer imports saas.worker only; every job a request may queue must be known there."""
    import subprocess
    import sys

    from saas.config import ROOT
    result = subprocess.run([sys.executable, "-c", "import saas.worker as w; print(*w.huey._registry._registry)"],
                            cwd=ROOT, capture_output=True, text=True, timeout=60,
                            env={"PATH": "/usr/bin:/bin", "INSTANCE_PATH": str(tmp_path)})
    known = {name.removeprefix("saas.jobs.") for name in result.stdout.split()}
    from saas.jobs import PLATFORM_JOBS
    from tenants.product import PRODUCT
    assert known == set(PLATFORM_JOBS) | set(PRODUCT.jobs) | {f"{name}:every" for name, job in
                                                                {**PLATFORM_JOBS, **PRODUCT.jobs}.items() if job.every}, \
        result.stderr
