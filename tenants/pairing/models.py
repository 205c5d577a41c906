"""What pairing keeps in the tenant's database: proposals, the programme manager's decisions
(pins and forbids), seniors' shortlists, and the published pairings every later part of the
product works on (with their history when they end)."""
import json

import peewee

from tenants.matching import Reason
from tenants.models import TenantModel, now
from tenants.people.models import User
from tenants.program.models import Cohort


class PairingProposal(TenantModel):
    """One run of the matcher, kept so the admin can review it, compare it and publish it."""
    cohort = peewee.ForeignKeyField(Cohort, null=True, on_delete="SET NULL")  # None: everyone
    created = peewee.DateTimeField(default=now)
    created_by = peewee.CharField()
    mode = peewee.CharField()
    weights = peewee.TextField(default="{}")
    total = peewee.FloatField(default=0)
    pairs = peewee.TextField(default="[]")
    unmatched = peewee.TextField(default="[]")
    notes = peewee.TextField(default="[]")
    # running → draft | failed; draft → publishing → published, or superseded by a newer run
    status = peewee.CharField(default="draft")
    published = peewee.DateTimeField(null=True)  # when its pairings were created
    problem = peewee.TextField(default="")  # why running or publishing it failed, in a sentence

    def read(self, field):
        return json.loads(getattr(self, field))


class PairDecision(TenantModel):
    """The programme manager's decision about one mentor–mentee pair: keep it ("pin") or
    never propose it ("forbid")."""
    mentor = peewee.ForeignKeyField(User, on_delete="CASCADE", backref="+")
    mentee = peewee.ForeignKeyField(User, on_delete="CASCADE", backref="+")
    kind = peewee.CharField(choices=[("pin", "Pinned"), ("forbid", "Forbidden")])
    created_by = peewee.CharField()
    created = peewee.DateTimeField(default=now)

    class Meta:
        indexes = ((("mentor", "mentee"), True),)


class Pairing(TenantModel):
    """A published mentor–mentee relationship."""
    mentor = peewee.ForeignKeyField(User, on_delete="CASCADE", backref="mentoring")
    mentee = peewee.ForeignKeyField(User, on_delete="CASCADE", backref="mentored_by")
    proposal = peewee.ForeignKeyField(PairingProposal, null=True, on_delete="SET NULL")
    score = peewee.FloatField(default=0)
    reason = peewee.TextField(default="")  # why they were matched, for the programme manager
    reasons = peewee.TextField(default="[]")  # the same, as tenants.matching.Reason fields (JSON)
    started = peewee.DateTimeField(default=now)
    status = peewee.CharField(default="active")  # active → ended
    ended = peewee.DateTimeField(null=True)
    end_reason = peewee.TextField(default="")

    @property
    def reason_points(self):
        """Why they were matched, point by point (tenants.matching.Reason)."""
        return [Reason(**point) for point in json.loads(self.reasons)]


class ShortlistOffer(TenantModel):
    """The best mentors offered to one senior, who picks one before the admin publishes."""
    mentee = peewee.ForeignKeyField(User, unique=True, on_delete="CASCADE", backref="+")
    candidates = peewee.TextField(default="[]")  # [{mentor_id, score, reason}], best first
    reason = peewee.TextField(default="")  # why fewer than three, if so
    chosen = peewee.ForeignKeyField(User, null=True, on_delete="SET NULL", backref="+")
    created = peewee.DateTimeField(default=now)
    decided = peewee.DateTimeField(null=True)

    @property
    def offers(self):
        return json.loads(self.candidates)


def active_pairings():
    return Pairing.select().where(Pairing.status == "active")


def partners_of(user):
    """The people `user` is paired with now."""
    return [p.mentee if p.mentor_id == user.id else p.mentor
            for p in active_pairings().where((Pairing.mentor == user.id) | (Pairing.mentee == user.id))]
