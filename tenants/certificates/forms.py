"""The programme manager's forms: the earning rule, revoking a certificate, a cohort's zip."""
from flask_wtf import FlaskForm
from wtforms import BooleanField, SelectField, TextAreaField
from wtforms.validators import DataRequired, InputRequired, Length, NumberRange

from tenants.certificates.earning import MEETINGS_BOUNDS
from tenants.forms import WholeNumberField

REASON_LENGTH = 500


class EarningForm(FlaskForm):
    routinization = BooleanField("Reaching routinization earns a certificate")
    meetings = WholeNumberField(
        "Completing the programme earns one with at least … meetings held",
        validators=[InputRequired(message="Say how many meetings, as a number."),
                    NumberRange(*MEETINGS_BOUNDS, message=f"Choose between {MEETINGS_BOUNDS[0]} and "
                                                          f"{MEETINGS_BOUNDS[1]} meetings.")])
    closing_surveys = BooleanField("… and both partners' closing surveys answered")


class RevokeForm(FlaskForm):
    reason = TextAreaField(
        "Why is it revoked?", filters=[lambda value: (value or "").strip()],
        validators=[DataRequired(message="Say why, in a sentence: the holder reads it."),
                    Length(max=REASON_LENGTH, message=f"Keep it under {REASON_LENGTH} characters.")])


class BatchForm(FlaskForm):
    cohort = SelectField("Whose certificates", choices=[], validate_choice=True)
