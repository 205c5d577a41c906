"""Each pairing's reading, stored and kept current: read again from its events whenever the pair
space writes one (in that same transaction, so the stored phase never lags the log), and every
night for every active pairing, because time alone raises flags (no meeting for 46 days, an
offer left waiting). Its journey is stored beside it, exactly as journey() gives it.

    follow(pairing_id)        after an event: read that pairing again
    read_every_pairing()      the nightly job
    read_pairings(ids, today) the one way all of them read and store: load, read, store
    later()                   a block whose pairings are read once, when it ends (the demo's histories)
"""
import json
from contextlib import contextmanager
from contextvars import ContextVar

from peewee import chunked

from tenants import platform
from tenants.jobs import job
from tenants.models import now
from tenants.pair_space import events as event_log
from tenants.pairing.models import Pairing
from tenants.phases import AMBER, RED, Event, Rules, journey, phase_of
from tenants.program.models import current_program
from tenants.scope import database
from tenants.tracker import alerts
from tenants.tracker.models import FlagRaised, PhaseChange, PhaseReading

CHUNK = 500  # rows a statement, well inside every database's limit on parameters

_deferred = ContextVar("pairings to read when the block ends", default=None)


def programme_rules():
    """The phase rules of this tenant: the starting values with the programme's own changes."""
    return Rules.from_overrides(json.loads(current_program().phase_rules or "{}"))


def follow(pairing_id):
    """Read pairing `pairing_id` again now that an event was written (inside later(): when it ends)."""
    deferred = _deferred.get()
    if deferred is not None:
        deferred.add(pairing_id)
        return
    read_pairings([pairing_id])


@contextmanager
def later():
    """Within the block, events only note their pairing; each is read once, when the block ends."""
    touched = set()
    token = _deferred.set(touched)
    try:
        yield
    finally:
        _deferred.reset(token)
    if touched:
        read_pairings(sorted(touched))


@job(every="15 2 * * *")
def read_every_pairing(everyone=False):
    """The nightly recompute: every active pairing and any never read (everyone=True: ended ones too)."""
    ids = Pairing.select(Pairing.id)
    if not everyone:
        ids = ids.where((Pairing.status == "active") | Pairing.id.not_in(PhaseReading.select(PhaseReading.pairing)))
    return read_pairings(ids)


def read_pairings(pairing_ids, today=None):
    """Read the pairings `pairing_ids` (ids, or a query of ids) on `today` and store what they read.

    The pairings' rows are locked first (an UPDATE that changes nothing): two events of one
    pairing written at the same moment are then read in turn, the second with the first's
    event, and the nightly recompute never stores a reading older than an event's.
    """
    today = today or now().date()
    with database.atomic():
        Pairing.update(status=Pairing.status).where(Pairing.id.in_(pairing_ids)).execute()
        found = read(histories(pairing_ids), today, programme_rules())
        store(found, today)
    return len(found)


def histories(pairing_ids):
    """{pairing id: [Event]} from the event log, in one query."""
    return {pairing_id: history_of(rows) for pairing_id, rows in event_log.histories(pairing_ids).items()}


def history_of(rows):
    """The engine's events from the log's rows. An event dated before the start counts on the
    start day: a partner whose time zone is behind UTC may log a meeting on their calendar's
    day of the start, which is the day before in UTC."""
    start = min((row["on"] for row in rows if row["kind"] == "started"), default=None)
    return [Event(**row) if start is None or row["on"] >= start else Event(**{**row, "on": start}) for row in rows]


def read(histories, today, rules):
    """{pairing id: (Reading, journey)}: the engine's answer for each history (pure)."""
    return {pairing_id: (phase_of(events, today, rules), journey(events, today, rules))
            for pairing_id, events in histories.items()}


def store(found, today):
    """Write each pairing's reading and journey, note the flags that are new, and say what changed.

    found: {pairing id: (Reading, journey)}, as read() gives it.
    """
    ids = list(found)
    before = {}
    for chunk in chunked(ids, CHUNK):
        before.update((row.pairing_id, row) for row in PhaseReading.select(
            PhaseReading.pairing, PhaseReading.phase, PhaseReading.flags, PhaseReading.reds)
            .where(PhaseReading.pairing.in_(chunk)))
    written = now()
    rows, raised = [], []
    for pairing_id, (reading, _) in found.items():
        rows.append(reading_row(pairing_id, reading, today, written))
        if reading.ended is None:
            raised.extend(new_flags(pairing_id, reading, before.get(pairing_id), today, written))
    fields = [field for field in PhaseReading._meta.sorted_fields if field is not PhaseReading.pairing]
    for chunk in chunked(rows, CHUNK // 2):
        PhaseReading.insert_many(chunk).on_conflict(conflict_target=[PhaseReading.pairing], preserve=fields).execute()
    store_journeys(found)
    for chunk in chunked(raised, CHUNK // 2):
        FlagRaised.insert_many(chunk).execute()
    if any(flag["name"] == "low_trust" for flag in raised):
        alerts.alert_low_trust.queue()
    # A first reading is of a pairing just published, whose publication refreshes the numbers itself.
    if any(pairing_id in before and (before[pairing_id].phase, before[pairing_id].reds > 0)
           != (reading.phase, any(flag.level == RED for flag in reading.flags))
           for pairing_id, (reading, _) in found.items()):
        platform.numbers_changed()


def reading_row(pairing_id, reading, today, written):
    return {"pairing": pairing_id, "phase": reading.phase, "since": reading.since, "read_on": today,
            "ended": reading.ended, "reasons": json.dumps(reading.reasons),
            "flags": json.dumps([list(flag) for flag in reading.flags]), "next_steps": json.dumps(reading.next_steps),
            "reds": sum(flag.level == RED for flag in reading.flags),
            "ambers": sum(flag.level == AMBER for flag in reading.flags), "written": written}


def new_flags(pairing_id, reading, before, today, written):
    """FlagRaised rows for the flags that were not on the last reading, or were amber and are red now."""
    had = {name: level for name, level, _ in json.loads(before.flags)} if before else {}
    return [{"pairing": pairing_id, "name": flag.name, "level": flag.level, "evidence": flag.evidence, "on": today,
             "raised": written}
            for flag in reading.flags if had.get(flag.name) not in (flag.level, RED)]


def store_journeys(found):
    """Write the journeys that differ from the stored ones (most do not change from day to day)."""
    stored = {}
    for chunk in chunked(list(found), CHUNK):
        for change in (PhaseChange.select().where(PhaseChange.pairing.in_(chunk))
                       .order_by(PhaseChange.pairing, PhaseChange.number)):
            stored.setdefault(change.pairing_id, []).append((event_log.as_date(change.on), change.phase,
                                                             change.reasons))
    changed = {pairing_id: steps for pairing_id, (_, steps) in found.items()
               if stored.get(pairing_id) != [(on, phase, json.dumps(reasons)) for on, phase, reasons in steps]}
    for chunk in chunked(list(changed), CHUNK):
        PhaseChange.delete().where(PhaseChange.pairing.in_(chunk)).execute()
    rows = [{"pairing": pairing_id, "number": number, "on": on, "phase": phase, "reasons": json.dumps(reasons)}
            for pairing_id, steps in changed.items() for number, (on, phase, reasons) in enumerate(steps)]
    for chunk in chunked(rows, CHUNK // 2):
        PhaseChange.insert_many(chunk).execute()
