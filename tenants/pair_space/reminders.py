"""Daily reminders: an offer waiting a week for its answer (to whoever must answer), a pulse
round open and unanswered for a week, no meeting held or planned for 30 days (to both). Each
person gets at most one reminder email a week, with everything due gathered in it."""

import datetime
from dataclasses import dataclass, field

from flask import render_template

from tenants import platform
from tenants.jobs import job
from tenants.models import now
from tenants.pair_space import offers, pulse
from tenants.pair_space.models import Meeting, PulseAnswer, ReminderSent
from tenants.pair_space.space import first_name
from tenants.pairing.models import active_pairings
from tenants.program.models import current_program
from tenants.scope import current_tenant

OFFER_WAIT_DAYS = 7
PULSE_WAIT_DAYS = 7
NO_MEETING_DAYS = 30
ONE_A_WEEK = datetime.timedelta(days=7)


@dataclass
class PairFacts:
    """What the reminder rules read of one pairing (roles are "mentor" and "mentee")."""

    pairing_id: int
    people: dict  # role -> (user id, first name)
    started: datetime.date
    pending_offers: list = field(default_factory=list)  # (author role, made: date, kind label)
    round: pulse.Round | None = None  # the round open today
    answered: set = field(default_factory=set)  # roles who answered that round
    last_held: datetime.date | None = None
    planned: bool = False  # a meeting is planned ahead


def due(pair, today):
    """{user id: [sentence]} of what the rules remind each partner of today."""
    found = {}
    other = {"mentor": "mentee", "mentee": "mentor"}
    for author, made, kind in pair.pending_offers:
        waited = (today - made).days
        if waited >= OFFER_WAIT_DAYS:
            answerer = other[author]
            found.setdefault(pair.people[answerer][0], []).append(
                f"{pair.people[author][1]}'s offer ({kind.lower()}) has waited {waited} days for your answer."
            )
    if pair.round and (today - pair.round.opens).days >= PULSE_WAIT_DAYS:
        for role in ("mentor", "mentee"):
            if role not in pair.answered:
                found.setdefault(pair.people[role][0], []).append(
                    f"Your pulse (round {pair.round.number}) is still open, until {pair.round.closes:%-d %B}: "
                    "five quick questions."
                )
    quiet_since = pair.last_held or pair.started
    if not pair.planned and (today - quiet_since).days >= NO_MEETING_DAYS:
        for role in ("mentor", "mentee"):
            found.setdefault(pair.people[role][0], []).append(
                f"You and {pair.people[other[role]][1]} have not met for {(today - quiet_since).days} days, "
                "and no meeting is planned."
            )
    return found


def facts_of(pairing, today):
    program = current_program()
    current = pulse.round_on(pairing.started.date(), today, program.pulse_every_days, program.pulse_open_days)
    held = (
        Meeting.select(Meeting.starts)
        .where(Meeting.pairing == pairing, Meeting.status == "held")
        .order_by(Meeting.starts.desc())
        .first()
    )
    return PairFacts(
        pairing_id=pairing.id,
        started=pairing.started.date(),
        people={
            "mentor": (pairing.mentor_id, first_name(pairing.mentor)),
            "mentee": (pairing.mentee_id, first_name(pairing.mentee)),
        },
        pending_offers=[(o.by, o.made.date(), offers.KINDS[o.kind]) for o in offers.pending(pairing)],
        round=current,
        answered=(
            {
                a.by
                for a in PulseAnswer.select(PulseAnswer.by).where(
                    PulseAnswer.pairing == pairing, PulseAnswer.round == current.number
                )
            }
            if current
            else set()
        ),
        last_held=held.starts.date() if held else None,
        planned=Meeting.select()
        .where(Meeting.pairing == pairing, Meeting.status == "planned", Meeting.starts > now())
        .exists(),
    )


@job(every="0 7 * * *")
def send_reminders():
    """Gather what is due for everyone in an active pairing, and email those not reminded this week."""
    today, gathered, spaces = now().date(), {}, {}
    for pairing in active_pairings():
        for user_id, sentences in due(facts_of(pairing, today), today).items():
            gathered.setdefault(user_id, []).extend(sentences)
            spaces.setdefault(user_id, []).append(pairing)
    recent = {r.user_id for r in ReminderSent.select(ReminderSent.user).where(ReminderSent.sent > now() - ONE_A_WEEK)}
    sent = 0
    for user_id, sentences in gathered.items():
        if user_id in recent:
            continue
        pairing = spaces[user_id][0]
        user = pairing.mentor if pairing.mentor_id == user_id else pairing.mentee
        platform.send_mail(
            user.email,
            "Your reverse mentoring: "
            + ("one thing" if len(sentences) == 1 else f"{len(sentences)} things")
            + " waiting",
            render_template(
                "mail/pair_reminder.txt",
                user=user,
                sentences=sentences,
                links=[platform.link("pair_space.space", pairing_id=p.id) for p in spaces[user_id]],
                tenant=current_tenant(),
                program=current_program(),
            ),
        )
        ReminderSent.create(user=user_id, items=len(sentences))
        sent += 1
    return sent
