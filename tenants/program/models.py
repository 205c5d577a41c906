"""The tenant's programme: its term and rules, the skills catalogue, profile questions, cohorts."""
import json

import peewee

from tenants.models import Compiled, TenantModel, now

QUESTION_KINDS = {"short_text": "Short text", "single_choice": "Single choice",
                  "multiple_choice": "Multiple choice", "scale": "Scale of 1 to 5"}
DEFAULT_CADENCE_DAYS = 31  # "meet at least monthly"
PULSE_EVERY_DAYS = 30  # a pulse round every this many days from a pairing's start
PULSE_OPEN_DAYS = 14  # each round open this long


class Program(TenantModel):
    name = peewee.CharField()
    term_start = peewee.DateField(null=True)
    term_end = peewee.DateField(null=True)
    cadence_days = peewee.IntegerField(default=DEFAULT_CADENCE_DAYS)
    ask_diversity = peewee.BooleanField(default=False)
    pulse_every_days = peewee.IntegerField(default=PULSE_EVERY_DAYS)
    pulse_open_days = peewee.IntegerField(default=PULSE_OPEN_DAYS)
    phase_rules = peewee.TextField(default="{}")  # the tenant's changes to the phase rules: Rules.overrides()


class Cohort(TenantModel):
    name = peewee.CharField(unique=True)
    created = peewee.DateTimeField(default=now)


# Many pages list the cohorts (filters, forms): their query is written once (tenants.models.Compiled).
_cohorts = Compiled(lambda: Cohort.select().order_by(Cohort.name))


def cohorts():
    """The programme's cohorts, by name."""
    return list(_cohorts())


class Skill(TenantModel):
    name = peewee.CharField(unique=True)
    active = peewee.BooleanField(default=True)
    position = peewee.IntegerField(default=0)


class ProfileQuestion(TenantModel):
    """A question the tenant adds to every participant's profile."""
    text = peewee.CharField()
    kind = peewee.CharField(choices=list(QUESTION_KINDS.items()))
    options = peewee.TextField(default="[]")
    required = peewee.BooleanField(default=False)
    position = peewee.IntegerField(default=0)
    active = peewee.BooleanField(default=True)

    @property
    def choices(self):
        return json.loads(self.options)


# Most pages read the programme: its query is written once (tenants.models.Compiled).
_programmes = Compiled(lambda: Program.select().order_by(Program.id).limit(1))


def current_program():
    """The programme of this tenant (there is one; a fresh tenant gets a default)."""
    return next(iter(_programmes()), None) or Program(name="Reverse mentoring")


def active_skills():
    return Skill.select().where(Skill.active).order_by(Skill.position, Skill.name)


def active_questions():
    return ProfileQuestion.select().where(ProfileQuestion.active).order_by(ProfileQuestion.position, ProfileQuestion.id)
