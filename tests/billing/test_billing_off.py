"""Without Stripe keys (`make run`'s default, and the self-hosted case) billing is off: no seat
limits, never read-only, and the console says so; nothing crashes and nothing pretends to be paid."""
import html

import pytest

from saas import create_app
from saas.billing.models import Subscription
from saas.billing.seats import sync_changed_seats
from saas.tenancy import tenant_scope
from tests.factories import add_staff, make_consultancy, make_tenant, post_form, sign_in

OFF = "Billing is not configured on this server"


@pytest.fixture
def app(tmp_path, database_url, clock):
    """An app with no Stripe keys, on a clock a year ahead and a trial of a single seat: were
    billing on, Acme would be read-only and full."""
    app = create_app({"INSTANCE_PATH": str(tmp_path / "instance"), "DATABASE_URL": database_url, "TESTING": True,
                      "SECRET_KEY": "test-secret", "BASE_URL": "http://localhost", "JOBS_IMMEDIATE": True,
                      "BILLING_CLOCK": clock, "BILLING_TRIAL_SEATS": 1})
    clock.advance(days=365)
    with app.app_context():
        kite = make_consultancy("Kite Partners", "kim@kite.example")
        add_staff(kite, "cory@kite.example")
    make_tenant(app, "acme", [("hr@acme.example", "Hana HR", "admin"), ("maya@acme.example", "Maya", "mentor")],
                consultancy=kite)
    yield app
    app.extensions["databases"].close()


def text(response):
    return html.unescape(response.get_data(as_text=True))


def test_the_console_says_billing_is_not_configured(app):
    kim = app.test_client()
    sign_in(kim, "/console/login", "kim@kite.example")

    for address in ("/console/billing", "/console/tenants/acme/billing", "/console/tenants/acme"):
        page = kim.get(address)
        assert page.status_code == 200 and OFF in text(page), address
    assert post_form(kim, "/console/billing", {"interval": "month"},
                     "/console/tenants/acme/billing/subscribe").status_code == 404
    assert kim.post("/billing/webhook", data=b"{}", headers={"Stripe-Signature": "t=1,v1=x"}).status_code == 404


def test_a_tenant_has_no_seat_limit_and_is_never_read_only(app):
    with app.app_context(), tenant_scope("acme") as facts:
        assert (facts.read_only, facts.seat_limit) == (False, None)
    hana = app.test_client()
    sign_in(hana, "/t/acme/login", "hr@acme.example")

    for name in ("Ann", "Ben", "Cat"):
        invited = post_form(hana, "/t/acme/admin/people", {"name": name, "email": f"{name.lower()}@acme.example",
                                                           "role": "mentee"}, "/t/acme/admin/people/invite")
        assert invited.status_code == 302

    assert "read-only" not in text(hana.get("/t/acme/"))
    with app.app_context():
        assert sync_changed_seats() == 0 and Subscription.select().count() == 0


def test_sync_prices_says_billing_is_off(app):
    result = app.test_cli_runner().invoke(args=["billing", "sync-prices"])

    assert result.exit_code != 0 and "Billing is not configured on this server" in result.output
