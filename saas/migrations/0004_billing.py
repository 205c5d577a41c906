"""Billing: each consultancy's Stripe customer, each tenant's subscription, invoices, Stripe's events."""
import datetime

from peewee import BooleanField, CharField, DateTimeField, ForeignKeyField, IntegerField, Model, TextField


def up(migrator, db):
    now = datetime.datetime.utcnow

    class Consultancy(Model):
        class Meta:
            table_name = "consultancy"

    class Tenant(Model):
        class Meta:
            table_name = "tenant"

    class StripeCustomer(Model):
        consultancy = ForeignKeyField(Consultancy, unique=True, on_delete="CASCADE")
        stripe_id = CharField(null=True, unique=True)
        created = DateTimeField(default=now)

        class Meta:
            table_name = "stripe_customer"

    class Subscription(Model):
        tenant = ForeignKeyField(Tenant, unique=True, on_delete="CASCADE")
        stripe_id = CharField(null=True, unique=True)
        item_id = CharField(null=True)
        status = CharField(default="trialing")
        interval = CharField(null=True)
        unit_amount = IntegerField(null=True)
        currency = CharField(null=True)
        quantity = IntegerField(default=0)
        seat_limit = IntegerField(null=True)
        current_period_end = DateTimeField(null=True)
        cancel_at_period_end = BooleanField(default=False)
        ended = DateTimeField(null=True)
        past_due_since = DateTimeField(null=True)
        next_invoice_at = DateTimeField(null=True)
        next_invoice_amount = IntegerField(null=True)
        seats_in_use = IntegerField(null=True)
        seats_changed = DateTimeField(null=True, index=True)
        refreshed = DateTimeField(null=True)
        refresh_failed = DateTimeField(null=True)

        class Meta:
            table_name = "subscription"

    class Invoice(Model):
        tenant = ForeignKeyField(Tenant, on_delete="CASCADE")
        stripe_id = CharField(unique=True)
        number = CharField(null=True)
        status = CharField()
        amount_due = IntegerField()
        amount_paid = IntegerField(default=0)
        currency = CharField()
        created = DateTimeField()
        hosted_invoice_url = CharField(null=True)
        invoice_pdf = CharField(null=True)

        class Meta:
            table_name = "invoice"

    class StripeEvent(Model):
        stripe_id = CharField(unique=True)
        type = CharField()
        created = DateTimeField()
        received = DateTimeField(default=now)
        status = CharField(default="received")
        note = TextField(default="")
        tenant_slug = CharField(null=True)
        payload = TextField()

        class Meta:
            table_name = "stripe_event"

    models = [StripeCustomer, Subscription, Invoice, StripeEvent]
    with db.bind_ctx(models):
        db.create_tables(models)
