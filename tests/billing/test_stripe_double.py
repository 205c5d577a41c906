"""The Stripe double answers the real stripe client as Stripe would: its objects, its refusals,
idempotent replays, signed webhooks and its outages. Everything goes through `stripe` itself."""
import time

import pytest
import stripe

from tests.billing.stripe_double import event_payload, sign

MONTHLY, YEARLY = "mentorup_seat_monthly", "mentorup_seat_yearly"
SUCCESS_URL = "https://console.example/billing/done?session_id={CHECKOUT_SESSION_ID}"


def make_prices(client):
    """One product, a monthly and a yearly per-seat price, as `billing sync-prices` would make them."""
    product = client.v1.products.create({"name": "MentorUp seat", "metadata": {"app": "mentorup"}})
    monthly = client.v1.prices.create({"product": product.id, "currency": "eur", "unit_amount": 800,
                                       "recurring": {"interval": "month"}, "lookup_key": MONTHLY})
    yearly = client.v1.prices.create({"product": product.id, "currency": "eur", "unit_amount": 8000,
                                      "recurring": {"interval": "year"}, "lookup_key": YEARLY})
    return product, monthly, yearly


def checkout(client, price, *, quantity=3, **fields):
    customer = client.v1.customers.create({"email": "kim@kite.example", "name": "Kite Partners"})
    return client.v1.checkout.sessions.create({
        "mode": "subscription", "customer": customer.id, "line_items": [{"price": price.id, "quantity": quantity}],
        "client_reference_id": "acme", "metadata": {"tenant": "acme"},
        "subscription_data": {"metadata": {"tenant": "acme"}}, "success_url": SUCCESS_URL,
        "cancel_url": "https://console.example/billing", **fields})


def subscribe(client, stripe_double, *, quantity=3, **fields):
    """A paid subscription through Checkout; returns its id."""
    _, monthly, _ = make_prices(client)
    events = stripe_double.complete_checkout(checkout(client, monthly, quantity=quantity, **fields).id)
    return events[0]["data"]["object"]["id"]


def refusal(call):
    with pytest.raises(stripe.InvalidRequestError) as refused:
        call()
    return refused.value


# --- Products and prices -------------------------------------------------------------------

def test_prices_are_found_again_by_lookup_key_with_their_product(stripe_client):
    product, monthly, yearly = make_prices(stripe_client)

    found = stripe_client.v1.prices.list({"lookup_keys": [MONTHLY, YEARLY], "active": True,
                                          "expand": ["data.product"]})

    assert {price.id for price in found.data} == {monthly.id, yearly.id}
    assert {price.recurring.interval for price in found.data} == {"month", "year"}
    assert all(price.product.name == "MentorUp seat" for price in found.data)
    assert stripe_client.v1.products.retrieve(product.id).name == "MentorUp seat"


def test_a_lookup_key_already_in_use_is_refused_unless_transferred(stripe_client):
    product, monthly, _ = make_prices(stripe_client)
    new_price = {"product": product.id, "currency": "eur", "unit_amount": 900, "recurring": {"interval": "month"},
                 "lookup_key": MONTHLY}

    refused = refusal(lambda: stripe_client.v1.prices.create(new_price))
    moved = stripe_client.v1.prices.create({**new_price, "transfer_lookup_key": True})

    assert refused.param == "lookup_key"
    assert stripe_client.v1.prices.list({"lookup_keys": [MONTHLY]}).data[0].id == moved.id
    assert stripe_client.v1.prices.retrieve(monthly.id).lookup_key is None


def test_products_are_found_by_search_and_listed_page_by_page(stripe_client):
    product, _, _ = make_prices(stripe_client)
    for number in range(12):
        stripe_client.v1.products.create({"name": f"Other {number}"})

    found = stripe_client.v1.products.search({"query": "metadata['app']:'mentorup' AND active:'true'"})
    listed = list(stripe_client.v1.products.list({"limit": 5}).auto_paging_iter())

    assert [p.id for p in found.data] == [product.id]
    assert len({p.id for p in listed}) == 13


# --- Checkout and the portal ---------------------------------------------------------------

def test_a_completed_checkout_makes_an_active_subscription_with_its_quantity_and_metadata(
        stripe_client, stripe_double):
    _, monthly, _ = make_prices(stripe_client)
    session = checkout(stripe_client, monthly, quantity=7)

    stripe_double.complete_checkout(session.id)
    session = stripe_client.v1.checkout.sessions.retrieve(session.id)
    subscription = stripe_client.v1.subscriptions.retrieve(session.subscription, {"expand": ["latest_invoice"]})

    assert (session.status, session.payment_status, session.client_reference_id) == ("complete", "paid", "acme")
    assert subscription.status == "active"
    assert subscription["items"].data[0].quantity == 7
    assert subscription["items"].data[0].price.id == monthly.id
    assert subscription.metadata.to_dict() == {"tenant": "acme"}
    assert (subscription.latest_invoice.status, subscription.latest_invoice.amount_paid) == ("paid", 7 * 800)


def test_a_completed_checkout_sends_stripes_events_in_order(stripe_client, stripe_double):
    _, monthly, _ = make_prices(stripe_client)
    session = checkout(stripe_client, monthly)

    events = stripe_double.complete_checkout(session.id)

    assert [event["type"] for event in events] == [
        "customer.subscription.created", "invoice.created", "invoice.finalized", "invoice.paid",
        "invoice.payment_succeeded", "checkout.session.completed"]
    completed = stripe_client.v1.events.retrieve(events[-1]["id"])
    assert completed.data.object.id == session.id
    assert completed.data.object.subscription == events[0]["data"]["object"]["id"]
    assert completed.api_version == stripe.api_version


def test_a_trial_makes_a_trialing_subscription_whose_first_invoice_is_free(stripe_client, stripe_double):
    _, monthly, _ = make_prices(stripe_client)
    session = checkout(stripe_client, monthly, subscription_data={"trial_period_days": 30})

    events = stripe_double.complete_checkout(session.id)
    subscription = stripe_client.v1.subscriptions.retrieve(events[0]["data"]["object"]["id"])
    item = subscription["items"].data[0]

    assert subscription.status == "trialing"
    assert subscription.trial_end == item.current_period_end == subscription.start_date + 30 * 86400
    assert stripe_client.v1.invoices.retrieve(subscription.latest_invoice).amount_paid == 0
    assert stripe_client.v1.checkout.sessions.retrieve(session.id).payment_status == "no_payment_required"


REFUSED_CHECKOUTS = {
    "missing mode": (lambda price: {"mode": None}, "mode"),
    "unknown mode": (lambda price: {"mode": "monthly"}, "mode"),
    "payment mode for a recurring price": (lambda price: {"mode": "payment"}, "line_items"),
    "missing success_url": (lambda price: {"success_url": None}, "success_url"),
    "unknown price": (lambda price: {"line_items": [{"price": "price_unknown", "quantity": 1}]},
                      "line_items[0][price]"),
    "quantity 0": (lambda price: {"line_items": [{"price": price, "quantity": 0}]}, "line_items[0][quantity]"),
    "missing quantity": (lambda price: {"line_items": [{"price": price}]}, "line_items[0][quantity]"),
    "unknown customer": (lambda price: {"customer": "cus_unknown"}, "customer"),
    "trial of 0 days": (lambda price: {"subscription_data": {"trial_period_days": 0}},
                        "subscription_data[trial_period_days]"),
    "parameter the double lacks": (lambda price: {"automatic_tax": {"enabled": True}}, "automatic_tax"),
}


@pytest.mark.parametrize("change, param", REFUSED_CHECKOUTS.values(), ids=REFUSED_CHECKOUTS.keys())
def test_checkout_refuses_what_stripe_refuses(stripe_client, stripe_double, change, param):
    _, monthly, _ = make_prices(stripe_client)
    customer = stripe_client.v1.customers.create({"email": "kim@kite.example"})
    fields = {"mode": "subscription", "customer": customer.id, "success_url": SUCCESS_URL,
              "line_items": [{"price": monthly.id, "quantity": 2}], **change(monthly.id)}

    refused = refusal(lambda: stripe_client.v1.checkout.sessions.create(fields))

    assert (refused.http_status, refused.param) == (400, param)
    assert refused.json_body["error"]["type"] == "invalid_request_error"
    assert stripe_double.stored("checkout.session") == []


def test_the_portal_opens_for_a_known_customer_only(stripe_client):
    customer = stripe_client.v1.customers.create({"email": "kim@kite.example"})

    portal = stripe_client.v1.billing_portal.sessions.create({"customer": customer.id,
                                                              "return_url": "https://console.example/billing"})
    refused = refusal(lambda: stripe_client.v1.billing_portal.sessions.create({"customer": "cus_unknown"}))

    assert portal.url.startswith("https://") and portal.customer == customer.id
    assert (refused.param, refused.code) == ("customer", "resource_missing")


# --- Subscriptions and invoices ------------------------------------------------------------

def test_an_unknown_subscription_is_a_404(stripe_client):
    refused = refusal(lambda: stripe_client.v1.subscriptions.retrieve("sub_unknown"))

    assert (refused.http_status, refused.code) == (404, "resource_missing")


def test_a_seat_change_updates_the_quantity_and_prorates_into_the_next_invoice(stripe_client, stripe_double):
    subscription_id = subscribe(stripe_client, stripe_double, quantity=3)
    item = stripe_client.v1.subscriptions.retrieve(subscription_id)["items"].data[0]

    stripe_client.v1.subscription_items.update(item.id, {"quantity": 5})
    upcoming = stripe_client.v1.invoices.create_preview({"subscription": subscription_id})

    assert stripe_client.v1.subscriptions.retrieve(subscription_id)["items"].data[0].quantity == 5
    prorations = [line.amount for line in upcoming.lines.data if line.parent.type == "invoice_item_details"]
    assert len(prorations) == 2 and prorations[0] < 0 < prorations[1]
    assert upcoming.amount_due == 5 * 800 + sum(prorations)
    updates = [r for r in stripe_double.requests
               if r.method == "POST" and r.path == f"/v1/subscription_items/{item.id}"]
    assert [r.params for r in updates] == [{"quantity": "5"}]
    updated = stripe_double.events[-1]
    assert updated["type"] == "customer.subscription.updated"
    assert updated["data"]["previous_attributes"]["items"]["data"][0]["quantity"] == 3


def test_a_negative_quantity_is_refused_and_a_refused_update_changes_nothing(stripe_client, stripe_double):
    subscription_id = subscribe(stripe_client, stripe_double, quantity=3)
    item = stripe_client.v1.subscriptions.retrieve(subscription_id)["items"].data[0]
    events_before = len(stripe_double.events)

    refused = refusal(lambda: stripe_client.v1.subscriptions.update(subscription_id, {
        "metadata": {"tenant": "other"}, "items": [{"id": item.id, "quantity": 5}, {"id": item.id, "quantity": -1}]}))

    assert refused.param == "items[1][quantity]"
    subscription = stripe_client.v1.subscriptions.retrieve(subscription_id)
    assert (subscription["items"].data[0].quantity, subscription.metadata["tenant"]) == (3, "acme")
    assert len(stripe_double.events) == events_before


def test_the_period_ends_with_a_paid_renewal(stripe_client, stripe_double):
    subscription_id = subscribe(stripe_client, stripe_double)
    first_end = stripe_client.v1.subscriptions.retrieve(subscription_id)["items"].data[0].current_period_end
    upcoming = stripe_client.v1.invoices.create_preview({"subscription": subscription_id})

    events = stripe_double.advance_period(subscription_id)

    assert [event["type"] for event in events] == [
        "customer.subscription.updated", "invoice.created", "invoice.finalized", "invoice.paid",
        "invoice.payment_succeeded"]
    assert upcoming.next_payment_attempt == first_end
    item = stripe_client.v1.subscriptions.retrieve(subscription_id)["items"].data[0]
    assert item.current_period_start == first_end
    invoices = stripe_client.v1.invoices.list({"subscription": subscription_id}).data
    assert [(i.billing_reason, i.status, i.amount_paid) for i in invoices] == [
        ("subscription_cycle", "paid", 3 * 800), ("subscription_create", "paid", 3 * 800)]
    assert all(i.hosted_invoice_url and i.invoice_pdf for i in invoices)


def test_a_failed_payment_makes_it_past_due_and_paying_makes_it_active_again(stripe_client, stripe_double):
    subscription_id = subscribe(stripe_client, stripe_double)

    failed = stripe_double.fail_payment(subscription_id)
    past_due = stripe_client.v1.subscriptions.retrieve(subscription_id, {"expand": ["latest_invoice", "customer"]})
    paid = stripe_double.pay(subscription_id)

    assert [event["type"] for event in failed][-2:] == ["invoice.payment_failed", "customer.subscription.updated"]
    assert failed[-1]["data"]["previous_attributes"] == {"status": "active"}
    assert past_due.status == "past_due" and past_due.customer.delinquent
    assert (past_due.latest_invoice.status, past_due.latest_invoice.attempt_count) == ("open", 1)
    assert [event["type"] for event in paid] == ["invoice.paid", "invoice.payment_succeeded",
                                                 "customer.subscription.updated"]
    assert stripe_client.v1.subscriptions.retrieve(subscription_id).status == "active"


def test_an_unpaid_subscription_can_be_canceled_and_then_not_changed(stripe_client, stripe_double):
    subscription_id = subscribe(stripe_client, stripe_double)
    stripe_double.fail_payment(subscription_id)

    stripe_double.mark_unpaid(subscription_id)
    unpaid = stripe_client.v1.subscriptions.retrieve(subscription_id).status
    canceled = stripe_client.v1.subscriptions.cancel(subscription_id)

    assert unpaid == "unpaid" and canceled.status == "canceled"
    assert stripe_double.events[-1]["type"] == "customer.subscription.deleted"
    assert refusal(lambda: stripe_client.v1.subscriptions.cancel(subscription_id)).http_status == 404
    assert refusal(lambda: stripe_client.v1.subscriptions.update(
        subscription_id, {"cancel_at_period_end": True})).http_status == 400
    customer = canceled.customer
    assert stripe_client.v1.subscriptions.list({"customer": customer}).data == []
    assert [s.id for s in stripe_client.v1.subscriptions.list({"customer": customer, "status": "all"})] == [
        subscription_id]


def test_cancel_at_period_end_ends_the_subscription_when_the_period_ends(stripe_client, stripe_double):
    subscription_id = subscribe(stripe_client, stripe_double)

    stripe_client.v1.subscriptions.update(subscription_id, {"cancel_at_period_end": True})
    no_upcoming = refusal(lambda: stripe_client.v1.invoices.create_preview({"subscription": subscription_id}))
    events = stripe_double.advance_period(subscription_id)

    assert (no_upcoming.http_status, no_upcoming.code) == (404, "invoice_upcoming_none")
    assert [event["type"] for event in events] == ["customer.subscription.deleted"]
    subscription = stripe_client.v1.subscriptions.retrieve(subscription_id)
    assert subscription.status == "canceled"
    assert subscription.cancellation_details.reason == "cancellation_requested"


# --- Idempotency and keys ------------------------------------------------------------------

def test_the_same_idempotency_key_replays_the_answer_and_creates_nothing_twice(stripe_client, stripe_double):
    options = {"idempotency_key": "create-seat-product"}

    first = stripe_client.v1.products.create({"name": "MentorUp seat"}, options)
    again = stripe_client.v1.products.create({"name": "MentorUp seat"}, options)

    assert again.id == first.id
    assert len(stripe_client.v1.products.list().data) == 1
    assert [e["type"] for e in stripe_double.events] == ["product.created"]


def test_the_same_idempotency_key_with_other_parameters_is_an_idempotency_error(stripe_client):
    options = {"idempotency_key": "create-seat-product"}
    stripe_client.v1.products.create({"name": "MentorUp seat"}, options)

    with pytest.raises(stripe.IdempotencyError):
        stripe_client.v1.products.create({"name": "Another product"}, options)
    assert len(stripe_client.v1.products.list().data) == 1


@pytest.mark.parametrize("key", ["sk_test_not_the_right_one", "sk_live_not_a_test_key"])
def test_a_request_without_the_secret_key_is_refused_with_401(stripe_double, key):
    client = stripe.StripeClient(key, base_addresses=stripe_double.base_addresses)

    with pytest.raises(stripe.AuthenticationError) as refused:
        client.v1.products.list()

    assert refused.value.http_status == 401


# --- Webhooks ------------------------------------------------------------------------------

def test_a_webhook_signed_by_the_double_is_verified_by_stripe(stripe_client, stripe_double):
    _, monthly, _ = make_prices(stripe_client)
    completed = stripe_double.complete_checkout(checkout(stripe_client, monthly).id)[-1]
    payload, headers = stripe_double.webhook(completed)

    event = stripe.Webhook.construct_event(payload, headers["Stripe-Signature"], stripe_double.webhook_secret)

    assert (event.id, event.type) == (completed["id"], "checkout.session.completed")
    assert event.data.object.metadata["tenant"] == "acme"


@pytest.mark.parametrize("spoil", ["tampered", "wrong secret", "expired", "missing"])
def test_a_spoilt_webhook_is_rejected_by_stripe(stripe_client, stripe_double, spoil):
    _, monthly, _ = make_prices(stripe_client)
    event = stripe_double.complete_checkout(checkout(stripe_client, monthly).id)[-1]
    payload = event_payload(event)
    secret = stripe_double.webhook_secret
    header = {
        "tampered": sign(payload, secret),
        "wrong secret": sign(payload, "whsec_someone_else"),
        "expired": sign(payload, secret, timestamp=int(time.time()) - 3600),
        "missing": "",
    }[spoil]
    if spoil == "tampered":
        payload = payload.replace(b'"complete"', b'"open"')

    with pytest.raises(stripe.SignatureVerificationError):
        stripe.Webhook.construct_event(payload, header, secret)


# --- Outages -------------------------------------------------------------------------------

def test_when_stripe_is_down_the_client_retries_then_raises_and_nothing_is_created(stripe_double):
    client = stripe_double.client(max_network_retries=1)
    stripe_double.down = True

    with pytest.raises(stripe.APIError):
        client.v1.products.create({"name": "MentorUp seat"})

    attempts = stripe_double.requests
    assert [r.status for r in attempts] == [500, 500]
    assert attempts[0].idempotency_key and attempts[0].idempotency_key == attempts[1].idempotency_key
    stripe_double.down = False
    assert client.v1.products.list().data == []


def test_when_stripe_is_slow_the_client_times_out_after_its_retries_and_the_work_is_done_once(stripe_double):
    client = stripe_double.client(max_network_retries=1, timeout=0.25)
    stripe_double.latency = 1.0

    with pytest.raises(stripe.APIConnectionError):
        client.v1.products.create({"name": "MentorUp seat"})

    attempts = [r for r in stripe_double.requests if r.method == "POST"]
    assert len(attempts) == 2 and attempts[0].idempotency_key == attempts[1].idempotency_key
    assert attempts[0].response == attempts[1].response
    stripe_double.latency = 0
    assert len(client.v1.products.list().data) == 1


def test_when_stripe_cannot_be_reached_the_client_raises_a_connection_error(stripe_double):
    client = stripe_double.client(max_network_retries=1)
    stripe_double.stop()

    with pytest.raises(stripe.APIConnectionError):
        client.v1.products.list()
