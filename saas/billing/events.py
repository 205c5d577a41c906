"""Stripe's events, as posted to /billing/webhook: checked against the signing secret by stripe's
own code, kept by their id so that a replay changes nothing, and handled by a job that re-reads
the subscription from Stripe, so that Stripe gets its answer at once and order does not matter."""
import json
import logging

import peewee
import stripe
from flask import current_app

from saas.billing.models import StripeEvent
from saas.billing.subscriptions import Ignored, at, refresh
from saas.jobs import job, queue

log = logging.getLogger(__name__)

HANDLED = {"checkout.session.completed", "customer.subscription.created", "customer.subscription.updated",
           "customer.subscription.deleted", "invoice.paid", "invoice.payment_failed"}


def receive(payload, signature):
    """Check and keep one posted event (the raw body and its Stripe-Signature header) and queue
    its handling. Returns (HTTP status, a line for Stripe's delivery log)."""
    try:
        stripe.Webhook.construct_event(payload, signature, current_app.config["STRIPE_WEBHOOK_SECRET"])
        event = json.loads(payload)
        fields = {"stripe_id": event["id"], "type": event["type"], "created": at(event["created"])}
    except (ValueError, KeyError, TypeError, stripe.SignatureVerificationError) as problem:
        log.warning("Stripe webhook refused: %s", problem)
        return 400, "refused: the signature or the event is not valid"
    handled = event["type"] in HANDLED
    try:
        row = StripeEvent.create(**fields, payload=payload.decode("utf-8"), status="received" if handled else "ignored",
                                 note="" if handled else "not a type MentorUp handles")
    except peewee.IntegrityError:
        row = StripeEvent.get(StripeEvent.stripe_id == event["id"])
        claimed = StripeEvent.update(status="received").where(StripeEvent.id == row.id,
                                                              StripeEvent.status == "failed").execute()
        if not claimed:
            log.info("Stripe event %s (%s) received again: nothing to do", event["id"], event["type"])
            return 200, "already received"
    if not handled:
        log.info("Stripe event %s of type %s ignored: not a type MentorUp handles", event["id"], event["type"])
        return 200, "ignored"
    try:
        queue(handle_event, row.id)
    except Exception:
        # Not queued: answer with an error so that Stripe sends it again, and let that copy through.
        StripeEvent.update(status="failed", note="could not be queued").where(StripeEvent.id == row.id).execute()
        raise
    return 200, "received"


def subscription_named_by(event):
    """The id of the subscription an event is about, or None."""
    thing = event["data"]["object"]
    if event["type"] == "checkout.session.completed":
        return thing.get("subscription")
    if event["type"].startswith("customer.subscription."):
        return thing["id"]
    return ((thing.get("parent") or {}).get("subscription_details") or {}).get("subscription")


@job(retries=5)
def handle_event(event_row_id):
    """Bring the subscription an event is about up to date by reading it from Stripe, with its
    next invoice and its invoices. Retried while Stripe cannot be reached."""
    row = StripeEvent.get_by_id(event_row_id)
    event = json.loads(row.payload)
    try:
        subscription_id = subscription_named_by(event)
        if subscription_id is None:
            raise Ignored("it names no subscription")
        subscription = refresh(subscription_id, at(event["created"]))
    except Ignored as why:
        log.warning("Stripe event %s (%s) ignored: %s", row.stripe_id, row.type, why)
        StripeEvent.update(status="ignored", note=str(why), tenant_slug=why.slug).where(
            StripeEvent.id == row.id).execute()
        return "ignored"
    except Exception as error:
        StripeEvent.update(status="failed", note=f"{type(error).__name__}: {error}"[:500]).where(
            StripeEvent.id == row.id).execute()
        raise
    StripeEvent.update(status="done", note="", tenant_slug=subscription.tenant.slug).where(
        StripeEvent.id == row.id).execute()
    return "done"
