"""What the pair space keeps: the pairing's event log, its charter versions and signatures,
meetings and their notes, offers, pulse answers, closing surveys, requests for help, and
the reminders sent.

Partners are named by their role in the pairing ("mentor" or "mentee"), never by user id:
a pairing has exactly one of each, and the event log speaks the same way.
"""
import json

import peewee

from tenants.models import TenantModel, now
from tenants.pairing.models import Pairing
from tenants.people.models import User

ROLES = ("mentor", "mentee")


class PairingEvent(TenantModel):
    """One thing that happened in a pairing, in the words of the phase tracker: its kind, the
    day, which partner did it, and the few numbers the tracker needs (JSON)."""
    pairing = peewee.ForeignKeyField(Pairing, backref="events", on_delete="CASCADE", index=False)
    on = peewee.DateField()
    kind = peewee.CharField()
    by = peewee.CharField(null=True)  # "mentor", "mentee", or None for the programme's own events
    data = peewee.TextField(default="{}")
    written = peewee.DateTimeField(default=now)

    class Meta:
        indexes = ((("pairing", "on"), False),)

    def read(self):
        return json.loads(self.data)


class CharterVersion(TenantModel):
    """One version of a pairing's charter; the newest is the charter, the others its history."""
    pairing = peewee.ForeignKeyField(Pairing, backref="charter_versions", on_delete="CASCADE", index=False)
    number = peewee.IntegerField()
    mentor_learn = peewee.TextField(default="")
    mentor_give = peewee.TextField(default="")
    mentee_learn = peewee.TextField(default="")
    mentee_give = peewee.TextField(default="")
    success = peewee.TextField(default="")
    cadence_days = peewee.IntegerField()
    confidentiality = peewee.TextField(default="")
    cancellation = peewee.TextField(default="")
    how_we_meet = peewee.CharField(default="")
    written_by = peewee.CharField()  # role
    written = peewee.DateTimeField(default=now)

    class Meta:
        indexes = ((("pairing", "number"), True),)


class CharterSignature(TenantModel):
    version = peewee.ForeignKeyField(CharterVersion, backref="signatures", on_delete="CASCADE", index=False)
    by = peewee.CharField()  # role
    signed = peewee.DateTimeField(default=now)

    class Meta:
        indexes = ((("version", "by"), True),)


class Meeting(TenantModel):
    """A meeting of the two partners: planned, then held or cancelled. `uid` stays the same
    through every re-plan, so calendars update one entry."""
    pairing = peewee.ForeignKeyField(Pairing, backref="meetings", on_delete="CASCADE")
    uid = peewee.CharField(unique=True)
    planned_by = peewee.CharField(null=True)  # role; None for a meeting logged afterwards
    starts = peewee.DateTimeField()  # UTC
    minutes = peewee.IntegerField(default=60)
    timezone = peewee.CharField(default="UTC")  # the planner's, in which the time was typed
    place = peewee.CharField(default="")
    agenda = peewee.TextField(default="")
    status = peewee.CharField(default="planned")  # planned → held | cancelled
    initiated_by = peewee.CharField(null=True)  # role, once held
    cancelled_by = peewee.CharField(null=True)
    cancel_reason = peewee.TextField(default="")
    sequence = peewee.IntegerField(default=0)  # RFC 5545 SEQUENCE: one more at every re-plan or cancellation
    created = peewee.DateTimeField(default=now)
    changed = peewee.DateTimeField(default=now)


class MeetingNote(TenantModel):
    """A note on a meeting, shared by the two partners and read by nobody else."""
    meeting = peewee.ForeignKeyField(Meeting, backref="notes", on_delete="CASCADE")
    by = peewee.CharField()
    text = peewee.TextField()
    written = peewee.DateTimeField(default=now)


class Offer(TenantModel):
    """Something one partner offers the other, and what became of it."""
    pairing = peewee.ForeignKeyField(Pairing, backref="offers", on_delete="CASCADE")
    by = peewee.CharField()  # its author's role
    kind = peewee.CharField()
    text = peewee.TextField()
    made = peewee.DateTimeField(default=now)
    status = peewee.CharField(default="pending")  # pending → accepted | countered | declined | withdrawn
    answered = peewee.DateTimeField(null=True)
    reason = peewee.TextField(default="")  # why it was declined, if the partner said
    counters = peewee.ForeignKeyField("self", null=True, backref="counter_offers", on_delete="SET NULL")


class PulseAnswer(TenantModel):
    """One partner's answer to one pulse round. The partner never sees it; the programme
    manager sees the scores, and the comment only when `share_comment`."""
    pairing = peewee.ForeignKeyField(Pairing, backref="pulse_answers", on_delete="CASCADE", index=False)
    by = peewee.CharField()
    round = peewee.IntegerField()
    clarity = peewee.IntegerField()
    needs = peewee.IntegerField()
    trust = peewee.IntegerField()
    effectiveness = peewee.IntegerField()
    learning = peewee.IntegerField()
    comment = peewee.TextField(default="")
    share_comment = peewee.BooleanField(default=False)
    answered = peewee.DateTimeField(default=now)

    class Meta:
        indexes = ((("pairing", "by", "round"), True),)


class ClosingSurvey(TenantModel):
    """A partner's look back when the pairing or the programme term ends."""
    pairing = peewee.ForeignKeyField(Pairing, backref="closing_surveys", on_delete="CASCADE", index=False)
    by = peewee.CharField()
    skills = peewee.TextField(default="[]")  # [{"skill", "before", "after"}], each rated 1-5
    goals_met = peewee.CharField()  # yes | partly | no
    stay = peewee.IntegerField(null=True)  # intent to stay, 1-5: asked of the junior partner only
    recommend = peewee.IntegerField()  # 0-10
    answered = peewee.DateTimeField(default=now)

    class Meta:
        indexes = ((("pairing", "by"), True),)

    def read_skills(self):
        return json.loads(self.skills)


class HelpRequest(TenantModel):
    """A partner asking the programme manager for help, or for a new partner."""
    pairing = peewee.ForeignKeyField(Pairing, backref="help_requests", on_delete="CASCADE")
    by = peewee.CharField()
    kind = peewee.CharField()  # help | rematch
    text = peewee.TextField()
    created = peewee.DateTimeField(default=now)


class ReminderSent(TenantModel):
    """A reminder email, kept so that nobody gets more than one a week."""
    user = peewee.ForeignKeyField(User, backref="+", on_delete="CASCADE")
    sent = peewee.DateTimeField(default=now, index=True)
    items = peewee.IntegerField(default=1)


def role_in(pairing, user):
    """"mentor" or "mentee" when `user` is a partner of `pairing`, else None."""
    if user.id is not None and user.id == pairing.mentor_id:
        return "mentor"
    if user.id is not None and user.id == pairing.mentee_id:
        return "mentee"
    return None


def other(role):
    return "mentee" if role == "mentor" else "mentor"


def person(pairing, role):
    return pairing.mentor if role == "mentor" else pairing.mentee
