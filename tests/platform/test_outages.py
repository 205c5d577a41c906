"""The database or Redis out of reach. At start: the web server (gunicorn's master too), the job
consumer and the CLI stop at once with one line. While running: a 503 page saying the service
is unavailable, and the same pages work again when the server is back, without a restart."""
import shutil
import subprocess
import sys
import uuid

import pytest

from saas import create_app
from saas.config import ROOT
from saas.control import JobRun, OutgoingMail
from tests.conftest import reachable
from tests.factories import csrf_token, make_tenant
from tests.platform.cable import Cable

NO_DATABASE = {"DATABASE_URL": "postgresql://nobody@127.0.0.1:9/nowhere"}
NO_REDIS = {"REDIS_URL": "redis://127.0.0.1:9/0"}
STARTS = {
    "cli": [sys.executable, "-m", "flask", "--app", "wsgi", "tenant", "list"],
    "consumer": [sys.executable, "-m", "huey.bin.huey_consumer", "saas.worker.huey"],
    "gunicorn": [sys.executable, "-m", "gunicorn", "-c", "gunicorn.conf.py", "--bind", "127.0.0.1:0", "wsgi:app"],
}


def start(command, tmp_path, unreachable):
    # The timeout only keeps a server that never stops from hanging the tests.
    return subprocess.run(command, cwd=ROOT, capture_output=True, text=True, timeout=60,
                          env={"PATH": "/usr/bin:/bin", "INSTANCE_PATH": str(tmp_path), **unreachable})


@pytest.mark.parametrize("what", list(STARTS))
@pytest.mark.parametrize("unreachable, says", [(NO_DATABASE, "mentorup: cannot reach the control database"),
                                               (NO_REDIS, "mentorup: cannot reach Redis (redis://127.0.0.1:9/0)")],
                         ids=["database", "redis"])
def test_a_start_without_the_database_or_redis_stops_with_one_line(what, unreachable, says, tmp_path):
    result = start(STARTS[what], tmp_path, unreachable)
    assert result.returncode != 0
    ours = [line for line in result.stderr.splitlines() if line.startswith("mentorup:")]
    assert len(ours) == 1 and ours[0].startswith(says), result.stderr
    assert "Traceback" not in result.stderr
    if what != "gunicorn":  # gunicorn's master also logs that it is starting, in its own words
        assert result.stderr.strip() == ours[0]


def test_gunicorn_stops_when_a_worker_cannot_boot_even_without_our_config(tmp_path):
    """A worker that cannot reach the database exits as "failed to boot", so the master stops
    (before, it started workers again, for ever)."""
    empty = tmp_path / "empty.conf.py"
    empty.write_text("")
    result = start([sys.executable, "-m", "gunicorn", "-c", str(empty), "--bind", "127.0.0.1:0", "wsgi:app"],
                   tmp_path, NO_DATABASE)
    assert result.returncode == 3, result.stderr
    assert result.stderr.count("mentorup: cannot reach the control database") == 1


# --- while running ---------------------------------------------------------------------------

def unavailable(response):
    return response.status_code == 503 and "MentorUp is unavailable" in response.get_data(as_text=True)


@pytest.fixture
def postgres_cable(postgres_database):
    cable = Cable(5432)
    yield cable, cable.url(postgres_database)
    cable.close()


def test_postgresql_out_of_reach_is_a_503_page_until_it_is_back(tmp_path, postgres_cable):
    cable, url = postgres_cable
    app = create_app({"INSTANCE_PATH": str(tmp_path), "DATABASE_URL": url, "TESTING": True, "JOBS_IMMEDIATE": True})
    make_tenant(app, "acme", [("hr@acme.example", "Hana HR", "admin")])
    client = app.test_client()
    assert client.get("/t/acme/healthz").status_code == 200
    cable.unplug()
    for page in ("/t/acme/login", "/t/acme/healthz"):  # the control database's tenants, a tenant's own data
        assert unavailable(client.get(page)), page
    cable.plug()
    assert client.get("/t/acme/healthz").status_code == 200
    assert client.get("/t/acme/login").status_code == 200
    app.extensions["databases"].close()


@pytest.fixture
def redis_app(tmp_path):
    if not reachable("127.0.0.1", 6379):
        pytest.skip("Redis is not reachable at 127.0.0.1:6379: the Redis outage test is skipped")
    cable = Cable(6379)
    app = create_app({"INSTANCE_PATH": str(tmp_path), "REDIS_URL": cable.url("redis://127.0.0.1:6379/15"),
                      "JOBS_QUEUE": "test-" + uuid.uuid4().hex[:10], "TESTING": True, "SECRET_KEY": "test-secret",
                      # Redis keeps rate-limit counters between runs: each run counts afresh.
                      "RATELIMIT_KEY_PREFIX": uuid.uuid4().hex})
    make_tenant(app, "acme", [("hr@acme.example", "Hana HR", "admin")])
    yield app, cable
    cable.plug()
    app.extensions["jobs"].huey.flush()
    cable.close()


def test_redis_out_of_reach_is_a_503_page_that_queues_nothing_until_it_is_back(redis_app):
    app, cable = redis_app
    client = app.test_client()
    token = csrf_token(client, "/t/acme/forgot")
    cable.unplug()
    assert unavailable(client.post("/t/acme/forgot", data={"email": "hr@acme.example", "csrf_token": token}))
    with app.app_context():
        assert OutgoingMail.select().count() == JobRun.select().count() == 0  # nothing half-queued
    cable.plug()
    assert client.post("/t/acme/forgot", data={"email": "hr@acme.example", "csrf_token": token}).status_code == 302
    assert app.extensions["jobs"].huey.pending_count() == 1


def test_a_tenant_database_file_out_of_reach_is_a_503_page_until_it_is_back(tmp_path):
    """A SQLite matter: on PostgreSQL, tenants live on the control database's server (above)."""
    app = create_app({"INSTANCE_PATH": str(tmp_path), "TESTING": True, "JOBS_IMMEDIATE": True})
    make_tenant(app, "acme")
    client = app.test_client()
    databases = app.extensions["databases"]
    databases.tenant("acme").close_idle()  # as in a worker that has not opened it yet
    path = databases.tenant_file("acme")
    shutil.move(path, path.with_suffix(".away"))
    assert unavailable(client.get("/t/acme/healthz"))
    shutil.move(path.with_suffix(".away"), path)
    assert client.get("/t/acme/healthz").status_code == 200
