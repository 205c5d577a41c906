"""What a client tenant may do, from its subscription and the clock: whether it is read-only and
why, how many seats it may use, and whether a payment is overdue. Plain data in and out."""
import datetime
from dataclasses import dataclass

from flask import current_app
from peewee import DateTimeField

from tenants.models import now

# Stripe's statuses in which the client may only read and export; each with the reason's type.
READ_ONLY_STATUSES = {"unpaid": "unpaid", "canceled": "canceled", "incomplete_expired": "never paid",
                      "paused": "paused"}


@dataclass(frozen=True)
class Terms:
    """The billing settings a tenant's standing depends on."""
    trial_days: int = 30
    trial_seats: int = 20
    grace_days: int = 14


@dataclass(frozen=True)
class Standing:
    """A tenant's standing on one day.

    state: "not billed" (billing is off, or nobody pays for this tenant), "trial", "subscribed",
    "past due" or "read-only"; reason (read-only only): "trial ended", "grace ended", "unpaid",
    "canceled", "never paid" or "paused"; since/until: when the trial or the overdue payment
    began and when its grace ends.
    """
    state: str
    payer: str = ""  # the consultancy that pays, who can put things right
    reason: str = ""
    since: datetime.datetime | None = None
    until: datetime.datetime | None = None
    seat_limit: int | None = None
    trial_seats: bool = False  # the seat limit is the trial's

    @property
    def read_only(self):
        return self.state == "read-only"

    @property
    def seat_limit_note(self):
        """Who can raise the seat limit, in a sentence for the programme manager."""
        if self.seat_limit is None:
            return ""
        if self.trial_seats:
            return f"That is the free trial's limit: an owner at {self.payer} can raise it by subscribing."
        return f"{self.payer} set this limit; an owner there can raise it on their billing page."


NOT_BILLED = Standing("not billed")


def standing(terms, today, created, payer, status=None, stripe_id=None, past_due_since=None, seat_limit=None):
    """The standing on `today` of a tenant created at `created` and paid for by `payer` (a
    consultancy's name, or None: nobody is billed for it), with its subscription's fields."""
    if payer is None:
        return NOT_BILLED
    if stripe_id is None:
        trial_ends = created + datetime.timedelta(days=terms.trial_days)
        if today >= trial_ends:
            return Standing("read-only", payer, "trial ended", since=created, until=trial_ends)
        limit = terms.trial_seats if seat_limit is None else min(seat_limit, terms.trial_seats)
        return Standing("trial", payer, since=created, until=trial_ends, seat_limit=limit,
                        trial_seats=limit == terms.trial_seats)
    if status in READ_ONLY_STATUSES:
        return Standing("read-only", payer, READ_ONLY_STATUSES[status])
    if status == "past_due":
        since = past_due_since or today
        grace_ends = since + datetime.timedelta(days=terms.grace_days)
        if today >= grace_ends:
            return Standing("read-only", payer, "grace ended", since=since, until=grace_ends)
        return Standing("past due", payer, since=since, until=grace_ends, seat_limit=seat_limit)
    return Standing("subscribed", payer, seat_limit=seat_limit)


# --- in the app: its settings and its clock --------------------------------------------

def billing_on(app=None):
    """Billing runs when a Stripe secret key is configured; otherwise there are no limits."""
    return bool((app or current_app).config.get("STRIPE_SECRET_KEY"))


def terms():
    config = current_app.config
    return Terms(config["BILLING_TRIAL_DAYS"], config["BILLING_TRIAL_SEATS"], config["BILLING_GRACE_DAYS"])


def today():
    """Now, in UTC, by the app's billing clock (`BILLING_CLOCK`, a setting tests use to move time)."""
    return current_app.config.get("BILLING_CLOCK", now)()


_datetime = DateTimeField()


def as_datetime(value):
    """A datetime from a column read with plain SQL (SQLite hands back text)."""
    return _datetime.python_value(value) if value is not None else None


def standing_of(row):
    """The standing now of the tenant in `row` (saas.tenancy.TenantRow, which carries its
    consultancy's name and its subscription's fields)."""
    if not billing_on():
        return NOT_BILLED
    return standing(terms(), today(), as_datetime(row.created), row.payer, row.billing_status, row.stripe_id,
                    as_datetime(row.past_due_since), row.seat_limit)
