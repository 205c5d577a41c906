"""What certificates keep in the tenant's database: each certificate issued (what it states, its
code, its signed file, whether it was revoked), the programme's earning rule, and the cohort
zips the programme manager asks for."""
import json
from datetime import date

import peewee

from tenants.certificates.earning import MEETINGS, EarningRule
from tenants.models import BuiltByJob, TenantModel, now
from tenants.pairing.models import Pairing
from tenants.people.models import User
from tenants.program.models import Cohort

ROLE_NAMES = {"mentor": "Reverse mentor", "mentee": "Reverse mentee"}


class Certificate(TenantModel):
    """One participant's certificate for one pairing, as issued: the facts it states are kept
    here as they were that day, so a later rename changes neither the file nor the verify page."""
    pairing = peewee.ForeignKeyField(Pairing, backref="certificates", on_delete="CASCADE", index=False)
    user = peewee.ForeignKeyField(User, backref="certificates", on_delete="CASCADE")
    role = peewee.CharField()  # "mentor" or "mentee"
    code = peewee.CharField(unique=True)
    name = peewee.TextField()
    partner = peewee.TextField()
    programme = peewee.TextField()
    organisation = peewee.TextField()
    starts = peewee.DateField()
    ends = peewee.DateField()
    journey = peewee.TextField(default="[]")  # [[phase, "YYYY-MM-DD"], ...]
    meetings = peewee.IntegerField()
    reason = peewee.TextField(default="")  # why it was earned (the rule's verdict)
    fingerprint = peewee.CharField()  # SHA-256 of the signing certificate that signed it
    file = peewee.CharField()  # the signed PDF's name in the tenant's certificate folder
    issued = peewee.DateTimeField(default=now)
    notified = peewee.DateTimeField(null=True)  # when the participant was emailed (claimed once)
    revoked = peewee.DateTimeField(null=True)
    revoked_by = peewee.CharField(default="")
    revoke_reason = peewee.TextField(default="")

    class Meta:
        indexes = ((("pairing", "user"), True),)

    @property
    def role_name(self):
        return ROLE_NAMES[self.role]

    @property
    def stages(self):
        """[(phase, date reached)] in the order reached."""
        return [(phase, date.fromisoformat(day)) for phase, day in json.loads(self.journey)]


class CertificateSettings(TenantModel):
    """The programme's earning rule (one row; none means the starting values)."""
    routinization = peewee.BooleanField(default=True)
    meetings = peewee.IntegerField(default=MEETINGS)
    closing_surveys = peewee.BooleanField(default=True)

    @property
    def rule(self):
        return EarningRule(self.routinization, self.meetings, self.closing_surveys)


class CertificateBatch(BuiltByJob):
    """A zip of a cohort's certificates (or everyone's); `running` holds the cohort's key."""
    cohort = peewee.ForeignKeyField(Cohort, null=True, on_delete="CASCADE")  # None: every participant
    done = peewee.IntegerField(default=0)
    total = peewee.IntegerField(default=0)

    @property
    def percent(self):
        return round(100 * self.done / self.total) if self.total else 0


def earning_rule():
    """The programme's rule for earning a certificate."""
    settings = CertificateSettings.select().order_by(CertificateSettings.id).first()
    return settings.rule if settings else EarningRule()
