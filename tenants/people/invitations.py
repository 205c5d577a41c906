"""Inviting people into the programme, nudging those who stalled, and the onboarding funnel."""
import datetime

import peewee
from flask import render_template

from tenants import platform
from tenants.audit import record
from tenants.jobs import job
from tenants.models import Compiled, now
from tenants.people.models import FUNNEL, User, participants, with_status
from tenants.people.seats import check_room_for
from tenants.program.models import current_program
from tenants.scope import current_tenant

STALLED_AFTER = datetime.timedelta(days=7)
REMINDED_AT_MOST = datetime.timedelta(days=7)  # one reminder a week, whether the button or Monday's job sends it


def invite(user, actor, key=None):
    """Email `user` their invitation (again, if resending) and record it. Someone who does not
    hold a seat yet (new, or whose invitation was revoked) needs a free one: else SeatLimitReached.
    With a `key`, an invitation already sent under it is not sent again; returns whether this one was."""
    takes_a_seat = user.id is None or user.invitation_revoked is not None
    if takes_a_seat:
        with User.alone():  # of two invitations (or imports) for the last seat, the second finds it taken
            check_room_for(1)
            user.invited, user.invitation_revoked = now(), None
            user.save()
    else:
        user.invited = now()
        user.save()
    if takes_a_seat:
        platform.seats_changed()
    sent = platform.send_mail(user.email, f"You are invited to {current_program().name} at {current_tenant().name}",
                              render_template("mail/invitation.txt", user=user, tenant=current_tenant(),
                                              program=current_program(), link=platform.welcome_link(user)), key=key)
    if sent:
        record(actor, "invited", detail=user.email)
    return sent


def revoke(user, actor):
    user.invitation_revoked = now()
    user.save()
    user.end_sessions()
    record(actor, "revoked invitation", detail=user.email)
    platform.seats_changed()


def is_stalled(today=None):
    """A condition on participants: invited over a week ago, not done with onboarding, and not
    reminded in the last week."""
    today = today or now()
    return stalled_by(today - STALLED_AFTER, today - REMINDED_AT_MOST)


def stalled_by(invited_before, reminded_before):
    return (User.trained.is_null() & User.invitation_revoked.is_null() & User.invited.is_null(False)
            & (User.invited < invited_before) & (User.reminded.is_null() | (User.reminded < reminded_before)))


def stalled_people(today=None):
    return participants().where(is_stalled(today))


def reminded_lately(today=None):
    """Stalled participants who had a reminder in the last week, so get none yet."""
    today = today or now()
    return participants().where(User.trained.is_null(), User.invitation_revoked.is_null(),
                                User.reminded >= today - REMINDED_AT_MOST).order_by(User.reminded.desc())


def stalled(today=None):
    """(user, what they should do next) for each stalled participant."""
    nudges = {"invited": "accept your invitation and choose a password",
              "accepted": "complete your profile", "profile complete": "take the short training"}
    return [(user, nudges[user.status]) for user in stalled_people(today) if user.status in nudges]


@job(every="0 8 * * 1")
def remind_stalled(actor="MentorUp"):
    """Send each stalled participant one reminder of their next step; returns how many.
    Every Monday at 08:00 for every tenant, and when the programme manager asks; `reminded`
    keeps either from reminding anyone twice in a week."""
    reminded = 0
    for user, next_step in stalled():
        link = platform.welcome_link(user) if user.status == "invited" else None
        platform.send_mail(user.email, f"A reminder from {current_program().name}",
                           render_template("mail/reminder.txt", user=user, next_step=next_step, link=link,
                                           tenant=current_tenant(), program=current_program()))
        User.update(reminded=now()).where(User.id == user.id).execute()
        reminded += 1
    if reminded:
        record(actor, "sent reminders", detail=f"{reminded} people")
    return reminded


def funnel():
    """How many participants reached each stage (someone trained also counts as invited, accepted, …)."""
    return headcount()["funnel"]


def headcount(today=None):
    """{"total": participants, "stalled": how many of them stalled, "funnel": funnel()}, counted in
    one pass over the participants: the people page shows all three, and at 2,000 people each
    pass costs about a millisecond (and writing this query's SQL as much: it is written once)."""
    today = today or now()
    total, stalled_count, *at = next(iter(_headcount(today - STALLED_AFTER, today - REMINDED_AT_MOST).tuples()))
    at = dict(zip(FUNNEL, at))
    return {"total": total, "stalled": stalled_count,
            "funnel": {stage: sum(at[later] for later in FUNNEL[FUNNEL.index(stage):]) for stage in FUNNEL}}


def _headcount_query(invited_before, reminded_before):
    def how_many(condition):
        return peewee.fn.COALESCE(peewee.fn.SUM(peewee.Case(None, [(condition, 1)], 0)), 0)
    return participants().select(peewee.fn.COUNT(User.id), how_many(stalled_by(invited_before, reminded_before)),
                                 *(how_many(with_status(stage)) for stage in FUNNEL))


_headcount = Compiled(_headcount_query)
