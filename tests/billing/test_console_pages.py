"""Billing in the console: each client's page (plan, seats, next invoice, invoices), the overview
with its total and CSV, Stripe's customer portal, Stripe being down, and consultancies kept apart."""
import csv
import html
import io

import pytest

from saas.billing.models import Subscription
from saas.control import AuditEntry, Tenant
from tests.billing.conftest import deliver, of_type, subscribe
from tests.factories import make_tenant, post_form, sign_in


def text(response):
    return html.unescape(response.get_data(as_text=True))


def paying(app, owner, stripe_double, slug="acme", interval="month"):
    """Subscribe `slug`, let its trial days run out and its first invoice be paid; returns the subscription id."""
    events = subscribe(owner, stripe_double, slug, interval)
    subscription_id = of_type(events, "customer.subscription.created")["data"]["object"]["id"]
    for event in stripe_double.advance_period(subscription_id):
        deliver(app.test_client(), stripe_double, event)
    return subscription_id


@pytest.fixture
def bolt(app, firms):
    """A second client of Kite Partners, with one participant."""
    return make_tenant(app, "bolt", [("hr@bolt.example", "Bo HR", "admin"), ("ida@bolt.example", "Ida", "mentor")],
                       consultancy=firms["kite"])


def test_a_clients_page_shows_plan_seats_next_invoice_and_invoices(app, owner, stripe_double):
    paying(app, owner, stripe_double)

    page = text(owner.get("/console/tenants/acme/billing"))

    assert "Billing of Acme" in page and "Active" in page and "Monthly" in page
    assert "€8.00 a seat a month" in page and "2 paid" in page and "€16.00" in page
    invoices = [i for i in stripe_double.stored("invoice") if i["status"] == "paid"]
    assert invoices and all(i["hosted_invoice_url"] in page and i["invoice_pdf"] in page for i in invoices)
    with app.app_context():
        row = Subscription.select().join(Tenant).where(Tenant.slug == "acme").get()
    assert (row.next_invoice_amount, row.next_invoice_at.day) == (1600, row.current_period_end.day)
    assert f"on {row.next_invoice_at.day} {row.next_invoice_at:%B %Y}" in page


def test_the_overview_totals_every_client_a_month_and_exports_it(app, owner, stripe_double, bolt):
    paying(app, owner, stripe_double, "acme", "month")  # 2 seats × €8.00
    paying(app, owner, stripe_double, "bolt", "year")  # 1 seat × €80.00 a year: €6.67 a month

    page = text(owner.get("/console/billing"))
    exported = list(csv.DictReader(io.StringIO(owner.get("/console/billing.csv").get_data(as_text=True))))

    assert "€16.00" in page and "€6.67" in page and "Total a month" in page and "€22.67" in page
    assert "Zen" not in page
    by_client = {row["client"]: row for row in exported}
    assert set(by_client) == {"Acme", "Bolt", "Total"}
    assert (by_client["Acme"]["status"], by_client["Acme"]["seats_paid"], by_client["Acme"]["monthly_amount"]) == \
        ("subscribed", "2", "16.00")
    assert (by_client["Bolt"]["plan"], by_client["Bolt"]["monthly_amount"]) == ("Yearly", "6.67")
    assert (by_client["Total"]["monthly_amount"], by_client["Total"]["currency"]) == ("22.67", "EUR")


def test_manage_billing_opens_stripes_portal_for_the_consultancy(app, owner, stripe_double):
    paying(app, owner, stripe_double)

    plain = post_form(owner, "/console/billing", {}, "/console/billing/portal")
    from_htmx = post_form(owner, "/console/billing", {}, "/console/billing/portal", headers={"HX-Request": "true"})

    assert plain.status_code == 303 and plain.headers["Location"].startswith("https://billing.stripe.com/")
    assert from_htmx.status_code == 204 and from_htmx.headers["HX-Redirect"].startswith("https://billing.stripe.com/")
    portal = [r for r in stripe_double.requests if r.path == "/v1/billing_portal/sessions"][0].params
    kite_customer = stripe_double.stored("customer")[0]
    assert portal == {"customer": kite_customer["id"], "return_url": "http://localhost/console/billing"}
    with app.app_context():
        assert AuditEntry.select().where(AuditEntry.action == "opened the Stripe customer portal").count() == 2


def test_when_stripe_is_down_or_slow_the_page_shows_the_last_known_state(app, owner, stripe_double):
    paying(app, owner, stripe_double)
    assert "could not be refreshed" not in text(owner.get("/console/tenants/acme/billing"))

    stripe_double.down = True
    down = text(owner.get("/console/tenants/acme/billing"))
    stripe_double.down, stripe_double.latency = False, 2.5  # longer than the app's 2-second timeout
    slow = text(owner.get("/console/tenants/acme/billing"))

    for page in (down, slow):
        assert "could not be refreshed from Stripe just now" in page
        assert "Active" in page and "2 paid" in page and "€16.00" in page
    with app.app_context():
        assert Subscription.get().refresh_failed is not None


def test_staff_of_one_consultancy_never_see_or_change_anothers_billing(app, owner, stripe_double):
    events = subscribe(owner, stripe_double)
    acme_session = of_type(events, "checkout.session.completed")["data"]["object"]["id"]
    zoe = app.test_client()
    assert sign_in(zoe, "/console/login", "zoe@zen.example").status_code == 302

    assert zoe.get("/console/tenants/acme/billing").status_code == 404
    for action, data in (("subscribe", {"interval": "month"}), ("seat-limit", {"seat_limit": "5"})):
        assert post_form(zoe, "/console/billing", data, f"/console/tenants/acme/billing/{action}").status_code == 404
    assert "Acme" not in text(zoe.get("/console/billing"))
    assert "Acme" not in zoe.get("/console/billing.csv").get_data(as_text=True)
    own_page = text(zoe.get(f"/console/tenants/zen-client/billing?session_id={acme_session}"))
    assert "is subscribed" not in own_page
    portal = post_form(zoe, "/console/billing", {"back": "acme"}, "/console/billing/portal")
    assert portal.headers["Location"] == "http://localhost/console/billing"  # not Acme's page, and no portal
    assert not [r for r in stripe_double.requests if r.path == "/v1/billing_portal/sessions"]
    with app.app_context():
        acme = Subscription.select().join(Tenant).where(Tenant.slug == "acme").get()
        zen = Subscription.select().join(Tenant).where(Tenant.slug == "zen-client").get()
    assert acme.seat_limit is None and zen.stripe_id is None


def test_consultants_see_billing_but_only_owners_change_it(app, firms):
    cory = app.test_client()
    sign_in(cory, "/console/login", "cory@kite.example")

    page = text(cory.get("/console/tenants/acme/billing"))

    assert "Only an owner of Kite Partners can subscribe." in page
    assert post_form(cory, "/console/billing", {"interval": "month"},
                     "/console/tenants/acme/billing/subscribe").status_code == 403


def test_the_clients_console_page_shows_its_billing(owner):
    page = text(owner.get("/console/tenants/acme"))

    assert "Free trial" in page and "Plan, seats and invoices" in page
