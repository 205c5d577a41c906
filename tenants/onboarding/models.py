"""A participant's profile, filled in step by step: what they can teach and want to learn,
their goals, when they are free, and how they like to work. Pairing reads it."""
import json

import peewee

from tenants.models import TenantModel
from tenants.people.models import User
from tenants.program.models import Skill

LEVELS = {1: "Beginner", 2: "Some experience", 3: "Confident", 4: "Advanced", 5: "Expert"}
WEEKDAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]
LANGUAGES = {"en": "English", "de": "German", "fr": "French", "es": "Spanish", "it": "Italian",
             "nl": "Dutch", "pt": "Portuguese", "pl": "Polish", "sv": "Swedish", "tr": "Turkish",
             "ar": "Arabic", "zh": "Chinese", "ja": "Japanese", "hi": "Hindi", "sw": "Swahili"}
# Our own wording (work-style preferences), answered 1 (disagree) to 5 (agree). Pairing
# compares the answers for deep-level similarity.
VALUES_QUESTIONS = {
    "structure": "I like a clear agenda for every meeting.",
    "directness": "I prefer feedback that is direct, even when it stings.",
    "experiment": "I would rather try something new than perfect something known.",
    "pace": "I like to move fast and adjust as I go.",
    "reflection": "I need time to think before I give my view.",
    "openness": "I am comfortable talking about my mistakes.",
}
SELF_DESCRIBED = "Self-described"
DIVERSITY_QUESTIONS = {
    "gender": ("Gender", ["Woman", "Man", "Non-binary", SELF_DESCRIBED]),
    "generation": ("Generation", ["Gen Z (born 1997 or later)", "Millennial (1981–1996)",
                                  "Gen X (1965–1980)", "Baby boomer (1946–1964)"]),
    "background": ("Background", ["First in family to attend university", "Grew up in another country",
                                  "From an under-represented ethnic group", "None of these"]),
}
PREFER_NOT = "Prefer not to say"
# A self-described gender is kept in the participant's words beside the answer, never compared.
SELF_DESCRIPTION = "self_described"
# Wanting to learn a topic has no level: what the partner can teach, up to expert, is wanted.
WANTS_TO_LEARN = 5


class Profile(TenantModel):
    user = peewee.ForeignKeyField(User, unique=True, backref="profiles", on_delete="CASCADE")
    timezone = peewee.CharField(default="")
    languages = peewee.CharField(default="")
    values = peewee.TextField(default="{}")
    diversity_consent = peewee.BooleanField(default=False)
    diversity = peewee.TextField(default="{}")
    answers = peewee.TextField(default="{}")
    steps_done = peewee.TextField(default="[]")

    def read(self, field):
        return json.loads(getattr(self, field))

    def write(self, field, value):
        setattr(self, field, json.dumps(value, ensure_ascii=False))

    @property
    def language_codes(self):
        return [code for code in self.languages.split(",") if code]


class ProfileSkill(TenantModel):
    """A skill someone can teach or wants to learn, at a level (1 beginner … 5 expert)."""
    user = peewee.ForeignKeyField(User, backref="skills", on_delete="CASCADE", index=False)
    skill = peewee.ForeignKeyField(Skill, on_delete="CASCADE")
    direction = peewee.CharField(choices=[("teach", "Can teach"), ("learn", "Wants to learn")])
    level = peewee.IntegerField()

    class Meta:
        indexes = ((("user", "skill", "direction"), True),)


class AvailabilityWindow(TenantModel):
    """A weekly time window, in the participant's own time zone ("HH:MM" strings)."""
    user = peewee.ForeignKeyField(User, backref="availability", on_delete="CASCADE")
    weekday = peewee.IntegerField()
    start = peewee.CharField()
    end = peewee.CharField()

    @property
    def label(self):
        return f"{WEEKDAYS[self.weekday]} {self.start}–{self.end}"


def profile_of(user):
    """The user's profile, created empty on first use."""
    profile, _ = Profile.get_or_create(user=user)
    return profile
