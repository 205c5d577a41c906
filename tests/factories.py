"""Plain-function factories and request helpers for the tests."""
import contextlib
import functools
import logging
import re
import zlib

PASSWORD = "correct horse battery"


@functools.cache
def password_hash():
    """One real argon2 hash of PASSWORD, made once: hashing costs a fifth of a second."""
    from tenants.passwords import hash_password
    return hash_password(PASSWORD)


def make_consultancy(name="Acme Advisory", email="owner@acme.example"):
    from saas.control import Consultancy, Membership, Staff

    consultancy = Consultancy.create(name=name)
    owner = Staff.create(email=email, name="Olu Owner", password_hash=password_hash())
    Membership.create(staff=owner, consultancy=consultancy, role="owner")
    return consultancy


def make_tenant(app, slug, people=(), consultancy=None):
    """Provision tenant `slug` with users given as (email, name, role) tuples."""
    from saas.provisioning import create_tenant
    from saas.tenancy import tenant_scope
    from tenants.people.models import User

    with app.app_context():
        create_tenant(slug, slug.title(), consultancy)
        with tenant_scope(slug):
            for email, name, role in people:
                User.create(email=email, name=name, role=role, password_hash=password_hash())
    return slug


def csrf_token(client, url):
    page = client.get(url)
    tag = re.search(r'<input[^>]*name="csrf_token"[^>]*>', page.get_data(as_text=True))
    match = tag and re.search(r'value="([^"]+)"', tag.group(0))
    assert match, f"no CSRF token on {url} ({page.status_code})"
    return match.group(1)


def sign_in(client, login_url, email, password=PASSWORD):
    token = csrf_token(client, login_url)
    return client.post(login_url, data={"email": email, "password": password, "csrf_token": token})


def add_staff(consultancy, email, role="consultant", name="Cory Consultant"):
    from saas.control import Membership, Staff

    person = Staff.create(email=email, name=name, password_hash=password_hash())
    Membership.create(staff=person, consultancy=consultancy, role=role)
    return person


def post_form(client, form_url, data, post_url=None, **kwargs):
    """Submit a form the way a browser does: read its CSRF token from the page first."""
    return client.post(post_url or form_url, data={**data, "csrf_token": csrf_token(client, form_url)}, **kwargs)


def last_email(app, to=None):
    from saas.control import OutboxMessage

    with app.app_context():
        query = OutboxMessage.select().order_by(OutboxMessage.id.desc())
        message = (query.where(OutboxMessage.to == to) if to else query).first()
        assert message is not None, f"no email to {to}"
        return message


def link_in(message, prefix):
    found = re.search(r"http://localhost(" + re.escape(prefix) + r"\S+)", message.body)
    assert found, f"no {prefix} link in {message.body!r}"
    return found.group(1)


def ready(email, level, teaches, learns, department):
    """Give the tenant user `email` (in the current tenant scope) a complete profile and a passed
    training: free on Tuesdays 09:00-11:00 in London, speaking English, skills at level 4."""
    from tenants.models import now
    from tenants.onboarding.models import AvailabilityWindow, Profile, ProfileSkill
    from tenants.people.models import User
    from tenants.program.models import Skill

    user = User.get(User.email == email)
    user.job_level, user.department = level, department
    user.profile_completed = user.trained = now()
    user.save()
    skills = {s.name: s.id for s in Skill.select()}
    for direction, topics in (("teach", teaches), ("learn", learns)):
        for topic in topics:
            ProfileSkill.create(user=user, skill=skills[topic], direction=direction, level=4)
    AvailabilityWindow.create(user=user, weekday=1, start="09:00", end="11:00")
    Profile.create(user=user, timezone="Europe/London", languages="en")


class QueryCounter(logging.Handler):
    """Every SQL statement peewee runs (it logs each one), control and tenant databases alike."""

    def __init__(self):
        super().__init__(logging.DEBUG)
        self.statements = []

    def emit(self, record):
        self.statements.append(record.msg[0] if isinstance(record.msg, tuple) else str(record.msg))


@contextlib.contextmanager
def counted_queries():
    logger, counter = logging.getLogger("peewee"), QueryCounter()
    level, propagate = logger.level, logger.propagate
    logger.setLevel(logging.DEBUG)
    logger.propagate = False
    logger.addHandler(counter)
    try:
        yield counter.statements
    finally:
        logger.removeHandler(counter)
        logger.setLevel(level)
        logger.propagate = propagate


def queries_for(client, url):
    """The statements a GET of `url` runs, asked twice: the first request may fill caches."""
    assert client.get(url).status_code == 200
    with counted_queries() as statements:
        assert client.get(url).status_code == 200
    return statements


def sized_tenant(app, slug, size):
    """Tenant `slug` with `size` participants (saas.demo.sized_programme): (a client signed in as
    its programme manager, a client signed in as a partner of one of its pairings, that pairing's id)."""
    from saas.demo import sized_programme
    from saas.provisioning import create_tenant
    from saas.tenancy import tenant_scope
    from tenants.pairing.models import Pairing, active_pairings

    with app.app_context():
        create_tenant(slug, slug.title())
        admin = sized_programme(slug, size, password_hash())
        with tenant_scope(slug):
            pairing = active_pairings().order_by(Pairing.id).first()
            partner = pairing.mentor.email
    clients = app.test_client(), app.test_client()
    for client, email in zip(clients, (admin, partner)):
        assert sign_in(client, f"/t/{slug}/login", email).status_code == 302
    return clients[0], clients[1], pairing.id


def declared_png(width, height):
    """A 69-byte PNG whose header declares width×height pixels: a decompression bomb when large."""
    def chunk(kind, data):
        return len(data).to_bytes(4, "big") + kind + data + zlib.crc32(kind + data).to_bytes(4, "big")
    header = width.to_bytes(4, "big") + height.to_bytes(4, "big") + bytes([8, 0, 0, 0, 0])
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(b"\0" * 4)) + chunk(b"IEND", b"")


def wait_for(condition, seconds=60):
    """Whether `condition()` came true within `seconds`, asked every 20 ms."""
    import time

    deadline = time.monotonic() + seconds
    while not condition():
        if time.monotonic() > deadline:
            return False
        time.sleep(0.02)
    return True


@contextlib.contextmanager
def table_locked(app, database_url, table, slug="acme"):
    """The write lock that `Model.alone()` takes on `table` of tenant `slug`, held by a connection
    of its own (on SQLite: the whole file's); yields a function telling how many others wait for
    it, or None where the database cannot tell (SQLite). Let go whatever fails."""
    if database_url.startswith("postgresql"):
        import psycopg2

        conn = psycopg2.connect(database_url)
        cursor = conn.cursor()
        cursor.execute(f'SET search_path TO tenant_{slug}; LOCK TABLE "{table}" IN SHARE ROW EXCLUSIVE MODE')

        def waiting():
            cursor.execute("SELECT count(*) FROM pg_locks WHERE NOT granted AND relation = %s::regclass", (f'"{table}"',))
            return cursor.fetchone()[0]
    else:
        import sqlite3

        conn = sqlite3.connect(app.extensions["databases"].tenant_file(slug), isolation_level=None)
        conn.execute("BEGIN IMMEDIATE")
        waiting = lambda: None  # noqa: E731
    try:
        yield waiting
    finally:
        conn.rollback()
        conn.close()


def at_the_same_moment(app, database_url, table, *work, ready=lambda: True):
    """Run each of `work` in a thread of its own while another connection holds the write lock
    that `Model.alone()` takes on tenant acme's `table`, and let go only once all of them wait
    for it (PostgreSQL says so; on SQLite, half a second after `ready()`): they reach it together."""
    import threading
    import time

    threads = [threading.Thread(target=one, daemon=True) for one in work]
    with table_locked(app, database_url, table) as waiting:
        for thread in threads:
            thread.start()
        assert wait_for(ready) and wait_for(lambda: waiting() in (None, len(work)))
        time.sleep(0.5)  # SQLite cannot say who waits: time for all to get there
    for thread in threads:
        thread.join(timeout=60)
