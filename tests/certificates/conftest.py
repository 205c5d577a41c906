"""Fixtures of certificates in a running app: tenant `acme`'s pairing of Maya (mentor) and Robert
(mentee), given a history that earns them certificates, and helpers to read what was issued."""
import datetime

import pytest

from tests.pair_space.conftest import in_tenant, pair, robert  # noqa: F401 (pair and robert are fixtures)
from tests.phases.test_scenarios import READY_FOR_ROUTINIZATION

PEOPLE = {"maya@acme.example": "mentor", "robert@acme.example": "mentee"}


def write_history(pairing, history):
    """Put a phase-engine history (tests.phases events) into the pairing's log, from its start."""
    from tenants.pair_space import events
    from tenants.pair_space.models import PairingEvent
    from tenants.pairing.models import Pairing

    start = next(event.on for event in history if event.kind == "started")
    Pairing.update(started=datetime.datetime.combine(start, datetime.time(9))).where(Pairing.id == pairing.id).execute()
    PairingEvent.update(on=start).where(PairingEvent.pairing == pairing, PairingEvent.kind == "started").execute()
    for event in history:
        if event.kind != "started":
            events.write(pairing, event.kind, by=event.by, on=event.on, **event.data)


def hold_meetings(pairing, count, first_day=2):
    from tenants.pair_space import events

    start = pairing.started.date()
    for n in range(count):
        events.write(pairing, "meeting_held", by=("mentor", "mentee")[n % 2],
                     on=start + datetime.timedelta(days=first_day + 7 * n))


def answer_closing(pairing, *roles):
    from tenants.pair_space.models import ClosingSurvey

    for role in roles:
        ClosingSurvey.create(pairing=pairing, by=role, goals_met="yes", recommend=9,
                             stay=4 if role == "mentor" else None)


def end(pairing):
    from tenants.pairing.board import end_pairing

    end_pairing(pairing, "The term is over for them", "hr@acme.example")


def complete(app, pairing_id, meetings=6, surveys=("mentor", "mentee")):
    """End the pairing after `meetings` meetings, with these partners' closing surveys answered."""
    from tenants.pairing.models import Pairing

    with in_tenant(app):
        pairing = Pairing.get_by_id(pairing_id)
        hold_meetings(pairing, meetings)
        end(pairing)
        answer_closing(pairing, *surveys)


def issue_now(app, slug="acme"):
    """Run the daily job now, in the tenant's scope, as the worker would."""
    from tenants.certificates.issuing import issue_earned

    with in_tenant(app, slug):
        return issue_earned()


def issued(app, slug="acme"):
    """[(holder's email, role, code, revoked?)] of every certificate of the tenant."""
    from tenants.certificates.models import Certificate

    with in_tenant(app, slug):
        return sorted((c.user.email, c.role, c.code, c.revoked is not None) for c in Certificate.select())


def certificate_id(app, email, slug="acme"):
    from tenants.certificates.models import Certificate
    from tenants.people.models import User

    with in_tenant(app, slug):
        return Certificate.get(Certificate.user == User.get(User.email == email).id).id


@pytest.fixture
def earned(app, pair):
    """Maya and Robert's pairing, ended after six meetings with both closing surveys: both hold a certificate."""
    complete(app, pair)
    assert issue_now(app) == 2
    return pair


@pytest.fixture
def routine(app, pair):
    """Maya and Robert's pairing, given a history that reached routinization on 3 May 2026 (and fell back later)."""
    from tenants.pairing.models import Pairing

    with in_tenant(app):
        write_history(Pairing.get_by_id(pair), READY_FOR_ROUTINIZATION)
    return pair
