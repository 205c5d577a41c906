"""What the tracker keeps: each pairing's current reading, its journey (every phase change
with its reasons, exactly as tenants.phases.journey() gives them), and each flag as it was
raised, for the programme manager's alerts and daily digest."""
import json

import peewee

from tenants.models import TenantModel, now
from tenants.pairing.models import Pairing


class PhaseReading(TenantModel):
    """Where a pairing stands: phase_of() of its events on the day `read_on`."""
    pairing = peewee.ForeignKeyField(Pairing, primary_key=True, backref="+", on_delete="CASCADE")
    phase = peewee.CharField()
    since = peewee.DateField()
    read_on = peewee.DateField()
    ended = peewee.DateField(null=True)  # the pairing's end: the reading is of that day
    reasons = peewee.TextField(default="[]")  # [sentence]
    flags = peewee.TextField(default="[]")  # [[name, level, evidence]], red first
    next_steps = peewee.TextField(default="{}")  # {"mentor": [sentence], "mentee": [sentence]}
    reds = peewee.IntegerField(default=0)  # how many red flags: at risk when above 0
    ambers = peewee.IntegerField(default=0)
    written = peewee.DateTimeField(default=now)

    def read(self, field):
        return json.loads(getattr(self, field))


class PhaseChange(TenantModel):
    """One step of a pairing's journey: the day it entered `phase`, and why (number 0 is its start)."""
    pairing = peewee.ForeignKeyField(Pairing, backref="+", on_delete="CASCADE", index=False)
    number = peewee.IntegerField()
    on = peewee.DateField()
    phase = peewee.CharField()
    reasons = peewee.TextField(default="[]")

    class Meta:
        indexes = ((("pairing", "number"), True),)


class FlagRaised(TenantModel):
    """A flag that was not on the pairing's reading before (or turned from amber to red)."""
    pairing = peewee.ForeignKeyField(Pairing, backref="+", on_delete="CASCADE")
    name = peewee.CharField()
    level = peewee.CharField()
    evidence = peewee.TextField()
    on = peewee.DateField()  # the day of the reading that raised it
    raised = peewee.DateTimeField(default=now)
    alerted = peewee.DateTimeField(null=True)  # a low-trust alert told the programme managers
    digested = peewee.DateTimeField(null=True, index=True)  # a daily digest told them
