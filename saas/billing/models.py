"""What the control database keeps of billing: each consultancy's Stripe customer, each client
tenant's subscription (the last state read from Stripe), its invoices, and Stripe's events."""
import peewee

from saas.control import Consultancy, ControlModel, Tenant, now

# Stripe's subscription statuses in which the subscription is over: a new one may replace it.
ENDED = ("canceled", "incomplete_expired")


class StripeCustomer(ControlModel):
    """The Stripe customer that pays for every client tenant of one consultancy."""
    consultancy = peewee.ForeignKeyField(Consultancy, unique=True, backref="stripe_customers", on_delete="CASCADE")
    stripe_id = peewee.CharField(null=True, unique=True)
    created = peewee.DateTimeField(default=now)


class Subscription(ControlModel):
    """One client tenant's plan. Before any Stripe subscription it is the free trial (status
    "trialing", no stripe_id); after, the fields are a copy of Stripe's, re-read on every event."""
    tenant = peewee.ForeignKeyField(Tenant, unique=True, backref="subscriptions", on_delete="CASCADE")
    stripe_id = peewee.CharField(null=True, unique=True)
    item_id = peewee.CharField(null=True)  # the subscription item whose quantity is the seats paid
    status = peewee.CharField(default="trialing")
    interval = peewee.CharField(null=True)  # month | year
    unit_amount = peewee.IntegerField(null=True)  # in the currency's smallest unit, a seat an interval
    currency = peewee.CharField(null=True)
    quantity = peewee.IntegerField(default=0)  # seats paid
    seat_limit = peewee.IntegerField(null=True)  # set by the consultancy; None: no limit beyond the trial's
    current_period_end = peewee.DateTimeField(null=True)
    cancel_at_period_end = peewee.BooleanField(default=False)
    ended = peewee.DateTimeField(null=True)
    past_due_since = peewee.DateTimeField(null=True)  # the first failed payment of this stretch
    next_invoice_at = peewee.DateTimeField(null=True)
    next_invoice_amount = peewee.IntegerField(null=True)
    seats_in_use = peewee.IntegerField(null=True)  # last counted in the tenant's database
    seats_changed = peewee.DateTimeField(null=True, index=True)  # people changed since the last count
    refreshed = peewee.DateTimeField(null=True)  # last read from Stripe
    refresh_failed = peewee.DateTimeField(null=True)  # last attempt that could not reach Stripe

    @property
    def live(self):
        """A Stripe subscription that has not ended."""
        return self.stripe_id is not None and self.status not in ENDED


class Invoice(ControlModel):
    """One of a tenant's invoices, as Stripe last showed it."""
    tenant = peewee.ForeignKeyField(Tenant, backref="invoices", on_delete="CASCADE")
    stripe_id = peewee.CharField(unique=True)
    number = peewee.CharField(null=True)
    status = peewee.CharField()
    amount_due = peewee.IntegerField()
    amount_paid = peewee.IntegerField(default=0)
    currency = peewee.CharField()
    created = peewee.DateTimeField()
    hosted_invoice_url = peewee.CharField(null=True)
    invoice_pdf = peewee.CharField(null=True)


class StripeEvent(ControlModel):
    """An event Stripe sent us, kept by its id so that a replay changes nothing."""
    stripe_id = peewee.CharField(unique=True)
    type = peewee.CharField()
    created = peewee.DateTimeField()  # when Stripe made it
    received = peewee.DateTimeField(default=now)
    status = peewee.CharField(default="received")  # received → done | ignored | failed
    note = peewee.TextField(default="")
    tenant_slug = peewee.CharField(null=True)
    payload = peewee.TextField()


MODELS = [StripeCustomer, Subscription, Invoice, StripeEvent]


def subscription_for(tenant):
    """The tenant's Subscription row, made (as a trial) the first time it is asked for."""
    Subscription.insert(tenant=tenant).on_conflict_ignore().execute()
    return Subscription.get(Subscription.tenant == tenant)
