"""Fixtures of the tracker: tenant `acme` of the pair space (Hana the programme manager, Maya and
Robert, Ivy) and tenant `other`, with three pairings whose histories are written, dated, through
the pair space's event log:

- Maya (Digital) mentors Robert (Board), 70 days: role-making since day 61, no flag;
- Ivy (Finance, cohort Spring) mentors Vera (Legal, cohort Spring), 70 days: only Ivy signed
  the charter, no meeting: role-taking, neglect (red) and stalled learning (amber);
- Sam (Digital) mentors Uma (Board), 20 days: Sam's offer unanswered for 19 days (amber).
"""
import datetime

import pytest

from tests.factories import password_hash, ready
from tests.pair_space.conftest import as_user, in_tenant, make_pairing, pair, robert  # noqa: F401  (fixtures too)

FOURS = {"clarity": 4, "needs": 4, "trust": 4, "effectiveness": 4, "learning": 4}
ROLE_MAKING = [  # (days after the start, kind, by, data): role-making from day 61
    (1, "charter_signed", "mentor", {}), (2, "charter_signed", "mentee", {}),
    (3, "meeting_held", "mentor", {}), (25, "meeting_held", "mentee", {}), (50, "meeting_held", "mentor", {}),
    (4, "offer_made", "mentor", {"offer": 9001}), (6, "offer_answered", "mentee", {"offer": 9001, "answer": "accepted"}),
    (10, "offer_made", "mentee", {"offer": 9002}), (12, "offer_answered", "mentor", {"offer": 9002, "answer": "accepted"}),
    (40, "goal_progress", "mentor", {"goal": 9003, "progress": 20}),
    (41, "goal_progress", "mentee", {"goal": 9004, "progress": 10}),
    (30, "pulse", "mentor", {"round": 1, "items": FOURS}), (31, "pulse", "mentee", {"round": 1, "items": FOURS}),
    (60, "pulse", "mentor", {"round": 2, "items": FOURS}), (61, "pulse", "mentee", {"round": 2, "items": FOURS}),
]


def write(pairing, steps):
    """Write `steps` [(days after the start, kind, by, data)] to the pairing's log (in its tenant's scope),
    each read as the pair space reads it."""
    from tenants.pair_space import events

    for days, kind, by, data in steps:
        events.write(pairing, kind, by=by, on=pairing.started.date() + datetime.timedelta(days=days), **data)


def person(email, name, role, department, cohort=None):
    from tenants.people.models import User
    from tenants.program.models import Cohort

    user = User.get_or_none(User.email == email) or User.create(email=email, name=name, role=role,
                                                                 password_hash=password_hash())
    user.department = department
    user.cohort = Cohort.get_or_create(name=cohort)[0] if cohort else None
    user.save()
    return user


@pytest.fixture
def pairs(app, acme):
    """{"maya": id, "ivy": id, "sam": id}: the three pairings above, each read once when written (a
    past history written event by event would raise flags that its own later events clear)."""
    from tenants.tracker.readings import later

    with in_tenant(app), later():
        ready("maya@acme.example", 2, ["AI tools"], ["Strategic thinking"], "Digital")
        ready("robert@acme.example", 8, ["Strategic thinking"], ["AI tools"], "Board")
        maya = make_pairing("maya@acme.example", "robert@acme.example", days_ago=70)
        write(maya, ROLE_MAKING)
        person("ivy@acme.example", "Ivy Third", "mentor", "Finance", "Spring")
        person("vera@acme.example", "Vera Voss", "mentee", "Legal", "Spring")
        ivy = make_pairing("ivy@acme.example", "vera@acme.example", days_ago=70)
        write(ivy, [(1, "charter_signed", "mentor", {})])
        person("sam@acme.example", "Sam Stone", "mentor", "Digital")
        person("uma@acme.example", "Uma Umar", "mentee", "Board")
        sam = make_pairing("sam@acme.example", "uma@acme.example", days_ago=20)
        write(sam, [(1, "offer_made", "mentor", {"offer": 9005})])
        return {"maya": maya.id, "ivy": ivy.id, "sam": sam.id}


@pytest.fixture
def hana(app, pairs):
    """The programme manager, signed in."""
    return as_user(app, "hr@acme.example")


def reading_of(app, pairing_id):
    from tenants.tracker.models import PhaseReading

    with in_tenant(app):
        return PhaseReading.get_or_none(PhaseReading.pairing == pairing_id)
