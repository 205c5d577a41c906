"""The programme settings' forms. Skills, cohorts and a question's choices are names a person
picks from, so a name already there (in any case) is refused next to the field."""
from flask_wtf import FlaskForm
from peewee import fn
from wtforms import StringField, TextAreaField
from wtforms.validators import DataRequired, Length, Optional, ValidationError

from tenants.forms import ChoiceField, DayField, WholeNumberField, YesField, clean, squashed
from tenants.program.models import QUESTION_KINDS, Cohort, Skill

MAX_CHOICES = 12


def named(what, limit):
    message = f"Give the {what} a name of up to {limit} characters."
    return [DataRequired(message), Length(max=limit, message=message)]


class ProgramForm(FlaskForm):
    name = StringField("Name", named("programme", 120), filters=[clean])
    term_start = DayField("Term starts", [Optional()])
    term_end = DayField("Term ends", [Optional()])
    cadence_days = WholeNumberField("Partners meet at least every … days", low=7, high=92,
                                    message="Choose between 7 and 92 days.")
    ask_diversity = YesField("Ask the optional diversity questions (consented, “prefer not to say” on each)")

    def validate_term_end(self, field):
        if field.data and self.term_start.data and field.data <= self.term_start.data:
            raise ValidationError("The term must end after it starts.")


def not_taken(model, refusal):
    def check(form, field):
        if model.select().where(fn.LOWER(model.name) == field.data.lower()).exists():
            raise ValidationError(refusal.format(name=field.data))
    return check


class SkillForm(FlaskForm):
    name = StringField("New skill", [*named("skill", 60), not_taken(Skill, "“{name}” is already in the catalogue.")],
                       filters=[squashed], id="skill-name")


class CohortForm(FlaskForm):
    name = StringField("New cohort", [*named("cohort", 80), not_taken(Cohort, "There is already a cohort “{name}”.")],
                       filters=[squashed], id="cohort-name")


class QuestionForm(FlaskForm):
    text = StringField("Question", [DataRequired("Write the question in up to 200 characters."),
                                    Length(max=200, message="Write the question in up to 200 characters.")],
                       filters=[clean], id="question_text")
    kind = ChoiceField("Answer", choices=list(QUESTION_KINDS.items()), message="Choose what kind of answer it takes.")
    options = TextAreaField("Choices (for single or multiple choice), one per line", filters=[clean])
    required = YesField("Required")

    def choices(self):
        """The choices, one a line (or comma), spaces squashed; none for a question without choices."""
        if "choice" not in (self.kind.data or ""):
            return []
        return [squashed(line) for line in self.options.data.replace(",", "\n").splitlines() if line.strip()]

    def validate_options(self, field):
        choices = self.choices()
        if "choice" in (self.kind.data or "") and not 2 <= len(choices) <= MAX_CHOICES:
            raise ValidationError(f"List 2 to {MAX_CHOICES} choices, one per line.")
        seen = set()
        for choice in choices:
            if choice.lower() in seen:
                raise ValidationError(f"“{choice}” is listed twice: list each choice once.")
            seen.add(choice.lower())
