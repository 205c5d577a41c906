"""Seats follow people. The product says when its participants changed (invited, revoked,
removed); once a minute a job counts the seats of each tenant that changed and, when it pays
through Stripe, sets the subscription's quantity to match: many changes in a minute, one call.

A change is a timestamp on the tenant's row, cleared only by a count that started after it, so
a change made while counting, a failed Stripe call or a crashed worker is counted next minute.
"""
import logging

import stripe
from peewee import JOIN

from saas.billing.models import Subscription, subscription_for
from saas.billing.standing import billing_on, today
from saas.billing.stripe_client import client
from saas.billing.subscriptions import MENTORUP, Ignored, reread
from saas.control import Tenant, audit, now
from saas.jobs import job, queue
from saas.tenancy import tenant_scope
from tenants.product import PRODUCT

log = logging.getLogger(__name__)


def people_changed(slug):
    """The participants of tenant `slug` changed: count its seats within the minute."""
    if not billing_on():
        return
    tenant = Tenant.get(Tenant.slug == slug)
    if tenant.consultancy_id is None:  # nobody pays for it
        return
    (Subscription.insert(tenant=tenant, seats_changed=now())
     .on_conflict(conflict_target=[Subscription.tenant], update={Subscription.seats_changed: now()}).execute())


def count_seats(slug):
    """Seats in use in the tenant: participants invited or active (the product says who)."""
    with tenant_scope(slug, include_suspended=True):
        return PRODUCT.seats_in_use()


@job(every="* * * * *")
def sync_changed_seats():
    """Queue one count for each billed tenant whose people changed, or that was never counted."""
    if not billing_on():
        return 0
    due = (Tenant.select(Tenant.slug)
           .join(Subscription, JOIN.LEFT_OUTER, on=(Subscription.tenant == Tenant.id))
           .where(Tenant.status.in_(("active", "suspended")), Tenant.consultancy.is_null(False),
                  Subscription.id.is_null() | Subscription.seats_in_use.is_null() |
                  Subscription.seats_changed.is_null(False)))
    slugs = [tenant.slug for tenant in due]
    for slug in slugs:
        queue(sync_seats, slug)
    return len(slugs)


@job()
def sync_seats(slug):
    """Count the tenant's seats and make its Stripe subscription's quantity match (at least 1,
    with Stripe's default proration). Returns the seats in use."""
    tenant = Tenant.get(Tenant.slug == slug)
    row = subscription_for(tenant)
    marked = row.seats_changed
    if tenant.status == "deleted":
        seats = quantity = 0
    else:
        seats, quantity = count_seats(slug), row.quantity
        wanted = max(seats, 1)
        if row.live and row.item_id and quantity != wanted:
            try:
                quantity = client().v1.subscription_items.update(row.item_id, {"quantity": wanted}).quantity
            except stripe.InvalidRequestError as refusal:
                # Stripe refused (the subscription ended meanwhile, say): take its word and stop asking.
                log.warning("seats of %s not changed in Stripe: %s", slug, refusal)
                try:
                    quantity = reread(row.stripe_id, today()).quantity
                except Ignored:
                    pass
            else:
                audit(MENTORUP, "changed the seats paid in Stripe", slug, f"{row.quantity} → {quantity}",
                      consultancy_id=tenant.consultancy_id)
    if seats != row.seats_in_use:
        audit(MENTORUP, "counted the seats in use", slug, f"{row.seats_in_use or 0} → {seats}",
              consultancy_id=tenant.consultancy_id)
    Subscription.update(seats_in_use=seats, quantity=quantity).where(Subscription.id == row.id).execute()
    change = Subscription.seats_changed.is_null() if marked is None else Subscription.seats_changed == marked
    Subscription.update(seats_changed=None).where(Subscription.id == row.id, change).execute()
    return seats
