"""The personal data pages' forms: correcting a name and email, and confirming an erasure by
typing the person's name."""
from flask_wtf import FlaskForm
from wtforms import StringField
from wtforms.validators import ValidationError

from tenants.forms import clean, lower
from tenants.privacy.correction import correction_errors


class CorrectionForm(FlaskForm):
    name = StringField("Name", filters=[clean])
    email = StringField("Email", filters=[lower])

    def validate(self, extra_validators=None):
        """The correction's own rules (tenants.privacy.correction), each said next to its field."""
        fine = super().validate(extra_validators)
        for name, message in correction_errors(self.person, self.name.data, self.email.data).items():
            self[name].errors.append(message)
        return fine and not (self.name.errors or self.email.errors)


class ErasureForm(FlaskForm):
    confirm = StringField("Type their name to confirm")

    def validate_confirm(self, field):
        if " ".join((field.data or "").split()).casefold() != " ".join(self.person.name.split()).casefold():
            raise ValidationError(f"Type their name, {self.person.name}, exactly as shown, to erase them.")
