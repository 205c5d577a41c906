"""Each client tenant's subscription: begun in Stripe Checkout, managed in Stripe's customer
portal, and copied into the control database by re-reading it from Stripe (never from an event's
copy), so that events arriving twice or out of order leave the same state."""
import datetime
import logging
import math

import stripe

from saas.billing.models import ENDED, Invoice, StripeCustomer, Subscription, subscription_for
from saas.billing.prices import PLAN_NAMES, price_for
from saas.billing.standing import terms, today
from saas.billing.stripe_client import UNREACHABLE, BillingUnavailable, as_dict, client
from saas.control import Membership, Staff, Tenant, audit, control_db, now
from saas.jobs import job
from saas.tenancy import tenants_changed

log = logging.getLogger(__name__)
# The actors in the audit log for what Stripe told us, and for what the platform did by itself.
STRIPE, MENTORUP = "Stripe", "MentorUp"
# The fields a tenant's standing depends on: a change to them must reach every process at once.
STANDING_FIELDS = ("stripe_id", "status", "past_due_since", "seat_limit")


class Ignored(LookupError):
    """Stripe's object cannot change any tenant's subscription; the message says why."""

    def __init__(self, message, slug=None):
        super().__init__(message)
        self.slug = slug


def at(timestamp):
    """A Unix time from Stripe as the naive UTC datetime the database keeps."""
    if timestamp is None:
        return None
    return datetime.datetime.fromtimestamp(timestamp, datetime.timezone.utc).replace(tzinfo=None)


def fields_of(subscription):
    """The Subscription fields that copy Stripe's `subscription` (a dict)."""
    item = subscription["items"]["data"][0]
    price = item["price"]
    return {"stripe_id": subscription["id"], "status": subscription["status"], "item_id": item["id"],
            "quantity": item["quantity"], "interval": (price.get("recurring") or {}).get("interval"),
            "unit_amount": price["unit_amount"], "currency": price["currency"],
            "current_period_end": at(item["current_period_end"]),
            "cancel_at_period_end": bool(subscription["cancel_at_period_end"]),
            "ended": at(subscription.get("ended_at"))}


# --- from Stripe into the control database --------------------------------------------------

def tenant_of(subscription):
    """The tenant a Stripe subscription (a dict) pays for, or raise Ignored."""
    known = Subscription.get_or_none(Subscription.stripe_id == subscription["id"])
    slug = known.tenant.slug if known else (subscription.get("metadata") or {}).get("tenant")
    tenant = Tenant.get_or_none(Tenant.slug == slug) if slug else None
    if tenant is None:
        raise Ignored(f"subscription {subscription['id']} names no tenant of ours")
    if tenant.status == "deleted":
        raise Ignored(f"tenant {slug} was deleted; subscription {subscription['id']} left as it is", slug)
    customer = StripeCustomer.get_or_none(StripeCustomer.consultancy == tenant.consultancy_id)
    if customer is None or customer.stripe_id != subscription["customer"]:
        raise Ignored(f"subscription {subscription['id']} belongs to a Stripe customer other than the one "
                      f"of {slug}'s consultancy", slug)
    return tenant


def apply(subscription, seen_at):
    """Copy Stripe's `subscription` (a dict, just read from Stripe) into its tenant's row; `seen_at`
    is when Stripe told us of it, from which an overdue payment's grace is counted. Returns the row."""
    tenant = tenant_of(subscription)
    new = fields_of(subscription)
    with control_db.atomic():
        row = subscription_for(tenant)
        replaces_an_ended_one = row.status in ENDED and new["status"] not in ENDED
        if row.stripe_id not in (None, new["stripe_id"]) and not replaces_an_ended_one:
            raise Ignored(f"{tenant.slug} has another subscription ({row.stripe_id}); "
                          f"{new['stripe_id']} left as it is", tenant.slug)
        new["past_due_since"] = min(row.past_due_since or seen_at, seen_at) if new["status"] == "past_due" else None
        changed = {name: value for name, value in new.items() if getattr(row, name) != value}
        if changed:
            Subscription.update(**changed).where(Subscription.id == row.id).execute()
    if "status" in changed or "stripe_id" in changed:
        before = row.status if row.stripe_id else "free trial"
        audit(STRIPE, "subscription changed", tenant.slug, f"{before} → {new['status']} ({new['stripe_id']})",
              consultancy_id=tenant.consultancy_id)
    if any(name in changed for name in STANDING_FIELDS):
        tenants_changed()
    return Subscription.get_by_id(row.id)


def keep_invoice(tenant, invoice):
    """Remember one of the tenant's invoices (a dict from Stripe) as Stripe shows it now."""
    fields = {Invoice.number: invoice.get("number"), Invoice.status: invoice["status"],
              Invoice.amount_due: invoice["amount_due"], Invoice.amount_paid: invoice.get("amount_paid") or 0,
              Invoice.currency: invoice["currency"], Invoice.created: at(invoice["created"]),
              Invoice.hosted_invoice_url: invoice.get("hosted_invoice_url"),
              Invoice.invoice_pdf: invoice.get("invoice_pdf")}
    (Invoice.insert({Invoice.tenant: tenant, Invoice.stripe_id: invoice["id"], **fields})
     .on_conflict(conflict_target=[Invoice.stripe_id], update=fields).execute())


def reread(subscription_id, seen_at):
    """Read the subscription from Stripe and copy it in; returns the row (or raises Ignored)."""
    return apply(as_dict(client().v1.subscriptions.retrieve(subscription_id)), seen_at)


def refresh(subscription_id, seen_at):
    """Re-read a subscription, its next invoice and its latest invoices from Stripe and copy them
    in; returns the row. Raises what stripe raises when Stripe cannot be reached."""
    api = client()
    row = reread(subscription_id, seen_at)
    upcoming = None
    if row.live and not row.cancel_at_period_end:
        try:
            upcoming = as_dict(api.v1.invoices.create_preview({"subscription": row.stripe_id}))
        except stripe.InvalidRequestError as error:
            if error.code != "invoice_upcoming_none":
                raise
    for invoice in api.v1.invoices.list({"subscription": row.stripe_id, "limit": 24}).data:
        keep_invoice(row.tenant, as_dict(invoice))
    next_at = upcoming and at(upcoming.get("next_payment_attempt") or upcoming["period_end"])
    Subscription.update(next_invoice_at=next_at, next_invoice_amount=upcoming and upcoming["amount_due"],
                        refreshed=now(), refresh_failed=None).where(Subscription.id == row.id).execute()
    return Subscription.get_by_id(row.id)


def refresh_for_page(row):
    """Refresh a tenant's subscription for its billing page. False when Stripe could not be
    reached in time: the page then shows the last known state, and says so."""
    if row.stripe_id is None:
        return True
    try:
        refresh(row.stripe_id, today())
    except UNREACHABLE as error:
        log.warning("billing page of %s not refreshed: %s", row.tenant.slug, error)
        Subscription.update(refresh_failed=now()).where(Subscription.id == row.id).execute()
        return False
    except Ignored as why:
        log.warning("billing page of %s not refreshed: %s", row.tenant.slug, why)
    return True


# --- from the console into Stripe -----------------------------------------------------------

def customer_for(consultancy, actor):
    """The consultancy's Stripe customer id, created the first time. Its idempotency key comes
    from our own row, so two owners clicking at once make one customer."""
    StripeCustomer.insert(consultancy=consultancy).on_conflict_ignore().execute()
    row = StripeCustomer.get(StripeCustomer.consultancy == consultancy)
    if row.stripe_id:
        return row.stripe_id
    owner = (Staff.select().join(Membership).where(Membership.consultancy == consultancy, Membership.role == "owner")
             .order_by(Membership.id).first())
    customer = client().v1.customers.create(
        {"name": consultancy.name, "email": owner.email if owner else None,
         "metadata": {"consultancy": str(consultancy.id)}},
        {"idempotency_key": f"mentorup-customer-{row.id}-{row.created:%Y%m%d%H%M%S%f}"})
    StripeCustomer.update(stripe_id=customer.id).where(StripeCustomer.id == row.id).execute()
    audit(actor, "created the Stripe customer", detail=f"{consultancy.name} ({customer.id})",
          consultancy_id=consultancy.id)
    return customer.id


def trial_days_left(tenant):
    """Whole days left of the tenant's free trial (rounded up), carried into a new subscription."""
    left = tenant.created + datetime.timedelta(days=terms().trial_days) - today()
    return max(0, math.ceil(left.total_seconds() / 86400))


def start_checkout(tenant, interval, seats, actor, page_url):
    """A Stripe Checkout session that subscribes `tenant` for `seats` seats (at least 1), billed
    every `interval`; returns its address. `page_url` is the tenant's billing page."""
    row = subscription_for(tenant)
    if row.live:
        raise BillingUnavailable(f"{tenant.name} already has a subscription: change it with “Manage billing”.")
    price = price_for(interval)
    names = {"tenant": tenant.slug, "consultancy": str(tenant.consultancy_id)}
    params = {"mode": "subscription", "customer": customer_for(tenant.consultancy, actor),
              "line_items": [{"price": price.id, "quantity": max(seats, 1)}],
              "client_reference_id": tenant.slug, "metadata": names, "subscription_data": {"metadata": names},
              "success_url": page_url + "?session_id={CHECKOUT_SESSION_ID}", "cancel_url": page_url}
    days = trial_days_left(tenant) if row.stripe_id is None else 0
    if days:
        params["subscription_data"]["trial_period_days"] = days
    session = client().v1.checkout.sessions.create(params)
    audit(actor, "opened Stripe Checkout", tenant.slug,
          f"{PLAN_NAMES[interval].lower()}, {max(seats, 1)} seats" + (f", {days} trial days left" if days else ""),
          consultancy_id=tenant.consultancy_id)
    return session.url


def finish_checkout(tenant, session_id):
    """Back from Checkout: copy the new subscription in at once rather than wait for its event.
    True when the session was this tenant's and is complete."""
    session = client().v1.checkout.sessions.retrieve(session_id)
    customer = StripeCustomer.get_or_none(StripeCustomer.consultancy == tenant.consultancy_id)
    if session.client_reference_id != tenant.slug or customer is None or session.customer != customer.stripe_id:
        return False
    if session.status != "complete" or not session.subscription:
        return False
    reread(session.subscription, today())
    return True


def portal_url(consultancy, actor, return_url):
    """The address of Stripe's customer portal for the consultancy (cards, invoices, plans)."""
    customer = StripeCustomer.get_or_none(StripeCustomer.consultancy == consultancy)
    if customer is None or not customer.stripe_id:
        raise BillingUnavailable("There is nothing to manage yet: subscribe a client first.")
    session = client().v1.billing_portal.sessions.create({"customer": customer.stripe_id, "return_url": return_url})
    audit(actor, "opened the Stripe customer portal", detail=customer.stripe_id, consultancy_id=consultancy.id)
    return session.url


def set_seat_limit(tenant, limit, actor):
    """Let the tenant have at most `limit` seats (None: no limit beyond the trial's)."""
    row = subscription_for(tenant)
    Subscription.update(seat_limit=limit).where(Subscription.id == row.id).execute()
    tenants_changed()
    audit(actor, "changed the seat limit", tenant.slug,
          f"{row.seat_limit or 'none'} → {limit or 'none'}", consultancy_id=tenant.consultancy_id)


@job(retries=5)
def end_subscription_of_deleted_tenant(slug):
    """A deleted client is billed no more: its subscription ends now (Stripe's default: no refund)."""
    row = Subscription.select().join(Tenant).where(Tenant.slug == slug).first()
    if row is None or not row.live:
        return False
    ended = client().v1.subscriptions.cancel(row.stripe_id)
    Subscription.update(status=ended.status, ended=at(ended.ended_at)).where(Subscription.id == row.id).execute()
    audit(MENTORUP, "ended the subscription of a deleted client", slug, row.stripe_id,
          consultancy_id=row.tenant.consultancy_id)
    return True
