"""The pairing board's forms: what a proposal aims for, and why a pairing ends.

The board's per-row buttons (pin, forbid, swap, remove) stay plain forms of hidden fields:
there is nothing to type in them, so nothing for a form class to check or show again."""
from flask_wtf import FlaskForm
from wtforms import FloatField, StringField
from wtforms.validators import Length, Optional, StopValidation

from tenants.forms import ChoiceField, RadioChoiceField, clean, number_or_none
from tenants.matching import DEFAULT_WEIGHTS, MODES, SCORES
from tenants.pairing.board import SCORE_LABELS
from tenants.program.models import cohorts


class WeightField(FloatField):
    """A weight from 0 to 10 in plain digits; a weight not sent keeps its default. The message
    names the weight and says what was typed."""
    typed = None

    def process_formdata(self, valuelist):
        if not valuelist:
            return
        self.typed = valuelist[0].strip()
        try:
            self.data = float(self.typed) if self.typed.isascii() else None
        except ValueError:
            self.data = None

    def pre_validate(self, form):
        if self.typed is not None and not (self.data is not None and 0 <= self.data <= 10):  # NaN fails this too
            shown = f"“{self.typed}”" if self.typed else "Nothing"
            raise StopValidation(f"{self.label.text}: {shown} is not a weight; give a number from 0 to 10.")


class ProposalForm(FlaskForm):
    """Who to pair, what to aim for and the weights (fields w-<score>, added below)."""
    cohort = ChoiceField("Who", [Optional()], coerce=number_or_none,
                         message="Choose one of the cohorts, or everyone.")
    mode = RadioChoiceField("Aim for", choices=list(MODES), default="best_total",
                            message="Choose how to pair: best total score or most people matched.")

    @classmethod
    def for_programme(cls, **kwargs):
        form = cls(**kwargs)
        form.cohort.choices = [("", "Everyone not paired yet")] + [
            (cohort.id, f"Cohort {cohort.name}") for cohort in cohorts()]
        return form

    def weights(self):
        return {name: self[f"w-{name}"].data for name in SCORES}

    def weight_errors(self):
        """The first weight that is not one: one message for the weights, next to them."""
        return next(([self[f"w-{name}"].errors[0]] for name in SCORES if self[f"w-{name}"].errors), [])

    def chosen(self):
        """(mode, weights, cohort id or None), as the board's proposal functions take them."""
        return self.mode.data, self.weights(), self.cohort.data


for _name in SCORES:
    setattr(ProposalForm, f"w-{_name}", WeightField(SCORE_LABELS[_name], default=DEFAULT_WEIGHTS[_name]))


class EndForm(FlaskForm):
    reason = StringField("Why it ends", [Length(1, 500, "Say briefly why the pairing ends (up to 500 characters).")],
                         filters=[clean])
