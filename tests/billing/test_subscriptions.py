"""Subscribing a client tenant through Stripe Checkout, and Stripe's events: signed, stored once,
handled by re-reading the subscription, so that replays and disorder leave the same state."""
import json
import logging

from saas.billing.models import StripeEvent, Subscription
from saas.control import AuditEntry, Tenant
from tests.billing.conftest import deliver, of_type, subscribe
from tests.billing.stripe_double import sign
from tests.factories import post_form


def subscription_of(app, slug="acme"):
    with app.app_context():
        return Subscription.select().join(Tenant).where(Tenant.slug == slug).get()


def count(app, query):
    with app.app_context():
        return query.count()


def stripe_calls(stripe_double, method, path_start):
    return [r for r in stripe_double.requests if r.method == method and r.path.startswith(path_start)]


def test_checkout_then_its_completed_event_makes_the_subscription_active(app, owner, hana, stripe_double, clock):
    clock.advance(days=31)  # the free trial is over: Acme is read-only until it subscribes
    assert post_form(hana, "/t/acme/admin/people", {"name": "Ann", "email": "ann@acme.example", "role": "mentor"},
                     "/t/acme/admin/people/invite").status_code == 403

    events = subscribe(owner, stripe_double)
    response = deliver(app.test_client(), stripe_double, of_type(events, "checkout.session.completed"))

    assert response.status_code == 200
    session = stripe_calls(stripe_double, "POST", "/v1/checkout/sessions")[0].params
    assert session["mode"] == "subscription" and session["client_reference_id"] == "acme"
    assert session["line_items"] == [{"price": session["line_items"][0]["price"], "quantity": "2"}]  # Maya, Robert
    assert session["subscription_data"]["metadata"] == {"tenant": "acme", "consultancy": str(owner_firm_id(app))}
    row = subscription_of(app)
    assert (row.status, row.quantity, row.interval, row.unit_amount, row.currency) == ("active", 2, "month", 800, "eur")
    assert post_form(hana, "/t/acme/admin/people", {"name": "Ann", "email": "ann@acme.example", "role": "mentor"},
                     "/t/acme/admin/people/invite").status_code == 302
    with app.app_context():
        actions = [entry.action for entry in AuditEntry.select().where(AuditEntry.tenant_slug == "acme")]
    assert "opened Stripe Checkout" in actions and "subscription changed" in actions


def owner_firm_id(app):
    with app.app_context():
        return Tenant.get(Tenant.slug == "acme").consultancy_id


def test_subscribing_during_the_trial_carries_its_remaining_days(app, owner, stripe_double, clock):
    clock.advance(days=10)

    subscribe(owner, stripe_double)

    session = stripe_calls(stripe_double, "POST", "/v1/checkout/sessions")[0].params
    assert session["subscription_data"]["trial_period_days"] == "20"


def test_coming_back_from_checkout_shows_the_subscription_before_its_event_arrives(app, owner, stripe_double):
    events = subscribe(owner, stripe_double)
    session_id = of_type(events, "checkout.session.completed")["data"]["object"]["id"]

    page = owner.get(f"/console/tenants/acme/billing?session_id={session_id}")

    assert "is subscribed" in page.get_data(as_text=True)
    assert subscription_of(app).status == "trialing"
    assert count(app, StripeEvent.select()) == 0


def test_htmx_asks_for_a_redirect_to_checkout_instead_of_following_it(owner):
    response = post_form(owner, "/console/tenants/acme/billing", {"interval": "year"},
                         "/console/tenants/acme/billing/subscribe", headers={"HX-Request": "true"})
    assert response.status_code == 204
    assert response.headers["HX-Redirect"].startswith("https://checkout.stripe.com/")


def test_the_same_event_five_times_changes_things_once(app, owner, stripe_double):
    completed = of_type(subscribe(owner, stripe_double), "checkout.session.completed")
    stripe = app.test_client()

    answers = [deliver(stripe, stripe_double, completed) for _ in range(5)]

    assert [answer.status_code for answer in answers] == [200] * 5
    assert [answer.get_data(as_text=True).strip() for answer in answers[1:]] == ["already received"] * 4
    assert count(app, StripeEvent.select()) == 1
    assert count(app, AuditEntry.select().where(AuditEntry.action == "subscription changed")) == 1
    assert len(stripe_calls(stripe_double, "GET", "/v1/subscriptions/")) == 1  # read once, for the first


def test_deleted_before_updated_ends_canceled(app, owner, stripe_double):
    subscription_id = of_type(subscribe(owner, stripe_double), "customer.subscription.created")["data"]["object"]["id"]
    stripe_double.advance_period(subscription_id)  # the trial ends
    failed = stripe_double.fail_payment(subscription_id)
    deleted = of_type(stripe_double.cancel(subscription_id, "payment_failed"), "customer.subscription.deleted")
    stripe = app.test_client()

    deliver(stripe, stripe_double, deleted)
    for event in failed:
        deliver(stripe, stripe_double, event)

    row = subscription_of(app)
    assert row.status == "canceled" and row.past_due_since is None


def test_updated_before_created_ends_as_stripe_has_it(app, owner, stripe_double):
    created = of_type(subscribe(owner, stripe_double), "customer.subscription.created")
    renewed = of_type(stripe_double.advance_period(created["data"]["object"]["id"]), "customer.subscription.updated")
    stripe = app.test_client()

    deliver(stripe, stripe_double, renewed)
    deliver(stripe, stripe_double, created)

    row = subscription_of(app)
    now_at_stripe = stripe_double.get(created["data"]["object"]["id"])
    assert row.status == "active" == now_at_stripe["status"]
    assert row.current_period_end.timestamp() == now_at_stripe["items"]["data"][0]["current_period_end"]


def test_bad_missing_and_expired_signatures_are_refused_and_nothing_is_kept(app, owner, stripe_double):
    completed = of_type(subscribe(owner, stripe_double), "checkout.session.completed")
    payload, headers = stripe_double.webhook(completed)
    stripe = app.test_client()
    expired = sign(payload, stripe_double.webhook_secret, timestamp=int(stripe_double.now) - 600)
    tampered = payload.replace(b'"acme"', b'"zen-client"')

    answers = [stripe.post("/billing/webhook", data=payload, headers={"Content-Type": "application/json"}),
               stripe.post("/billing/webhook", data=payload, headers={**headers, "Stripe-Signature": "t=1,v1=abc"}),
               stripe.post("/billing/webhook", data=payload,
                           headers={**headers, "Stripe-Signature": sign(payload, "whsec_not_ours")}),
               stripe.post("/billing/webhook", data=payload, headers={**headers, "Stripe-Signature": expired}),
               stripe.post("/billing/webhook", data=tampered, headers=headers)]

    assert [answer.status_code for answer in answers] == [400] * 5
    assert count(app, StripeEvent.select()) == 0
    assert subscription_of(app).stripe_id is None


def test_an_unknown_event_type_is_answered_logged_and_changes_nothing(app, owner, stripe_double, caplog):
    events = subscribe(owner, stripe_double)
    finalized = next(event for event in events if event["type"] == "invoice.finalized")

    with caplog.at_level(logging.INFO, logger="saas.billing.events"):
        response = deliver(app.test_client(), stripe_double, finalized)

    assert response.status_code == 200
    assert f"{finalized['id']} of type invoice.finalized ignored" in caplog.text
    with app.app_context():
        kept = StripeEvent.get()
    assert (kept.type, kept.status) == ("invoice.finalized", "ignored")
    assert subscription_of(app).stripe_id is None
    assert not stripe_calls(stripe_double, "GET", "/v1/subscriptions/")


def test_an_event_for_a_deleted_tenant_is_answered_and_logged(app, owner, stripe_double, caplog):
    events = subscribe(owner, stripe_double)
    deliver(app.test_client(), stripe_double, of_type(events, "checkout.session.completed"))
    subscription_id = of_type(events, "customer.subscription.created")["data"]["object"]["id"]
    assert post_form(owner, "/console/tenants/acme/delete", {"confirm": "acme"}).status_code == 302
    assert stripe_double.get(subscription_id)["status"] == "canceled"  # a deleted client is billed no more
    deleted = next(event for event in stripe_double.events if event["type"] == "customer.subscription.deleted")

    with caplog.at_level(logging.WARNING, logger="saas.billing.events"):
        response = deliver(app.test_client(), stripe_double, deleted)

    assert response.status_code == 200
    assert "tenant acme was deleted" in caplog.text
    with app.app_context():
        kept = StripeEvent.get(StripeEvent.stripe_id == deleted["id"])
    assert (kept.status, kept.tenant_slug) == ("ignored", "acme")


def test_an_event_is_kept_whole_with_its_id(app, owner, stripe_double):
    completed = of_type(subscribe(owner, stripe_double), "checkout.session.completed")

    deliver(app.test_client(), stripe_double, completed)

    with app.app_context():
        kept = StripeEvent.get()
    assert (kept.stripe_id, kept.status, kept.tenant_slug) == (completed["id"], "done", "acme")
    assert json.loads(kept.payload) == completed
