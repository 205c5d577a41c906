"""The pair space's forms. Each refusal of shape (missing, too long, out of range) is a plain
sentence next to its field; the rules that depend on the pairing are in the logic modules."""

from flask_wtf import FlaskForm
from wtforms import (
    BooleanField,
    DateField,
    RadioField,
    SelectField,
    StringField,
    TextAreaField,
    TimeField,
)
from wtforms.fields.choices import SelectChoice
from wtforms.validators import AnyOf, DataRequired, InputRequired, Length, NumberRange, Optional, ValidationError
from wtforms.widgets import HiddenInput

from tenants.forms import WholeNumberField, whole_number
from tenants.goals.models import MAX_TEXT as MAX_GOAL
from tenants.goals.models import STATUSES
from tenants.pair_space import offers
from tenants.pair_space.charter import MEETING_WAYS
from tenants.pair_space.closing import GOALS_MET
from tenants.pair_space.help_requests import KINDS as HELP_KINDS
from tenants.pair_space.meetings import DURATIONS
from tenants.pair_space.pulse import ITEMS, SCALE
from tenants.pair_space.space import MAX_LINE, MAX_TEXT


def options(pairs):
    """WTForms choices from (value, label) pairs or a dict."""
    return [SelectChoice(value, label) for value, label in (pairs.items() if isinstance(pairs, dict) else pairs)]


def clean(value):
    """Texts arrive trimmed, and as "" when not sent at all."""
    return (value or "").strip()


def at_most(limit, what):
    return Length(max=limit, message=f"Keep {what} to {limit:,} characters.")


def needed(what):
    return DataRequired(message=f"Write {what}.")


def chosen(what):
    return InputRequired(message=f"Choose {what}.")


class CharterForm(FlaskForm):
    based_on = WholeNumberField(default=0, widget=HiddenInput(), message="Reload the page and try again.")
    learn = TextAreaField(
        "What I want to learn", filters=[clean], validators=[at_most(MAX_TEXT, "what you want to learn")]
    )
    give = TextAreaField(
        "What I want to give", filters=[clean], validators=[at_most(MAX_TEXT, "what you want to give")]
    )
    success = TextAreaField(
        "What success looks like at the end of the term",
        filters=[clean],
        validators=[at_most(MAX_TEXT, "what success looks like")],
    )
    cadence_days = WholeNumberField(
        "We meet at least every … days",
        validators=[
            InputRequired(message="Say how often you meet, in days."),
            NumberRange(7, 92, message="Choose between 7 and 92 days."),
        ],
    )
    how_we_meet = SelectField("How we prefer to meet", choices=options(MEETING_WAYS))
    confidentiality = TextAreaField(
        "Confidentiality",
        filters=[clean],
        validators=[needed("how you keep what you share between you"), at_most(MAX_TEXT, "the confidentiality rule")],
    )
    cancellation = TextAreaField(
        "If one of us has to cancel", filters=[clean], validators=[at_most(MAX_TEXT, "the cancellation rule")]
    )

class SignForm(FlaskForm):
    number = WholeNumberField(widget=HiddenInput(), validators=[InputRequired()])


def when_fields(cls):
    cls.day = DateField("Date", validators=[InputRequired(message="Choose a date.")])
    cls.minutes = SelectField(
        "Length",
        coerce=whole_number,
        default=60,
        choices=options(
            (m, f"{m} minutes" if m < 60 else f"{m / 60:g} hour" + ("s" if m > 60 else "")) for m in DURATIONS
        ),
    )
    cls.agenda = TextAreaField("Agenda", filters=[clean], validators=[at_most(MAX_TEXT, "the agenda")])
    return cls


@when_fields
class MeetingForm(FlaskForm):
    at = TimeField("Start time", validators=[InputRequired(message="Choose a start time.")])
    place = StringField("Place or video link", filters=[clean], validators=[at_most(MAX_LINE, "the place")])


@when_fields
class PastMeetingForm(FlaskForm):
    initiated_by = RadioField("Who suggested it?", validators=[chosen("who suggested the meeting")])


class HeldForm(FlaskForm):
    initiated_by = RadioField("Who suggested it?", validators=[chosen("who suggested the meeting")])


class CancelForm(FlaskForm):
    reason = TextAreaField(
        "Why (optional, your partner reads it)", filters=[clean], validators=[at_most(MAX_TEXT, "the reason")]
    )


class NoteForm(FlaskForm):
    text = TextAreaField("Add a note", filters=[clean], validators=[needed("your note"), at_most(MAX_TEXT, "a note")])


class OfferForm(FlaskForm):
    kind = SelectField("What you offer", choices=options(offers.KINDS))
    text = StringField(
        "In a line", filters=[clean], validators=[needed("what you offer, in a line"), at_most(MAX_LINE, "an offer")]
    )


class AnswerForm(FlaskForm):
    reason = TextAreaField("Why not (optional)", filters=[clean], validators=[at_most(MAX_TEXT, "the reason")])
    kind = SelectField("Your offer back", choices=options(offers.KINDS), validators=[Optional()])
    text = StringField("In a line", filters=[clean], validators=[at_most(MAX_LINE, "an offer")])


class GoalForm(FlaskForm):
    text = StringField("A new goal", filters=[clean], validators=[needed("the goal"), at_most(MAX_GOAL, "a goal")])


class GoalUpdateForm(FlaskForm):
    progress = WholeNumberField(
        "Progress (%)",
        validators=[
            InputRequired(message="Say how far you are, 0 to 100 %."),
            NumberRange(0, 100, message="Say how far you are, 0 to 100 %%."),
        ],
    )
    text = StringField("What happened", filters=[clean], validators=[at_most(MAX_LINE, "the update")])
    status = SelectField("Status", choices=options(STATUSES))


class PulseForm(FlaskForm):
    comment = TextAreaField(
        "Anything you want to add (optional)", filters=[clean], validators=[at_most(MAX_TEXT, "your comment")]
    )
    share_comment = BooleanField("Share my comment with the programme manager")


def scale(label, values, message):
    """A row of radio buttons whose refusals say what to choose, whatever was sent."""
    return RadioField(
        label,
        coerce=whole_number,
        choices=options(values),
        validate_choice=False,
        validators=[InputRequired(message=message), AnyOf(list(dict(values)), message=message)],
    )


for _name, _text in ITEMS.items():
    setattr(PulseForm, _name, scale(_text, SCALE, "Answer from 1 to 5."))


def closing_form(skills, junior):
    """The closing survey's form for these skills; `junior` adds the question on staying."""
    one_to_five = [(n, str(n)) for n in range(1, 6)]

    class ClosingForm(FlaskForm):
        goals_met = RadioField(
            "Were your goals met?", choices=options(GOALS_MET), validators=[chosen("whether your goals were met")]
        )
        recommend = scale(
            "How likely are you to recommend this programme to a colleague? (0–10)",
            [(n, str(n)) for n in range(11)],
            "Choose a number from 0 to 10.",
        )

    for n, skill in enumerate(skills):
        for when in ("before", "after"):
            setattr(
                ClosingForm,
                f"{when}_{n}",
                scale(f"{skill}: {when} the programme", one_to_five, "Choose a rating from 1 to 5."),
            )
    if junior:
        ClosingForm.stay = scale(
            "How likely are you to stay with the organisation for the next two years? (1–5)",
            one_to_five,
            "Choose a rating from 1 to 5.",
        )
    return ClosingForm


class HelpForm(FlaskForm):
    kind = RadioField(
        "What do you need?", choices=options(HELP_KINDS), default="help", validators=[chosen("what you need")]
    )
    text = TextAreaField(
        "Your message to the programme manager",
        filters=[clean],
        validators=[needed("your message"), at_most(MAX_TEXT, "your message")],
    )


class PulseSettingsForm(FlaskForm):
    every = WholeNumberField(
        "A pulse round every … days",
        validators=[
            InputRequired(message="Say how often, in days."),
            NumberRange(14, 92, message="Choose between 14 and 92 days."),
        ],
    )
    open_days = WholeNumberField(
        "Each round open for … days",
        validators=[
            InputRequired(message="Say for how long, in days."),
            NumberRange(3, 92, message="Choose between 3 and 92 days."),
        ],
    )

    def validate_open_days(self, field):
        if self.every.data and field.data and field.data > self.every.data:
            raise ValidationError(
                "A round closes before the next one opens: keep this at most the days between rounds."
            )
