"""A failed payment: a banner for the consultancy's staff and the programme manager, 14 days'
grace counted from the first failure, then read-only until it is paid."""
import datetime
import html

from saas.billing.models import Subscription
from saas.billing.subscriptions import at
from saas.control import Tenant
from tests.billing.conftest import deliver, of_type, subscribe
from tests.factories import post_form, sign_in

BANNER = "A payment for Acme failed on"


def text(response):
    return html.unescape(response.get_data(as_text=True))


def invite(client, name):
    return post_form(client, "/t/acme/admin/people", {"name": name, "email": f"{name.lower()}@acme.example",
                                                      "role": "mentor"}, "/t/acme/admin/people/invite")


def subscription_of(app):
    with app.app_context():
        return Subscription.select().join(Tenant).where(Tenant.slug == "acme").get()


def test_a_failed_payment_warns_then_makes_the_tenant_read_only_after_the_grace(app, owner, hana, stripe_double,
                                                                                clock):
    stripe = app.test_client()
    subscription_id = of_type(subscribe(owner, stripe_double), "customer.subscription.created")["data"]["object"]["id"]
    stripe_double.advance_period(subscription_id)  # the trial's days are over: Acme pays from now on
    clock.set(at(stripe_double.now))
    failed = of_type(stripe_double.fail_payment(subscription_id), "invoice.payment_failed")

    assert deliver(stripe, stripe_double, failed).status_code == 200

    row = subscription_of(app)
    assert (row.status, row.past_due_since) == ("past_due", at(failed["created"]))
    assert BANNER in text(hana.get("/t/acme/"))
    assert BANNER in text(owner.get("/console/"))
    maya = app.test_client()
    sign_in(maya, "/t/acme/login", "maya@acme.example")
    assert BANNER not in text(maya.get("/t/acme/", follow_redirects=True))  # participants are not told
    assert invite(hana, "Ann").status_code == 302  # still in its grace

    clock.set(row.past_due_since + datetime.timedelta(days=14, minutes=1))

    refused = invite(hana, "Ben")
    assert refused.status_code == 403
    assert "was not made within the grace period" in text(refused) and "Kite Partners" in text(refused)
    assert "Acme is read-only." in text(owner.get("/console/tenants/acme/billing"))

    for event in stripe_double.pay(subscription_id):
        deliver(stripe, stripe_double, event)

    assert subscription_of(app).status == "active" and subscription_of(app).past_due_since is None
    assert invite(hana, "Ben").status_code == 302
    assert BANNER not in text(hana.get("/t/acme/"))


def test_an_unpaid_or_canceled_subscription_is_read_only_at_once(app, owner, hana, stripe_double):
    stripe = app.test_client()
    subscription_id = of_type(subscribe(owner, stripe_double), "customer.subscription.created")["data"]["object"]["id"]
    stripe_double.advance_period(subscription_id)
    stripe_double.fail_payment(subscription_id)

    deliver(stripe, stripe_double, of_type(stripe_double.mark_unpaid(subscription_id), "customer.subscription.updated"))

    refused = invite(hana, "Ann")
    assert refused.status_code == 403 and "is unpaid" in text(refused)
    deliver(stripe, stripe_double, of_type(stripe_double.cancel(subscription_id), "customer.subscription.deleted"))
    refused = invite(hana, "Ann")
    assert refused.status_code == 403 and "was cancelled" in text(refused)


def test_a_new_subscription_after_a_canceled_one_makes_the_tenant_writable_again(app, owner, hana, stripe_double):
    stripe = app.test_client()
    subscription_id = of_type(subscribe(owner, stripe_double), "customer.subscription.created")["data"]["object"]["id"]
    deliver(stripe, stripe_double, of_type(stripe_double.cancel(subscription_id), "customer.subscription.deleted"))
    assert invite(hana, "Ann").status_code == 403

    deliver(stripe, stripe_double, of_type(subscribe(owner, stripe_double), "checkout.session.completed"))

    assert subscription_of(app).stripe_id != subscription_id
    assert invite(hana, "Ann").status_code == 302
