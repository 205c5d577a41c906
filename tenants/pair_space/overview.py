"""What the pair space says to the partner who opens it: who their partner is and why they
were matched (written to them), the free time they share in their own time zone, what is
waiting for them, and the timeline of what happened."""

from dataclasses import dataclass
from types import SimpleNamespace

import numpy as np

from tenants.goals.models import Goal
from tenants.matching.availability import DAY_SLOTS, SLOT_MINUTES, utc_offset_minutes, weekly_slots
from tenants.matching.reasons import listing
from tenants.models import now
from tenants.onboarding.models import WEEKDAYS, AvailabilityWindow, ProfileSkill
from tenants.pair_space import charter, closing, meetings, offers, pulse
from tenants.pair_space.models import Offer, PairingEvent
from tenants.pair_space.space import first_name, local, seat_of, today_in, zone_name
from tenants.pairing.models import Pairing
from tenants.program.models import Skill, current_program


@dataclass(frozen=True)
class Waiting:
    """Something waiting for the viewer: what, where to do it, and the button's words."""

    text: str
    href: str  # an anchor or page of the pair space (the view turns it into a URL)
    action: str
    urgent: bool = False


def skills_between(me, partner):
    """What the partner can teach me (matching what I want first) and wants to learn from me."""
    rows = (
        ProfileSkill.select(ProfileSkill, Skill)
        .join(Skill)
        .where(ProfileSkill.user.in_([me.id, partner.id]))
        .order_by(ProfileSkill.id)
    )
    have = {}
    for row in rows:
        have.setdefault((row.user_id, row.direction), []).append(row.skill.name)
    i_learn, i_teach = set(have.get((me.id, "learn"), [])), set(have.get((me.id, "teach"), []))
    teaches = have.get((partner.id, "teach"), [])
    learns = have.get((partner.id, "learn"), [])
    return {
        "teaches_you": [s for s in teaches if s in i_learn],
        "teaches_too": [s for s in teaches if s not in i_learn],
        "learns_from_you": [s for s in learns if s in i_teach],
        "learns_too": [s for s in learns if s not in i_teach],
    }


def reasons_for(seat):
    """Why the two were matched, said to the viewer; the programme manager's private points left out."""
    partner, mentor = first_name(seat.partner), seat.role == "mentor"
    said = []
    for point in seat.pairing.reason_points:
        if point.private:
            continue
        facts, kind = point.facts, point.kind
        if kind == "topics":
            topics = listing(tuple(facts["topics"]))
            said.append(
                f"You can show {partner} {topics}, which {partner} wants to learn"
                if mentor
                else f"{partner} can show you {topics}, which you want to learn"
            )
        elif kind == "gives_back":
            topics = listing(tuple(facts["topics"]))
            said.append(f"{partner} can help you with {topics}" if mentor else f"You can help {partner} with {topics}")
        elif kind == "departments":
            said.append("You work in different parts of the organisation, so each of you sees what the other does not")
        elif kind == "free_time":
            whose = "" if not facts.get("mentees_time") else (f" ({partner}'s time)" if mentor else " (your time)")
            said.append(f"You are both free on {facts['when']}{whose}")
        elif kind == "asked":
            if facts.get("mentor_asked") and facts.get("mentee_asked"):
                said.append("You asked for each other")
            else:
                said.append(
                    f"You asked for {partner}" if facts.get("mentor_asked") == mentor else f"{partner} asked for you"
                )
        elif kind == "work_style":
            said.append("You answered alike on how you like to work")
        elif kind == "backgrounds":
            said.append("You bring different backgrounds to the table")
        else:
            said.append(point.text[:1].upper() + point.text[1:])
    return said


def shared_time(me, partner, zone):
    """The weekly windows both are free, in time zone `zone`: ["Tuesday 09:00–11:00", …]."""
    people = [
        SimpleNamespace(
            timezone=zone_name(user),
            availability=[
                (w.weekday, w.start, w.end)
                for w in AvailabilityWindow.select().where(AvailabilityWindow.user == user.id)
            ],
        )
        for user in (me, partner)
    ]
    if not all(p.availability for p in people):
        return []
    both = np.logical_and(*weekly_slots(people))
    mine = np.roll(both, utc_offset_minutes(zone) // SLOT_MINUTES)  # local slot i is UTC slot i - offset
    windows, slot = [], 0
    while slot < len(mine):
        if not mine[slot]:
            slot += 1
            continue
        end = slot
        while end < len(mine) and mine[end] and end // DAY_SLOTS == slot // DAY_SLOTS:
            end += 1
        windows.append(f"{WEEKDAYS[slot // DAY_SLOTS]} {clock(slot)}–{clock(end, ending=True)}")
        slot = end
    return windows


def clock(slot, ending=False):
    """ "HH:MM" of the start of `slot` in its day; a window ending at midnight ends at 24:00."""
    minutes = slot % DAY_SLOTS * SLOT_MINUTES
    return "24:00" if ending and minutes == 0 else f"{minutes // 60:02d}:{minutes % 60:02d}"


def open_round(pairing, today):
    program = current_program()
    return pulse.round_on(pairing.started.date(), today, program.pulse_every_days, program.pulse_open_days)


def waiting_for(seat, today):
    """What the viewer should do next in this pairing, most pressing first."""
    if not seat.active:
        return (
            [
                Waiting(
                    "Your pairing has ended. Tell us how it went: two minutes, and it helps the next pairs.",
                    "closing",
                    "Answer the closing survey",
                )
            ]
            if closing.due(seat, today)
            else []
        )
    partner, items = first_name(seat.partner), []
    for offer in offers.pending(seat.pairing).where(Offer.by != seat.role):
        waited = (today - offer.made.date()).days
        items.append(
            Waiting(
                f"{partner} {offers.SAID[offer.kind]}: “{offer.text}”"
                + (f" (waiting {waited} days)" if waited > 1 else ""),
                "#offers",
                "Answer it",
                waited >= 7,
            )
        )
    current = open_round(seat.pairing, today)
    if current and not pulse.answered(seat.pairing, seat.role, current.number):
        items.append(
            Waiting(
                f"Your pulse for this month is due: five quick questions, open until {current.closes:%-d %B}.",
                "pulse",
                "Answer the pulse",
                (current.closes - today).days < 7,
            )
        )
    version = charter.current_charter(seat.pairing)
    signed = charter.signatures(version)
    if version is None:
        items.append(
            Waiting(
                "Agree your charter: what each of you wants, how often you meet, and what stays between you.",
                "charter",
                "Write the charter",
            )
        )
    elif seat.role not in signed:
        items.append(
            Waiting(
                f"{partner} signed the charter: add your signature." if signed else "Read the charter and sign it.",
                "charter",
                "Read and sign",
            )
        )
    for meeting in meetings.upcoming(seat.pairing).where(meetings.Meeting.starts <= now()):
        items.append(
            Waiting(
                f"How did your meeting on {local(meeting.starts, zone_name(seat.me)):%-d %B} go? Log it.",
                f"meetings/{meeting.id}",
                "Log it",
            )
        )
    if not meetings.upcoming(seat.pairing).where(meetings.Meeting.starts > now()).exists():
        first = not meetings.past(seat.pairing).where(meetings.Meeting.status == "held").exists()
        items.append(
            Waiting(
                "No meeting yet: plan your first." if first else "No meeting planned: plan your next one.",
                "#plan",
                "Plan a meeting",
            )
        )
    if not Goal.select().where(Goal.pairing == seat.pairing, Goal.user == seat.me.id).exists():
        items.append(Waiting(f"Add a goal you want to work on with {partner}.", "#goals", "Add a goal"))
    return sorted(items, key=lambda item: not item.urgent)


def timeline(seat, limit=None):
    """What happened, newest first: [(date, sentence, kind)]."""
    rows = (
        PairingEvent.select()
        .where(PairingEvent.pairing == seat.pairing)
        .order_by(PairingEvent.on.desc(), PairingEvent.id.desc())
    )
    rows = list(rows.limit(limit) if limit else rows)
    data = [row.read() for row in rows]
    kinds = dict(
        Offer.select(Offer.id, Offer.kind)
        .where(Offer.id.in_([d["offer"] for d in data if "offer" in d] or [0]))
        .tuples()
    )
    goals = dict(
        Goal.select(Goal.id, Goal.text).where(Goal.id.in_([d["goal"] for d in data if "goal" in d] or [0])).tuples()
    )
    said = []
    for row, facts in zip(rows, data):
        who = "You" if row.by == seat.role else first_name(seat.partner)
        sentence = {
            "started": "You were paired",
            "ended": "The pairing ended",
            "charter_signed": f"{who} signed the charter",
            "charter_reopened": "The charter changed, so both signatures were re-opened",
            "meeting_held": f"You met ({'your' if row.by == seat.role else who + '’s'} initiative)",
            "meeting_cancelled": f"{who} cancelled a meeting",
            "offer_made": f"{who} made an offer ({offers.KINDS.get(kinds.get(facts.get('offer')), 'one').lower()})",
            "offer_answered": f"{who} {facts.get('answer')} an offer",
            "offer_withdrawn": f"{who} withdrew an offer",
            "goal_progress": f"{who} reached {facts.get('progress')} % on “{goals.get(facts.get('goal'), 'a goal')}”",
            "pulse": f"{who} answered pulse round {facts.get('round')}",
        }.get(row.kind, row.kind)
        said.append((row.on, sentence, row.kind))
    return said


def pairings_of(user):
    """(seat, what is waiting) for each of `user`'s active pairings, and each ended one with a
    closing survey still to answer; the viewer's time zone decides what "today" is."""
    today = today_in(zone_name(user))
    found = []
    for pairing in (
        Pairing.select().where((Pairing.mentor == user.id) | (Pairing.mentee == user.id)).order_by(Pairing.started)
    ):
        seat = seat_of(user, pairing.id)
        if seat.active or closing.due(seat, today):
            found.append((seat, waiting_for(seat, today)))
    return found
