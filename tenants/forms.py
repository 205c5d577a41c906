"""What every form in the product shares: whole numbers typed in plain digits, and texts trimmed.

`int()` reads "٣" as 3 and `str.isdigit()` passes "²", which `int()` refuses; a form field
reads numbers with `whole_number` alone, so neither gets further than a sentence next to it."""
from wtforms import BooleanField, DateField, EmailField, IntegerField, RadioField, SelectField, SelectMultipleField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, NumberRange, StopValidation, ValidationError
from wtforms.widgets import CheckboxInput, ListWidget

from tenants.emails import is_email

MAX_DIGITS = 12  # more than any number a form asks for, few enough that no column overflows


def whole_number(value):
    """An int from an int or from ASCII digits (at most MAX_DIGITS); ValueError for anything else."""
    if isinstance(value, int) and not isinstance(value, bool):
        return value
    text = str(value).strip()
    if not (text.isascii() and text.isdigit()) or len(text) > MAX_DIGITS:
        raise ValueError("not a whole number")
    return int(text)


def number_or_none(value):
    """`whole_number` for choices, where "" (nothing chosen yet) is None."""
    return None if value in ("", None) else whole_number(value)


def number_in(text):
    """A whole number from a query string (a filter, say), or None for anything else."""
    try:
        return whole_number(text)
    except ValueError:
        return None


def clean(value):
    """Texts arrive trimmed, and as "" when not sent at all."""
    return (value or "").strip()


def lower(value):
    """Email addresses arrive trimmed and in lower case."""
    return clean(value).lower()


def email_address(message):
    """A validator: the field holds one email address (tenants.emails), or `message` is said."""
    def check(form, field):
        if not is_email(field.data):
            raise ValidationError(message)
    return check


ASK_FOR_EMAIL = "Enter an email address like name@example.com."


def email_field(label, message=ASK_FOR_EMAIL):
    """A required field for one email address (tenants.emails), trimmed and in lower case."""
    return EmailField(label, [DataRequired(message), email_address(message)], filters=[lower])


def squashed(value):
    """A name with its runs of spaces made one: "  Prompt   engineering " is "Prompt engineering"."""
    return " ".join((value or "").split())


class WholeNumberField(IntegerField):
    """A whole number typed in ASCII digits; with `low` or `high`, within them. Anything else is
    refused with `message` (by default "Choose a number from low to high.")."""

    def __init__(self, label=None, validators=(), low=None, high=None, message=None, **kwargs):
        self.message = message
        if low is not None or high is not None:
            self.message = message or f"Choose a number from {low or 0} to {high}."
            validators = [*validators, NumberRange(low, high, message=self.message)]
        super().__init__(label, validators, **kwargs)

    def process_formdata(self, valuelist):
        if not valuelist or not valuelist[0].strip():
            self.data = None
            return
        try:
            self.data = whole_number(valuelist[0])
        except ValueError:
            self.data = None
            raise ValueError(self.message or self.gettext("Not a valid integer value.")) from None


def options(choices):
    """WTForms choices from values, (value, label) pairs or a dict."""
    pairs = choices.items() if isinstance(choices, dict) else choices
    return [c if isinstance(c, SelectChoice) else SelectChoice(*c) if isinstance(c, tuple) else SelectChoice(c, c)
            for c in pairs]


class ChoiceField(SelectField):
    """A drop-down of `choices`; nothing or something not offered is refused with `message`
    (or `unlisted`, when something not offered was sent)."""

    def __init__(self, label=None, validators=(), message="Choose one from the list.", unlisted=None, **kwargs):
        self.message, self.unlisted = message, unlisted or message
        kwargs["choices"] = options(kwargs.get("choices", ()))
        super().__init__(label, validators, invalid_choice_message=self.unlisted, **kwargs)

    def process_formdata(self, valuelist):
        try:
            super().process_formdata(valuelist)
        except ValueError:
            self.data = None
            raise ValueError(self.unlisted) from None

    def pre_validate(self, form):
        if self.data in (None, ""):
            if self.validate_choice and not self.process_errors and not self.flags.optional:
                raise StopValidation(self.message)
            return
        super().pre_validate(form)


class RadioChoiceField(ChoiceField):
    """ChoiceField shown as radio buttons."""
    widget = RadioField.widget
    option_widget = RadioField.option_widget


class ChoicesField(SelectMultipleField):
    """Checkboxes for any number of `choices`; anything not offered is refused with `message`."""
    widget = ListWidget(prefix_label=False)
    option_widget = CheckboxInput()

    def __init__(self, label=None, validators=(), message="Choose from the list.", **kwargs):
        kwargs["choices"] = options(kwargs.get("choices", ()))
        super().__init__(label, validators, invalid_choice_message=message, **kwargs)

    def process_formdata(self, valuelist):
        try:
            super().process_formdata(valuelist)
        except ValueError:
            self.data = []
            raise ValueError(self.invalid_choice_message) from None


class YesField(BooleanField):
    """A checkbox that is ticked by "yes" alone (what the page sends), so "99" is no answer."""

    def process_formdata(self, valuelist):
        self.data = valuelist[:1] == ["yes"]

    def _value(self):
        return "yes"


class DayField(DateField):
    """A date typed as 2027-01-31 (what a date input sends); anything else is refused with `message`."""

    def __init__(self, label=None, validators=(), message="Use a date like 2027-01-31.", **kwargs):
        self.message = message
        super().__init__(label, validators, **kwargs)

    def process_formdata(self, valuelist):
        try:
            super().process_formdata(valuelist)
        except ValueError:
            raise ValueError(self.message) from None
