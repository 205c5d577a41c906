"""A consultancy's billing at a glance: each client's standing, seats and monthly amount, the
total, and the clients whose payment is overdue or who can only read their data."""
from collections import defaultdict
from dataclasses import dataclass

from peewee import JOIN

from saas.billing.models import Subscription
from saas.billing.prices import PLAN_NAMES, plain_amount
from saas.billing.standing import Standing, standing, terms, today
from saas.control import Tenant
from tenants.csv_export import to_csv


@dataclass
class ClientBilling:
    """One client tenant's line of the overview."""
    tenant: Tenant
    subscription: Subscription | None  # None until billing first looked at this tenant
    standing: Standing

    @property
    def plan(self):
        sub = self.subscription
        if sub is None or sub.stripe_id is None:
            return "Free trial"
        return PLAN_NAMES.get(sub.interval, sub.interval or "–")

    @property
    def seats_in_use(self):
        return self.subscription.seats_in_use if self.subscription else None

    @property
    def seats_paid(self):
        sub = self.subscription
        return sub.quantity if sub is not None and sub.live else 0

    @property
    def monthly_amount(self):
        """What this client costs a month (a year's price divided by twelve), in Stripe's units."""
        sub = self.subscription
        if sub is None or not sub.live or sub.status == "trialing" or sub.unit_amount is None:
            return 0
        total = sub.unit_amount * sub.quantity
        return round(total / 12) if sub.interval == "year" else total

    @property
    def currency(self):
        return self.subscription.currency if self.subscription and self.subscription.currency else None


def standing_of_client(tenant, subscription, payer):
    """The standing today of a tenant paid for by `payer` (a consultancy's name), with its
    Subscription row if it has one."""
    sub = subscription
    return standing(terms(), today(), tenant.created, payer, sub and sub.status, sub and sub.stripe_id,
                    sub and sub.past_due_since, sub and sub.seat_limit)


def clients_billing(tenants, payer):
    """A ClientBilling for each tenant of `tenants` (a query of the tenants of the consultancy
    called `payer`)."""
    rows = (tenants.select(Tenant, Subscription)
            .join(Subscription, JOIN.LEFT_OUTER, on=(Subscription.tenant == Tenant.id))
            .order_by(Tenant.name))
    found = []
    for tenant in rows:
        subscription = getattr(tenant, "subscription", None)
        subscription = subscription if subscription is not None and subscription.id is not None else None
        found.append(ClientBilling(tenant, subscription, standing_of_client(tenant, subscription, payer)))
    return found


def totals(lines):
    """The monthly total of every currency in use, as [(currency, amount)], largest first."""
    by_currency = defaultdict(int)
    for line in lines:
        if line.monthly_amount:
            by_currency[line.currency] += line.monthly_amount
    return sorted(by_currency.items(), key=lambda pair: -pair[1])


def needing_attention(lines):
    """The clients whose payment is overdue or who can only read: what staff must see first."""
    return [line for line in lines if line.standing.state in ("past due", "read-only")]


COLUMNS = ["client", "web_address", "status", "plan", "seats_in_use", "seats_paid", "seat_limit",
           "monthly_amount", "currency", "next_invoice", "next_invoice_amount"]


def as_csv(lines):
    """The overview as CSV, with one total line per currency."""
    rows = []
    for line in lines:
        sub = line.subscription
        rows.append({"client": line.tenant.name, "web_address": f"/t/{line.tenant.slug}/",
                     "status": line.standing.state, "plan": line.plan,
                     "seats_in_use": "" if line.seats_in_use is None else line.seats_in_use,
                     "seats_paid": line.seats_paid,
                     "seat_limit": "" if line.standing.seat_limit is None else line.standing.seat_limit,
                     "monthly_amount": plain_amount(line.monthly_amount, line.currency),
                     "currency": (line.currency or "").upper(),
                     "next_invoice": sub.next_invoice_at.date().isoformat() if sub and sub.next_invoice_at else "",
                     "next_invoice_amount": plain_amount(sub.next_invoice_amount, sub.currency) if sub else ""})
    for currency, amount in totals(lines):
        rows.append({"client": "Total", "monthly_amount": plain_amount(amount, currency), "currency": currency.upper()})
    return to_csv(COLUMNS, rows)

