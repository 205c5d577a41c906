"""What pairing keeps in the tenant's database: proposals, the programme manager's decisions
(pins and forbids), seniors' shortlists, and the published pairings every later part of the
product works on (with their history when they end)."""
import json

import peewee

from tenants.matching import Reason
from tenants.models import TenantModel, now
from tenants.people.models import User
from tenants.program.models import Cohort

WITHOUT_PAIRS = ("running", "failed")  # proposals with no pairs to show (yet, or ever)
UNDER_WAY = ("running", "publishing")


class PairingProposal(TenantModel):
    """One run of the matcher, kept so the admin can review it, compare it and publish it."""
    cohort = peewee.ForeignKeyField(Cohort, null=True, on_delete="SET NULL")  # None: everyone
    created = peewee.DateTimeField(default=now)
    created_by = peewee.CharField()
    mode = peewee.CharField()
    weights = peewee.TextField(default="{}")
    total = peewee.FloatField(default=0)
    notes = peewee.TextField(default="[]")
    # running → draft | failed (| superseded, if a newer run ended first); draft → publishing →
    # published, or superseded by a newer run. The open draft is the newest run with pairs.
    status = peewee.CharField(default="draft")
    published = peewee.DateTimeField(null=True)  # when its pairings were created
    problem = peewee.TextField(default="")  # why running or publishing it failed, in a sentence

    def read(self, field):
        """A JSON field as data; "pairs" and "unmatched" read every row of the proposal's lists."""
        if field in ("pairs", "unmatched"):
            rows = self.pair_rows() if field == "pairs" else self.unpaired_rows()
            return [json.loads(details) for details, in rows.select(rows.model.details).tuples()]
        return json.loads(getattr(self, field))

    def pair_rows(self):
        """The proposed pairs, in the proposal's order, as a query (to page or count)."""
        return ProposedPair.select().where(ProposedPair.proposal == self.id).order_by(ProposedPair.position)

    def unpaired_rows(self):
        return NotPaired.select().where(NotPaired.proposal == self.id).order_by(NotPaired.position)

    def write(self, pairs, unmatched):
        """Replace the proposal's pairs and unpaired people (dicts of tenants.matching's Pair and
        Unmatched fields)."""
        ProposedPair.delete().where(ProposedPair.proposal == self.id).execute()
        NotPaired.delete().where(NotPaired.proposal == self.id).execute()
        for chunk in peewee.chunked(enumerate(pairs), 500):
            ProposedPair.insert_many([{"proposal": self.id, "position": n, "mentor": p["mentor_id"],
                                       "mentee": p["mentee_id"], "score": p["score"], "details": json.dumps(p)}
                                      for n, p in chunk]).execute()
        for chunk in peewee.chunked(enumerate(unmatched), 500):
            NotPaired.insert_many([{"proposal": self.id, "position": n, "person": u["person_id"],
                                    "details": json.dumps(u)} for n, u in chunk]).execute()


class ProposedPair(TenantModel):
    """One pair of a proposal; `details` holds all of tenants.matching's Pair (JSON)."""
    proposal = peewee.ForeignKeyField(PairingProposal, on_delete="CASCADE", backref="+", index=False)
    position = peewee.IntegerField()
    mentor = peewee.ForeignKeyField(User, on_delete="CASCADE", backref="+")
    mentee = peewee.ForeignKeyField(User, on_delete="CASCADE", backref="+")
    score = peewee.FloatField()
    details = peewee.TextField()

    class Meta:
        indexes = ((("proposal", "position"), False), (("proposal", "mentee"), True))

    @property
    def pair(self):
        return json.loads(self.details)


class NotPaired(TenantModel):
    """Someone a proposal could not pair; `details` holds tenants.matching's Unmatched (JSON)."""
    proposal = peewee.ForeignKeyField(PairingProposal, on_delete="CASCADE", backref="+", index=False)
    position = peewee.IntegerField()
    person = peewee.ForeignKeyField(User, on_delete="CASCADE", backref="+")
    details = peewee.TextField()

    class Meta:
        indexes = ((("proposal", "position"), False),)

    @property
    def why(self):
        return json.loads(self.details)


class PairDecision(TenantModel):
    """The programme manager's decision about one mentor–mentee pair: keep it ("pin") or
    never propose it ("forbid")."""
    mentor = peewee.ForeignKeyField(User, on_delete="CASCADE", backref="+", index=False)
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
