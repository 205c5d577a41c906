"""Fixtures for the billing tests: a fresh Stripe double per test, a client aimed at it, and an
app whose billing talks to the double, with a clock the test moves; two consultancies, each
with a client tenant, and the request helpers that subscribe and deliver Stripe's events."""
import datetime

import pytest

from saas import create_app
from tenants.models import now
from tests.billing.stripe_double import StripeDouble
from tests.factories import add_staff, make_consultancy, make_tenant, post_form, sign_in


@pytest.fixture
def stripe_double():
    with StripeDouble() as double:
        yield double


@pytest.fixture
def stripe_client(stripe_double):
    return stripe_double.client()


class Clock:
    """The app's billing clock (the BILLING_CLOCK setting): the real time, moved on by the test."""

    def __init__(self):
        self.ahead = datetime.timedelta(0)

    def __call__(self):
        return now() + self.ahead

    def advance(self, **duration):
        self.ahead += datetime.timedelta(**duration)

    def set(self, moment):
        """Make it `moment` now (a naive UTC datetime), and let time run on from there."""
        self.ahead = moment - now()


@pytest.fixture
def clock():
    return Clock()


def billing_settings(stripe_double, clock):
    """Settings that turn billing on against the double (one retry: stripe-python sleeps before each)."""
    return {"STRIPE_SECRET_KEY": stripe_double.secret_key, "STRIPE_WEBHOOK_SECRET": stripe_double.webhook_secret,
            "STRIPE_API_BASE": stripe_double.url, "STRIPE_MAX_NETWORK_RETRIES": 1, "STRIPE_TIMEOUT": 2,
            "BILLING_CLOCK": clock}


@pytest.fixture
def app(tmp_path, database_url, stripe_double, clock):
    """The app of tests/conftest.py with billing on, its prices already in the double."""
    from saas.billing.prices import sync_prices

    app = create_app({"INSTANCE_PATH": str(tmp_path / "instance"), "DATABASE_URL": database_url,
                      "TESTING": True, "SECRET_KEY": "test-secret", "BASE_URL": "http://localhost",
                      "JOBS_IMMEDIATE": True,
                      **billing_settings(stripe_double, clock)})
    with app.app_context():
        sync_prices()
    yield app
    app.extensions["databases"].close()


@pytest.fixture
def firms(app):
    """Kite Partners (owner kim@, consultant cory@) runs `acme` (a programme manager and two
    participants); Zen Partners (owner zoe@) runs `zen-client`."""
    with app.app_context():
        kite = make_consultancy("Kite Partners", "kim@kite.example")
        add_staff(kite, "cory@kite.example")
        zen = make_consultancy("Zen Partners", "zoe@zen.example")
    make_tenant(app, "acme", [("hr@acme.example", "Hana HR", "admin"), ("maya@acme.example", "Maya Chen", "mentor"),
                              ("robert@acme.example", "Robert Okafor", "mentee")], consultancy=kite)
    make_tenant(app, "zen-client", [("hr@zen-client.example", "Zed HR", "admin")], consultancy=zen)
    return {"kite": kite, "zen": zen}


@pytest.fixture
def owner(app, firms):
    """Kim, an owner at Kite Partners, signed in to the console."""
    client = app.test_client()
    assert sign_in(client, "/console/login", "kim@kite.example").status_code == 302
    return client


@pytest.fixture
def hana(app, firms):
    """Acme's programme manager, signed in."""
    client = app.test_client()
    assert sign_in(client, "/t/acme/login", "hr@acme.example").status_code == 302
    return client


def subscribe(owner, stripe_double, slug="acme", interval="month"):
    """Subscribe from the console and pay on (the double's) Checkout page; returns Stripe's events."""
    response = post_form(owner, f"/console/tenants/{slug}/billing", {"interval": interval},
                         f"/console/tenants/{slug}/billing/subscribe")
    assert response.status_code == 303, response.get_data(as_text=True)
    return stripe_double.complete_checkout(response.headers["Location"].rsplit("/", 1)[1])


def deliver(client, stripe_double, event):
    """Post `event` to the webhook as Stripe does, signed with the webhook secret."""
    payload, headers = stripe_double.webhook(event)
    return client.post("/billing/webhook", data=payload, headers=headers)


def of_type(events, kind):
    """The one event of `kind` among `events`."""
    found = [event for event in events if event["type"] == kind]
    assert len(found) == 1, [event["type"] for event in events]
    return found[0]
