"""A real job consumer (`huey_consumer saas.worker.huey`) in its own process, beside an app in
the test's process that shares its instance folder, database and queue: on SQLite with
SqliteHuey, and on PostgreSQL with RedisHuey when both answer. Leases are two seconds here, so
a killed worker's work is taken back in seconds rather than minutes."""
import os
import re
import signal
import subprocess
import sys
import time
import uuid

import psycopg2
import pytest

from saas import create_app
from saas.config import ROOT, from_environment
from saas.control import JobRun, OutboxMessage
from tests.conftest import POSTGRES_URL, reachable

SHORT_LEASES = {"JOB_LEASE_SECONDS": "2", "JOB_SWEEP_SECONDS": "0.5", "JOB_RETRY_SECONDS": "0.2"}
BASE_URL = "http://mentorup.test:8123"


@pytest.fixture(scope="module", params=["sqlite", "redis"])
def settings(request, tmp_path_factory):
    """The environment both processes are built from."""
    env = {"INSTANCE_PATH": str(tmp_path_factory.mktemp("jobs") / "instance"), "SECRET_KEY": "test-secret",
           "BASE_URL": BASE_URL, "JOBS_QUEUE": "test-" + uuid.uuid4().hex[:10], **SHORT_LEASES}
    if request.param == "redis":
        if not reachable("127.0.0.1", 6379):
            pytest.skip("Redis is not reachable at 127.0.0.1:6379: the RedisHuey variant of the worker tests "
                        "is skipped")
        if not reachable("127.0.0.1", 5432):
            pytest.skip("PostgreSQL is not reachable at 127.0.0.1:5432: the RedisHuey variant (on PostgreSQL) "
                        "is skipped")
        env["REDIS_URL"] = "redis://127.0.0.1:6379/15"
        env["DATABASE_URL"] = request.getfixturevalue("module_postgres")
    return env


@pytest.fixture(scope="module")
def module_postgres():
    name = "mentorup_jobs_" + uuid.uuid4().hex[:12]
    admin = psycopg2.connect(POSTGRES_URL)
    admin.autocommit = True
    admin.cursor().execute(f'CREATE DATABASE "{name}"')
    # What is tested here is what the workers do, not the disk: commit without waiting for it.
    admin.cursor().execute(f'ALTER DATABASE "{name}" SET synchronous_commit = off')
    yield POSTGRES_URL.rsplit("/", 1)[0] + "/" + name
    admin.cursor().execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    admin.close()


@pytest.fixture(scope="module")
def web(settings):
    """The app in the test's process, as the web server: it queues jobs for real (not inline)."""
    # Rate-limit counters of its own: on a shared Redis, a sixth run in a day was refused a reset link.
    web = create_app({**from_environment(settings), "TESTING": True, "RATELIMIT_KEY_PREFIX": settings["JOBS_QUEUE"]})
    yield web
    web.extensions["jobs"].huey.flush()  # its own keys only, on a shared Redis
    web.extensions["databases"].close()


class Consumer:
    """`huey_consumer saas.worker.huey` with the test's settings, in its own process."""

    def __init__(self, settings, log_path):
        self.settings, self.log_path, self.process = settings, log_path, None

    def start(self):
        self.log_file = open(self.log_path, "ab")
        self.process = subprocess.Popen(
            [sys.executable, "-m", "huey.bin.huey_consumer", "saas.worker.huey", "--worker-type", "thread",
             "--workers", "4", "--no-periodic"],
            cwd=ROOT, env={"PATH": os.environ["PATH"], **self.settings}, stdout=self.log_file, stderr=subprocess.STDOUT)
        return self

    def freeze(self):
        """SIGSTOP: it stops where it is, holding what it holds, until killed."""
        self.process.send_signal(signal.SIGSTOP)

    def kill(self):
        """kill -9: no chance to tidy up, as when a machine dies."""
        self.process.send_signal(signal.SIGKILL)
        self.process.wait(timeout=30)
        self.log_file.close()

    def stop(self):
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGCONT)  # if frozen
            self.process.terminate()
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(timeout=30)
        self.log_file.close()

    def log(self):
        return self.log_path.read_text(errors="replace")[-4000:]


@pytest.fixture(scope="module")
def consumer(settings, web, tmp_path_factory):
    worker = Consumer(settings, tmp_path_factory.mktemp("consumer") / "consumer.log").start()
    yield worker
    worker.stop()


@pytest.fixture
def start_consumer(settings, web, tmp_path):
    """Start a consumer (`start_consumer("first")`); whatever happens, none outlives the test."""
    started = []

    def start(name):
        started.append(Consumer(settings, tmp_path / f"{name}.log").start())
        return started[-1]
    yield start
    for worker in started:
        worker.stop()


def wait_for(check, what, consumer=None, timeout=90):
    """Poll `check` until it returns something true, and return that. The timeout only keeps a
    broken run from hanging: it is no claim about speed."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        found = check()
        if found:
            return found
        time.sleep(0.05)
    log = f"\n--- consumer log ---\n{consumer.log()}" if consumer else ""
    raise AssertionError(f"{what}: not within {timeout} s{log}")


def ran(web, *names):
    """The jobs `names` each ran to the end at least once in the worker."""
    with web.app_context():
        done = {run.name for run in JobRun.select(JobRun.name).where(JobRun.status == "done")}
    assert set(names) <= done, f"not run: {set(names) - done}"


def link_in(body, path):
    """The path of the link to `path`… in an email, which must start with BASE_URL."""
    found = re.search(re.escape(BASE_URL) + "(" + re.escape(path) + r"\S*)", body)
    assert found, f"no {BASE_URL}{path}… link in {body!r}"
    return found.group(1)


def outbox(web, subject_starts, to_ends=""):
    """Emails in the development outbox, as (to, subject, body), oldest first."""
    with web.app_context():
        return [(m.to, m.subject, m.body) for m in OutboxMessage.select().order_by(OutboxMessage.id)
                if m.subject.startswith(subject_starts) and m.to.endswith(to_ends)]
