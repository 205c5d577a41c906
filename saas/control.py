"""The control database: consultancies, their staff, their tenants, and the audit log."""
import json

import peewee
from flask import current_app, has_app_context
from flask_login import UserMixin

from tenants.audit import client_address
from tenants.models import now
from tenants.scope import ContextDatabase


class ControlDatabase(ContextDatabase):
    """Stands for the control database of the app whose context this is: two apps with two
    configurations can live in one process."""
    __slots__ = ()

    def find(self):
        return current_app.extensions["databases"].control if has_app_context() else None


control_db = ControlDatabase()

STAFF_ROLES = {"owner": "Owner", "consultant": "Consultant"}
TENANT_STATUSES = ("active", "suspended", "deleted")


class ControlModel(peewee.Model):
    class Meta:
        database = control_db
        legacy_table_names = False


class Consultancy(ControlModel):
    name = peewee.CharField()
    created = peewee.DateTimeField(default=now)


class Staff(UserMixin, ControlModel):
    """A person who works for one or more consultancies and signs in at /console/."""
    email = peewee.CharField(unique=True)
    name = peewee.CharField()
    password_hash = peewee.CharField(null=True)
    email_verified = peewee.DateTimeField(null=True)
    created = peewee.DateTimeField(default=now)
    # Every session carries the version it was started under; raising it ends them all.
    session_version = peewee.IntegerField(default=0)

    def get_id(self):
        return f"staff:{self.id}"

    def end_sessions(self):
        """Sign this person out everywhere: every session they have stops working now."""
        Staff.update(session_version=Staff.session_version + 1).where(Staff.id == self.id).execute()


class Membership(ControlModel):
    staff = peewee.ForeignKeyField(Staff, backref="memberships", on_delete="CASCADE")
    consultancy = peewee.ForeignKeyField(Consultancy, backref="memberships", on_delete="CASCADE")
    role = peewee.CharField(choices=list(STAFF_ROLES.items()))

    class Meta:
        indexes = ((("staff", "consultancy"), True),)


class Tenant(ControlModel):
    slug = peewee.CharField(unique=True)
    name = peewee.CharField()
    consultancy = peewee.ForeignKeyField(Consultancy, backref="tenants", null=True)
    status = peewee.CharField(default="active")
    created = peewee.DateTimeField(default=now)
    deleted = peewee.DateTimeField(null=True)
    primary_color = peewee.CharField(default="#1f5f8b")
    logo = peewee.CharField(null=True)

    def save(self, *args, **kwargs):
        # Request handling keeps tenant rows in memory; every change must say so.
        from saas.tenancy import tenants_changed
        saved = super().save(*args, **kwargs)
        tenants_changed()
        return saved


class AuditEntry(ControlModel):
    at = peewee.DateTimeField(default=now, index=True)
    actor = peewee.CharField()
    action = peewee.CharField()
    tenant_slug = peewee.CharField(null=True, index=True)
    detail = peewee.TextField(default="")
    address = peewee.CharField(default="")
    consultancy_id = peewee.IntegerField(null=True, index=True)


class StaffInvitation(ControlModel):
    """An owner's invitation for someone to join their consultancy's staff."""
    consultancy = peewee.ForeignKeyField(Consultancy, backref="invitations", on_delete="CASCADE")
    email = peewee.CharField()
    role = peewee.CharField(choices=list(STAFF_ROLES.items()))
    invited_by = peewee.ForeignKeyField(Staff, null=True, on_delete="SET NULL")
    created = peewee.DateTimeField(default=now)
    accepted = peewee.DateTimeField(null=True)
    revoked = peewee.DateTimeField(null=True)


class TenantRollup(ControlModel):
    """A tenant's headline numbers, written by a job so the console never opens every tenant."""
    tenant = peewee.ForeignKeyField(Tenant, unique=True, backref="rollups", on_delete="CASCADE")
    participants = peewee.IntegerField(default=0)
    active_pairs = peewee.IntegerField(default=0)
    phases = peewee.TextField(default="{}")
    at_risk = peewee.IntegerField(default=0)  # active pairings with a red flag
    outcomes = peewee.TextField(default="{}")  # totals only: tenants.reports.figures.outcomes_in_aggregate()
    refreshed = peewee.DateTimeField(default=now)

    def phase_counts(self):
        """{phase: active pairings in it}, in the phases' order."""
        return json.loads(self.phases)

    def outcome_totals(self):
        return json.loads(self.outcomes)


class TenantExport(ControlModel):
    """A zip of a tenant's data, built by a job; the console polls its progress."""
    tenant = peewee.ForeignKeyField(Tenant, backref="exports", on_delete="CASCADE")
    requested_by = peewee.CharField()
    status = peewee.CharField(default="queued")
    progress = peewee.IntegerField(default=0)
    filename = peewee.CharField(null=True)
    created = peewee.DateTimeField(default=now)
    finished = peewee.DateTimeField(null=True)
    problem = peewee.TextField(default="")  # why it failed, in a sentence for the console


class LoginFailure(ControlModel):
    """A failed sign-in, counted per account and place, per address and per account to slow
    guessing down (saas/lockout.py)."""
    key = peewee.CharField(index=True)
    at = peewee.DateTimeField(default=now, index=True)


class JobRun(ControlModel):
    """One queued job: huey carries only its id. A worker claims it (queued → running) and holds a
    lease on it while it runs; a reaper takes it back when the lease runs out (saas.jobs)."""
    name = peewee.CharField()
    tenant_slug = peewee.CharField(null=True)  # None: a platform job
    args = peewee.BlobField()  # pickled, as huey would
    key = peewee.CharField(null=True, unique=True)  # a scheduled run per tenant and minute, queued once
    status = peewee.CharField(default="queued")  # queued → running → done | failed (running → queued to retry)
    attempts = peewee.IntegerField(default=0)
    max_attempts = peewee.IntegerField(default=1)
    lease_until = peewee.DateTimeField()  # running: renewed while it runs; queued: by when a worker should have it
    worker = peewee.CharField(default="")  # host:pid of the worker that holds it
    created = peewee.DateTimeField(default=now)
    started = peewee.DateTimeField(null=True)
    finished = peewee.DateTimeField(null=True, index=True)
    error = peewee.TextField(default="")

    class Meta:
        indexes = ((("status", "lease_until"), False),)


class OutgoingMail(ControlModel):
    """An email to send, once: the key names the message, so work that runs again after a crash
    queues it no second time; it is claimed before sending and marked sent once the SMTP server
    (or the development outbox) has it."""
    key = peewee.CharField(unique=True)  # sha256 of what names the message
    to = peewee.TextField()
    subject = peewee.TextField()
    body = peewee.TextField()
    attachments = peewee.TextField(default="[]")  # [[filename, text/… subtype, text, parameters]], as JSON
    status = peewee.CharField(default="queued")  # queued → sending → sent | failed
    attempts = peewee.IntegerField(default=0)
    created = peewee.DateTimeField(default=now)
    sent = peewee.DateTimeField(null=True)
    error = peewee.TextField(default="")

    def read_attachments(self):
        return json.loads(self.attachments)


class KnownAddress(ControlModel):
    """An address an account signed in from: a sign-in from there is not held back by the
    failures of strangers elsewhere."""
    account = peewee.CharField()
    address = peewee.CharField()
    last_sign_in = peewee.DateTimeField(default=now)

    class Meta:
        indexes = ((("account", "address"), True),)


class TenantDomain(ControlModel):
    """An email domain of a client organisation, by which its people find it on the start page."""
    tenant = peewee.ForeignKeyField(Tenant, backref="domains", on_delete="CASCADE")
    domain = peewee.CharField(unique=True)


class OutboxMessage(ControlModel):
    """An email kept in the development outbox instead of being sent."""
    at = peewee.DateTimeField(default=now)
    to = peewee.TextField()
    subject = peewee.TextField()
    body = peewee.TextField()


def audit(actor, action, tenant_slug=None, detail="", consultancy_id=None):
    """Write one line of the platform audit log."""
    return AuditEntry.create(actor=actor, action=action, tenant_slug=tenant_slug, detail=detail,
                             address=client_address(), consultancy_id=consultancy_id)
