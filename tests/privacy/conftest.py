"""Tenant `acme` where Maya (mentor) and Robert (mentee) have a pairing full of words each wrote,
copies of Maya on the platform's side, and tenant `other` besides."""
import datetime

import peewee
import pytest

from saas.tenancy import tenant_scope
from tests.factories import password_hash, ready
from tests.pair_space.conftest import as_user, make_pairing

MAYA, ROBERT = ("Maya Chen", "maya@acme.example"), ("Robert Okafor", "robert@acme.example")
# What each partner wrote, to find (or not) afterwards.
MAYAS = {"note": "Maya's note: ask about the board pack", "offer": "Maya offers a TikTok walkthrough",
         "pulse": "Maya's pulse: going well", "help": "Maya asks for help with scheduling",
         "goal": "Maya wants to present to a board", "answer": "Maya's own answer"}
ROBERTS = {"note": "Robert's private note on the budget", "pulse": "Robert's pulse: unsure about Maya Chen",
           "help": "Robert asks for a new partner quietly", "goal": "Robert wants to use AI tools"}


@pytest.fixture
def story(app, acme):
    """Builds the pairing and returns its id."""
    from saas.control import KnownAddress, LoginFailure, OutboxMessage, OutgoingMail
    from tenants.audit import record
    from tenants.certificates.codes import new_code
    from tenants.certificates.models import Certificate
    from tenants.goals.models import Goal, GoalUpdate
    from tenants.models import now
    from tenants.onboarding.models import profile_of
    from tenants.pair_space.models import (
        CharterVersion,
        ClosingSurvey,
        HelpRequest,
        Meeting,
        MeetingNote,
        Offer,
        PulseAnswer,
    )
    from tenants.people.models import User
    from tenants.program.models import ProfileQuestion

    with app.app_context():
        with tenant_scope("acme"):
            ready(MAYA[1], 2, ["AI tools"], ["Strategic thinking"], "Digital")
            ready(ROBERT[1], 8, ["Strategic thinking"], ["AI tools"], "Board")
            User.create(email="ivy@acme.example", name="Ivy Third", role="mentor", password_hash=password_hash(),
                        manager_email=MAYA[1])
            maya = User.get(User.email == MAYA[1])
            maya.job_title = "Graduate Analyst"
            maya.save()
            question = ProfileQuestion.create(text="What would make this worthwhile?", kind="short_text")
            profile = profile_of(maya)
            profile.write("answers", {str(question.id): MAYAS["answer"]})
            profile.save()
            pairing = make_pairing(MAYA[1], ROBERT[1])
            CharterVersion.create(pairing=pairing, number=1, cadence_days=30, written_by="mentor",
                                  mentor_learn="How Robert Okafor decides", mentee_learn="How Maya Chen uses AI")
            meeting = Meeting.create(pairing=pairing, uid="m1", planned_by="mentor", starts=now(), status="held",
                                     agenda="Maya Chen's agenda", initiated_by="mentor")
            MeetingNote.create(meeting=meeting, by="mentor", text=MAYAS["note"])
            MeetingNote.create(meeting=meeting, by="mentee", text=ROBERTS["note"])
            Offer.create(pairing=pairing, by="mentor", kind="session", text=MAYAS["offer"])
            for role, comment in (("mentor", MAYAS["pulse"]), ("mentee", ROBERTS["pulse"])):
                PulseAnswer.create(pairing=pairing, by=role, round=1, clarity=4, needs=4, trust=4, effectiveness=4,
                                   learning=4, comment=comment)
                ClosingSurvey.create(pairing=pairing, by=role, goals_met="yes", recommend=9)
            HelpRequest.create(pairing=pairing, by="mentor", kind="help", text=MAYAS["help"])
            HelpRequest.create(pairing=pairing, by="mentee", kind="rematch", text=ROBERTS["help"])
            goal = Goal.create(user=maya, text=MAYAS["goal"], pairing=pairing, progress=50)
            GoalUpdate.create(goal=goal, progress=50, text="Maya Chen rehearsed it")
            Goal.create(user=User.get(User.email == ROBERT[1]), text=ROBERTS["goal"], pairing=pairing)
            Certificate.create(pairing=pairing, user=maya, role="mentor", code=new_code(), name=MAYA[0],
                               partner=ROBERT[0], programme="RM", organisation="Acme", starts=datetime.date(2027, 1, 1),
                               ends=datetime.date(2027, 6, 1), meetings=4, fingerprint="x", file="missing.pdf")
            record(MAYA[1], "signed in")
            record("hr@acme.example", "invited", detail=f"{MAYA[1]} ({MAYA[0]})")
            pairing_id = pairing.id
        # the platform's copies: mail to Maya, mail to Robert naming her, her sign-in records
        OutboxMessage.create(to=MAYA[1], subject="Welcome", body="Hello Maya Chen")
        OutgoingMail.create(key="k1", to=MAYA[1], subject="Welcome", body="Hello")
        OutboxMessage.create(to=ROBERT[1], subject=f"Meet your partner: {MAYA[0]}",
                             body=f"{MAYA[0]} is your partner. http://localhost/t/acme/")
        LoginFailure.create(key=f"account:tenant:acme:{MAYA[1]}")
        LoginFailure.create(key=f"place:tenant:acme:{MAYA[1]}|127.0.0.1")
        KnownAddress.get_or_create(account=f"tenant:acme:{MAYA[1]}", address="127.0.0.1")
    return pairing_id


@pytest.fixture
def admin(app, acme):
    return as_user(app, "hr@acme.example")


@pytest.fixture
def maya(app, acme):
    return as_user(app, MAYA[1])


def person_id(app, email, slug="acme"):
    from tenants.people.models import User

    with app.app_context(), tenant_scope(slug):
        return User.get(User.email == email).id


def every_text(app, slug="acme"):
    """Every value of every table of the tenant's database, as one lower-case string: read with
    plain SQL, from the database's own list of its tables, not from our models."""
    from tenants.scope import database

    with app.app_context(), tenant_scope(slug):
        if isinstance(database.obj, peewee.PostgresqlDatabase):
            tables = database.execute_sql("SELECT table_name FROM information_schema.tables "
                                          "WHERE table_schema = current_schema()").fetchall()
        else:
            tables = database.execute_sql("SELECT name FROM sqlite_master WHERE type = 'table'").fetchall()
        values = []
        for (table,) in tables:
            for row in database.execute_sql(f'SELECT * FROM "{table}"').fetchall():
                values.extend(str(value) for value in row)
        return "\n".join(values).lower()
