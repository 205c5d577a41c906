"""The pairing's event log: one row for every action of its partners (and its start and end),
written in the same transaction as the action, read by the phase tracker in one query.

Each row converts one-to-one into the phase engine's `Event(on, kind, by, **data)`:

    from tenants.phases import Event
    history = [Event(**event) for event in events_of(pairing)]
"""
import datetime
import json

from tenants.models import now
from tenants.pair_space.models import PairingEvent
from tenants.scope import database
from tenants.tracker import readings

# The kinds written, and the data each carries (see tenants/phases/events.py).
KINDS = {
    "started": (), "ended": (),
    "charter_signed": (), "charter_reopened": (),
    "meeting_held": (), "meeting_cancelled": (),
    "offer_made": ("offer",), "offer_answered": ("offer", "answer"), "offer_withdrawn": ("offer",),
    "goal_progress": ("goal", "progress"),
    "pulse": ("round", "items"),
}


def write(pairing, kind, by=None, on=None, **data):
    """Add one event to `pairing`'s log; `on` is a date (today, UTC, when not given)."""
    if kind not in KINDS or set(data) != set(KINDS[kind]):
        raise ValueError(f"an event {kind!r} with data {sorted(data)} is not one the phase tracker reads")
    event = PairingEvent.create(pairing=pairing, on=on or now().date(), kind=kind, by=by,
                                data=json.dumps(data, sort_keys=True))
    readings.follow(event.pairing_id)  # the stored phase moves with the log, in this same transaction
    return event


def events_of(pairing):
    """The pairing's whole history, oldest first: [{"on": date, "kind": str, "by": role or None, **data}]."""
    return histories([pairing.id]).get(pairing.id, [])


def histories(pairings):
    """{pairing id: its events_of()} for `pairings` (ids, or a query of ids), in one query."""
    query = (PairingEvent.select(PairingEvent.pairing, PairingEvent.on, PairingEvent.kind, PairingEvent.by,
                                 PairingEvent.data)
             .where(PairingEvent.pairing.in_(pairings))
             .order_by(PairingEvent.pairing, PairingEvent.on, PairingEvent.id))
    found = {}
    # The driver's own rows: as_date reads a date or its ISO text, at a third of the cost of
    # peewee converting every value (the nightly recompute reads some 80,000 rows for 2,000 pairings).
    for pairing_id, on, kind, by, data in database.execute(query):
        found.setdefault(pairing_id, []).append({"on": as_date(on), "kind": kind, "by": by, **json.loads(data)})
    return found


def as_date(value):
    return value if isinstance(value, datetime.date) else datetime.date.fromisoformat(str(value)[:10])
