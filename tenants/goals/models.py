"""A participant's goals: written in onboarding, worked on with their partner."""
import peewee

from tenants.models import TenantModel, now
from tenants.people.models import User

MAX_GOALS = 5  # per participant
MAX_TEXT = 500


class Goal(TenantModel):
    """Something a participant wants to learn (a senior) or to gain (a junior), with how far
    they have come (0–100)."""
    user = peewee.ForeignKeyField(User, backref="goals", on_delete="CASCADE")
    text = peewee.TextField()
    progress = peewee.IntegerField(default=0)
    created = peewee.DateTimeField(default=now)
    updated = peewee.DateTimeField(default=now)


def set_goals(user, texts):
    """Make `texts` the user's goals: kept ones keep their progress, others are dropped."""
    Goal.delete().where(Goal.user == user, Goal.text.not_in(texts)).execute()
    kept = {goal.text for goal in Goal.select(Goal.text).where(Goal.user == user)}
    for text in texts:
        if text not in kept:
            Goal.create(user=user, text=text)
