"""Fixtures of the pair space: tenant `acme` with Maya (mentor) and Robert (mentee) paired 40
days ago, Ivy (a third participant) and the programme manager; tenant `other` besides."""
import datetime
import json
from contextlib import contextmanager

import pytest

from saas.tenancy import tenant_scope
from tests.factories import password_hash, ready, sign_in

PRIVATE = "pinned by the programme manager although they share no free time"


def make_pairing(mentor_email, mentee_email, days_ago=40):
    """A published pairing (in the tenant scope) with reasons to show and one to keep private."""
    from tenants.models import now
    from tenants.pair_space import events
    from tenants.pairing.models import Pairing
    from tenants.people.models import User

    mentor, mentee = User.get(User.email == mentor_email), User.get(User.email == mentee_email)
    reasons = [{"kind": "pin_breaks_rules", "text": PRIVATE, "private": True, "facts": {"rules": ["availability"]}},
               {"kind": "topics", "text": f"{mentor.name} can teach the topic {mentee.name} wants (AI tools)",
                "private": False, "facts": {"topics": ["AI tools"], "wanted": 1}},
               {"kind": "gives_back", "text": f"in return {mentee.name} can help with Strategic thinking",
                "private": False, "facts": {"topics": ["Strategic thinking"]}}]
    pairing = Pairing.create(mentor=mentor, mentee=mentee, reasons=json.dumps(reasons), reason="why",
                             started=now() - datetime.timedelta(days=days_ago))
    events.write(pairing, "started", on=pairing.started.date())
    return pairing


@pytest.fixture
def pair(app, acme):
    """The pairing's id; Ivy Third joins acme as a mentor with no partner."""
    from tenants.people.models import User

    with app.app_context(), tenant_scope("acme"):
        User.create(email="ivy@acme.example", name="Ivy Third", role="mentor", password_hash=password_hash())
        ready("maya@acme.example", 2, ["AI tools"], ["Strategic thinking"], "Digital")
        ready("robert@acme.example", 8, ["Strategic thinking"], ["AI tools"], "Board")
        return make_pairing("maya@acme.example", "robert@acme.example").id


def as_user(app, email, slug="acme"):
    """A new client signed in as `email` (a browser of its own)."""
    client = app.test_client()
    assert sign_in(client, f"/t/{slug}/login", email).status_code == 302
    return client


@pytest.fixture
def robert(app, pair):
    return as_user(app, "robert@acme.example")


@contextmanager
def in_tenant(app, slug="acme"):
    """The block runs in the tenant's scope, as a job would."""
    with app.app_context(), tenant_scope(slug):
        yield


def events(app, pairing_id):
    """The pairing's log as (kind, by) pairs, oldest first."""
    from tenants.pair_space.events import events_of
    from tenants.pairing.models import Pairing

    with in_tenant(app):
        return [(event["kind"], event["by"]) for event in events_of(Pairing.get_by_id(pairing_id))]
