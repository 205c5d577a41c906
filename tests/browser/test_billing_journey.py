"""Billing in a real browser: an owner reads the overview, subscribes a client through Checkout
(Stripe's page stands in), sees it active with its invoice; an overdue client's banner; a
read-only client's refusal page; and the pages on a phone."""
import datetime
import re

import pytest
from playwright.sync_api import expect

from saas import create_app
from saas.billing.models import Subscription, subscription_for
from saas.billing.prices import sync_prices
from saas.billing.subscriptions import at
from saas.control import Tenant
from saas.tenancy import tenants_changed
from tests.billing.conftest import Clock, billing_settings, deliver, of_type
from tests.billing.stripe_double import StripeDouble
from tests.factories import PASSWORD, make_consultancy, make_tenant


@pytest.fixture
def stripe_double():
    with StripeDouble() as double:
        yield double


@pytest.fixture
def clock():
    return Clock()


@pytest.fixture
def app(tmp_path, stripe_double, clock):
    """Kite Partners with four clients: Acme (on its trial), Bolt and Cobalt (to be paying) and
    Dune (whose trial ended)."""
    app = create_app({"INSTANCE_PATH": str(tmp_path / "instance"), "TESTING": True, "SECRET_KEY": "test-secret",
                      "JOBS_IMMEDIATE": True,
                      **billing_settings(stripe_double, clock)})
    with app.app_context():
        sync_prices()
        kite = make_consultancy("Kite Partners", "kim@kite.example")
    people = {"acme": 6, "bolt": 14, "cobalt": 31, "dune": 3}
    for slug, count in people.items():
        make_tenant(app, slug, [(f"hr@{slug}.example", f"{slug.title()} HR", "admin")] +
                    [(f"p{n}@{slug}.example", f"Person {n}", "mentor" if n % 2 else "mentee") for n in range(count)],
                    consultancy=kite)
    with app.app_context():
        for slug in people:
            row = subscription_for(Tenant.get(Tenant.slug == slug))
            Subscription.update(seats_in_use=people[slug]).where(Subscription.id == row.id).execute()
    yield app
    app.extensions["databases"].close()


def paid_up(app, stripe_double, page, slug):
    """Subscribe `slug` from its billing page in the browser; Checkout is Stripe's, so the double pays."""
    checkout = {}

    def at_stripe(route):
        checkout["url"] = route.request.url
        route.fulfill(status=200, content_type="text/html", body="<title>Stripe Checkout</title><h1>Checkout</h1>")
    page.route("https://checkout.stripe.com/**", at_stripe)
    page.goto(f"/console/tenants/{slug}/billing")
    page.get_by_role("button", name="Subscribe with Stripe").click()
    expect(page.get_by_role("heading", name="Checkout")).to_be_visible()
    events = stripe_double.complete_checkout(checkout["url"].rsplit("/", 1)[1])
    subscription_id = of_type(events, "customer.subscription.created")["data"]["object"]["id"]
    stripe = app.test_client()
    for event in events + stripe_double.advance_period(subscription_id):
        deliver(stripe, stripe_double, event)
    return subscription_id


def catch_up(app, stripe_double, clock, trials):
    """Move the app's clock to the double's (paying moved it on), and make each trial in `trials`
    (slug: days ago) have started that many days before."""
    clock.set(at(stripe_double.now))
    with app.app_context():
        for slug, days in trials.items():
            Tenant.update(created=clock() - datetime.timedelta(days=days)).where(Tenant.slug == slug).execute()
        tenants_changed()


def sign_in(page, address, email):
    page.goto(address)
    page.get_by_label("Email", exact=True).fill(email)
    page.get_by_label("Password", exact=True).fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    expect(page).not_to_have_url(re.compile(r"/login"))


def test_an_owner_follows_every_clients_billing(app, stripe_double, clock, page, screenshot):
    sign_in(page, "/console/login", "kim@kite.example")
    cobalt = paid_up(app, stripe_double, page, "cobalt")
    bolt = paid_up(app, stripe_double, page, "bolt")
    stripe = app.test_client()
    for event in stripe_double.fail_payment(bolt):
        deliver(stripe, stripe_double, event)
    catch_up(app, stripe_double, clock, {"acme": 5, "dune": 40})

    page.goto("/console/billing")
    expect(page.get_by_role("heading", level=1, name="Billing")).to_be_visible()
    expect(page.get_by_role("status").filter(has_text="A payment for Bolt failed on")).to_be_visible()
    expect(page.get_by_role("status").filter(has_text="Dune is read-only.")).to_be_visible()
    expect(page.get_by_role("row", name="Total a month")).to_contain_text("€360.00")
    screenshot("billing-1-overview")

    page.get_by_role("link", name="Cobalt", exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Billing of Cobalt")
    expect(page.get_by_text("31 paid")).to_be_visible()
    expect(page.get_by_role("link", name="View")).to_have_count(len(
        [i for i in stripe_double.stored("invoice") if i["parent"]["subscription_details"]["subscription"] == cobalt
         and i["hosted_invoice_url"]]))
    screenshot("billing-2-paying-client")

    page.goto("/console/tenants/acme/billing")
    expect(page.get_by_role("heading", name="Subscribe")).to_be_visible()
    screenshot("billing-3-trial-client")

    page.goto("/console/tenants/bolt/billing")
    expect(page.get_by_text("A payment failed on")).to_be_visible()
    screenshot("billing-4-overdue-client")

    sign_in(page, "/t/bolt/login", "hr@bolt.example")  # Bolt's programme manager is told too
    expect(page.get_by_role("status").filter(has_text="A payment for Bolt failed on")).to_contain_text(
        "Unless Kite Partners pays by")
    screenshot("billing-6-programme-manager-banner")
    assert page.problems == []


def test_a_read_only_client_refuses_changes_and_says_who_can_fix_it(app, stripe_double, clock, page, screenshot):
    catch_up(app, stripe_double, clock, {"dune": 40})
    sign_in(page, "/t/dune/login", "hr@dune.example")
    page.goto("/t/dune/admin/people")
    expect(page.get_by_role("status").filter(has_text="The free trial of Dune ended on")).to_be_visible()
    page.get_by_label("Name", exact=True).fill("New Person")
    page.get_by_label("Email", exact=True).fill("new@dune.example")
    page.locator("#role").select_option("mentor")
    page.get_by_role("button", name="Send the invitation").click()

    expect(page.get_by_role("heading", name="Dune is read-only: nothing was changed")).to_be_visible()
    expect(page.get_by_text("Kite Partners, who run MentorUp for Dune, can put this right")).to_be_visible()
    screenshot("billing-5-read-only-refusal")
    assert page.problems == []


@pytest.mark.parametrize("page", ["phone"], indirect=True)
def test_the_billing_pages_fit_a_phone(app, stripe_double, page, screenshot):
    sign_in(page, "/console/login", "kim@kite.example")
    paid_up(app, stripe_double, page, "cobalt")
    for address, name in (("/console/billing", "billing-overview"), ("/console/tenants/cobalt/billing", "billing-client"),
                          ("/console/tenants/acme/billing", "billing-trial")):
        page.goto(address)
        widths = page.evaluate("[document.documentElement.scrollWidth, window.innerWidth]")
        assert widths[0] <= widths[1], f"{address} is {widths[0]}px wide in a {widths[1]}px viewport"
        screenshot(name)
    assert page.problems == []
