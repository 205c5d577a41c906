"""The programme manager's forms for a person: inviting someone, and changing their role, team,
manager and cohort. The cohorts offered are this tenant's, so the form is given them per request."""
from flask_wtf import FlaskForm
from wtforms import StringField
from wtforms.validators import DataRequired, Length, Optional, ValidationError

from tenants.forms import ChoiceField, clean, email_address, email_field, lower, number_or_none
from tenants.people.models import find_user, manager_loop
from tenants.program.models import cohorts

ROLE_CHOICES = [("", "Choose…"), ("mentor", "Mentor (the junior partner)"), ("mentee", "Mentee (the senior partner)")]


class PersonForm(FlaskForm):
    role = ChoiceField("Role", choices=ROLE_CHOICES,
                       message="Choose mentor (the junior partner) or mentee (the senior partner).")
    department = StringField("Department", [Length(max=120, message="Keep it under 120 characters.")], filters=[clean])
    manager_email = StringField("Manager's email", [Optional(), email_address("Enter the manager's email address.")],
                                filters=[lower])
    cohort = ChoiceField("Cohort", [Optional()], coerce=number_or_none, message="Choose one of the cohorts.")
    person = None  # the person being changed; None while inviting

    def __init__(self, *args, person=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.person = person
        self.cohort.choices = [("", "None")] + [(c.id, c.name) for c in cohorts()]

    def validate_manager_email(self, field):
        manager = find_user(field.data)
        if self.person is not None and manager is not None and manager_loop(self.person, manager):
            raise ValidationError("That would make a management loop: " + " → ".join(manager_loop(self.person, manager))
                                  + ".")
        if self.person is not None and field.data == self.person.email:
            raise ValidationError("Nobody can be their own manager.")

    def apply_to(self, person):
        """Write the form's choices onto `person` (not saved)."""
        manager = find_user(self.manager_email.data) if self.manager_email.data else None
        person.role, person.department, person.manager = self.role.data, self.department.data, manager
        person.manager_email = "" if manager else self.manager_email.data
        person.cohort = self.cohort.data


def of(person):
    """What the edit form starts with: the person as they are."""
    return {"role": person.role, "department": person.department, "cohort": person.cohort_id,
            "manager_email": person.manager.email if person.manager else person.manager_email}


class InviteForm(PersonForm):
    name = StringField("Name", [DataRequired("Enter their name (up to 120 characters)."),
                                Length(max=120, message="Enter their name (up to 120 characters).")], filters=[clean])
    email = email_field("Email")

    def validate_email(self, field):
        if find_user(field.data):
            raise ValidationError("Someone with this email is already in the programme.")
