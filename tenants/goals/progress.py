"""Working on goals with a partner: adding one, and dated progress updates that also go into
the pairing's event log (marking a goal achieved is progress to 100 %)."""
from tenants.goals.models import MAX_GOALS, Goal, GoalUpdate
from tenants.models import now
from tenants.pair_space import events
from tenants.pair_space.space import Refused
from tenants.scope import database


def goals_of(pairing, user):
    """The user's goals in this pairing: open ones first, then achieved, then dropped."""
    order = {"open": 0, "achieved": 1, "dropped": 2}
    found = Goal.select().where(Goal.pairing == pairing, Goal.user == user.id).order_by(Goal.created, Goal.id)
    return sorted(found, key=lambda goal: order.get(goal.status, 3))


def updates_of(pairing):
    """{goal id: its updates, newest first} for the goals of `pairing`."""
    found = {}
    for update in (GoalUpdate.select().join(Goal).where(Goal.pairing == pairing)
                   .order_by(GoalUpdate.on.desc(), GoalUpdate.id.desc())):
        found.setdefault(update.goal_id, []).append(update)
    return found


def add_goal(pairing, user, text):
    if Goal.select().where(Goal.pairing == pairing, Goal.user == user.id, Goal.status == "open").count() >= MAX_GOALS:
        raise Refused(f"You have {MAX_GOALS} goals in progress: mark one achieved or dropped first.", "text")
    return Goal.create(user=user.id, text=text, pairing=pairing)


def update_goal(goal, role, progress, text, status="open"):
    """A dated update of `goal` by its owner (`role` in the pairing): how far, and a line why.

    Achieved means 100 %. A dropped goal keeps its progress and leaves the log untouched.
    """
    if goal.status != "open":
        raise Refused(f"This goal is {goal.status}: its history stays as it is.")
    progress = 100 if status == "achieved" else (goal.progress if status == "dropped" else progress)
    with database.atomic():
        update = GoalUpdate.create(goal=goal, progress=progress, text=text, status=status, on=now())
        Goal.update(progress=progress, status=status, updated=now()).where(Goal.id == goal.id).execute()
        if status != "dropped":
            events.write(goal.pairing, "goal_progress", by=role, goal=goal.id, progress=progress)
    return update
