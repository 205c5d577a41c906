"""A participant's goals: written in onboarding, worked on with their partner, each with its
dated progress updates."""
import peewee

from tenants.models import TenantModel, now
from tenants.pairing.models import Pairing
from tenants.people.models import User

MAX_GOALS = 5  # per participant
MAX_TEXT = 500
STATUSES = {"open": "In progress", "achieved": "Achieved", "dropped": "Dropped"}


class Goal(TenantModel):
    """Something a participant wants to learn (a senior) or to gain (a junior), with how far
    they have come (0–100), tied to the pairing they work on it in."""
    user = peewee.ForeignKeyField(User, backref="goals", on_delete="CASCADE")
    text = peewee.TextField()
    progress = peewee.IntegerField(default=0)
    created = peewee.DateTimeField(default=now)
    updated = peewee.DateTimeField(default=now)
    pairing = peewee.ForeignKeyField(Pairing, null=True, backref="goals", on_delete="SET NULL")
    status = peewee.CharField(default="open")  # open → achieved | dropped


class GoalUpdate(TenantModel):
    """A dated step on a goal: where it stands (0–100 %) and a line on what happened."""
    goal = peewee.ForeignKeyField(Goal, backref="updates", on_delete="CASCADE")
    progress = peewee.IntegerField()
    text = peewee.TextField(default="")
    status = peewee.CharField(default="open")  # the goal's status after this update
    on = peewee.DateTimeField(default=now)


def set_goals(user, texts):
    """Make `texts` the user's goals: kept ones keep their progress; others are dropped, or
    deleted when nobody worked on them yet. New goals join the user's current pairing."""
    worked_on = Goal.select(Goal.id).where(Goal.user == user, (Goal.pairing.is_null(False)) | (Goal.progress > 0))
    gone = (Goal.user == user) & Goal.text.not_in(texts)
    Goal.update(status="dropped", updated=now()).where(gone, Goal.id.in_(worked_on)).execute()
    Goal.delete().where(gone, Goal.id.not_in(worked_on)).execute()
    kept = {goal.text for goal in Goal.select(Goal.text).where(Goal.user == user)}
    pairing = current_pairing_of(user)
    for text in texts:
        if text not in kept:
            Goal.create(user=user, text=text, pairing=pairing)


def current_pairing_of(user):
    return Pairing.select().where(Pairing.status == "active",
                                  (Pairing.mentor == user.id) | (Pairing.mentee == user.id)).first()


def tie_goals(pairing):
    """The partners' goals not yet worked on with anyone become this pairing's."""
    Goal.update(pairing=pairing).where(Goal.user.in_([pairing.mentor_id, pairing.mentee_id]),
                                       Goal.pairing.is_null(), Goal.status == "open").execute()
