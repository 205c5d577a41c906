"""Fixtures: an app on a fresh instance, on SQLite and (when reachable) on PostgreSQL."""
import os
import socket
import uuid

import pytest

# Every setting a test needs is given to create_app; none may come from the developer's shell.
for name in ("DATABASE_URL", "REDIS_URL", "SMTP_URL", "MENTORUP_ENV", "INSTANCE_PATH", "BASE_URL"):
    os.environ.pop(name, None)
for name in [name for name in os.environ if name.startswith(("STRIPE_", "BILLING_"))]:
    os.environ.pop(name)

from argon2 import PasswordHasher  # noqa: E402

# Real argon2, with its cheapest parameters: the production cost (a fifth of a second a
# hash) would spend over a minute of the suite on sign-ins. Hashes carry their parameters.
import tenants.passwords  # noqa: E402
from saas import create_app  # noqa: E402

tenants.passwords._hasher = PasswordHasher(time_cost=1, memory_cost=8, parallelism=1)

from tests.factories import PASSWORD, csrf_token, make_consultancy, make_tenant, sign_in  # noqa: E402,F401

POSTGRES_URL = os.environ.get("MENTORUP_TEST_POSTGRES_URL", "postgresql://postgres@127.0.0.1:5432/postgres")


def reachable(host, port):
    try:
        socket.create_connection((host, port), timeout=1).close()
        return True
    except OSError:
        return False


@pytest.fixture(scope="session")
def postgres_server():
    if not reachable("127.0.0.1", 5432):
        pytest.skip("PostgreSQL is not reachable at 127.0.0.1:5432: the PostgreSQL variant is skipped")
    return POSTGRES_URL


@pytest.fixture
def postgres_database(postgres_server):
    """A new, empty PostgreSQL database, dropped afterwards."""
    import psycopg2

    name = "mentorup_test_" + uuid.uuid4().hex[:12]
    admin = psycopg2.connect(postgres_server)
    admin.autocommit = True
    admin.cursor().execute(f'CREATE DATABASE "{name}"')
    yield postgres_server.rsplit("/", 1)[0] + "/" + name
    admin.cursor().execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    admin.close()


@pytest.fixture(params=["sqlite", "postgresql"])
def database_url(request):
    """Every test that uses an app runs on SQLite, and again on PostgreSQL when it answers."""
    if request.param == "sqlite":
        return ""
    return request.getfixturevalue("postgres_database")


@pytest.fixture
def app(tmp_path, database_url):
    app = create_app({"INSTANCE_PATH": str(tmp_path / "instance"), "DATABASE_URL": database_url,
                      "TESTING": True, "SECRET_KEY": "test-secret", "BASE_URL": "http://localhost",
                      "JOBS_IMMEDIATE": True})
    yield app
    app.extensions["databases"].close()


@pytest.fixture
def client(app):
    return app.test_client()


@pytest.fixture
def two_tenants(app):
    """Tenants `alpha` and `beta`, each with an admin and a participant of its own."""
    make_tenant(app, "alpha", [("ada@alpha.example", "Ada Alpha", "admin"),
                               ("max@alpha.example", "Max Alpha", "mentor")])
    make_tenant(app, "beta", [("bea@beta.example", "Bea Beta", "admin"),
                              ("bob@beta.example", "Bob Beta", "mentee")])
    return "alpha", "beta"


# A tenant `acme` with an admin, a mentor (Maya) and a mentee (Robert); and a tenant `other`.
@pytest.fixture
def acme(app):
    make_tenant(app, "acme", [("hr@acme.example", "Hana HR", "admin"),
                              ("maya@acme.example", "Maya Chen", "mentor"),
                              ("robert@acme.example", "Robert Okafor", "mentee")])
    make_tenant(app, "other", [("hr@other.example", "Otto Other", "admin"),
                               ("olga@other.example", "Olga Other", "mentor")])
    return "acme"


@pytest.fixture
def maya(client, acme):
    assert sign_in(client, "/t/acme/login", "maya@acme.example").status_code == 302
    return client


@pytest.fixture
def admin(client, acme):
    assert sign_in(client, "/t/acme/login", "hr@acme.example").status_code == 302
    return client
