"""Inviting people into the programme, nudging those who stalled, and the onboarding funnel."""
import datetime

from flask import render_template

from tenants import platform
from tenants.jobs import job
from tenants.people.models import FUNNEL, User, participants
from tenants.audit import record
from tenants.models import now
from tenants.program.models import current_program
from tenants.scope import current_tenant

STALLED_AFTER = datetime.timedelta(days=7)


def invite(user, actor):
    """Email `user` their invitation (again, if resending) and record it."""
    user.invited, user.invitation_revoked = now(), None
    user.save()
    platform.send_mail(user.email, f"You are invited to {current_program().name} at {current_tenant().name}",
                       render_template("mail/invitation.txt", user=user, tenant=current_tenant(),
                                       program=current_program(), link=platform.welcome_link(user)))
    record(actor, "invited", detail=user.email)


def revoke(user, actor):
    user.invitation_revoked = now()
    user.save()
    record(actor, "revoked invitation", detail=user.email)


def stalled(today=None):
    """Participants who have not moved for a week: (user, what they should do next)."""
    cutoff = (today or now()) - STALLED_AFTER
    people = participants().where(User.trained.is_null(),
                                 User.invitation_revoked.is_null(), User.invited.is_null(False),
                                 User.invited < cutoff)
    nudges = {"invited": "accept your invitation and choose a password",
              "accepted": "complete your profile", "profile complete": "take the short training"}
    return [(user, nudges[user.status]) for user in people if user.status in nudges]


@job(every="0 8 * * 1")
def remind_stalled(actor="MentorUp"):
    """Send each stalled participant one reminder of their next step; returns how many.
    Every Monday at 08:00 for every tenant, and when the programme manager asks."""
    reminded = 0
    for user, next_step in stalled():
        link = platform.welcome_link(user) if user.status == "invited" else None
        platform.send_mail(user.email, f"A reminder from {current_program().name}",
                           render_template("mail/reminder.txt", user=user, next_step=next_step, link=link,
                                           tenant=current_tenant(), program=current_program()))
        reminded += 1
    if reminded:
        record(actor, "sent reminders", detail=f"{reminded} people")
    return reminded


def funnel(people):
    """How many reached each stage (someone trained also counts as invited, accepted, …)."""
    reached = {stage: 0 for stage in FUNNEL}
    for person in people:
        if person.status in FUNNEL:
            for stage in FUNNEL[:FUNNEL.index(person.status) + 1]:
                reached[stage] += 1
    return reached
