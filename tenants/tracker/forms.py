"""The tenant's phase rules as a form, one field a rule, built from Rules.explained(); a refusal
of Rules.from_overrides() is shown next to the field it is about."""
from fractions import Fraction

from flask_wtf import FlaskForm
from wtforms import StringField

from tenants.phases import Rules

# The rules in three groups, by the engine's own names.
GROUPS = (("Entering role-making", "role_making_"), ("Entering routinization", "routinization_"),
          ("Promotions, moving back and risk flags", ""))
UNITS = {"days": "days", "count": "a count", "score": "on the 1–5 pulse scale", "score gap": "points of the 1–5 scale"}


def said(value):
    """A rule's value as typed in the form: 45, 3.6, 0.75."""
    if isinstance(value, Fraction) and value.denominator != 1:
        return f"{float(value):g}"
    return str(int(value))


def rules_form(rules, posted=True):
    """A form with one field a rule: what was posted, or (posted=False) the values of `rules`."""
    class RulesForm(FlaskForm):
        pass

    for spec in Rules.explained():
        setattr(RulesForm, spec.name, StringField(
            spec.meaning, default=said(getattr(rules, spec.name)),
            description=f"{spec.name} · {UNITS[spec.unit]} · starting value {said(spec.default)}",
            render_kw={"inputmode": "decimal", "autocomplete": "off"}))
    form = RulesForm() if posted else RulesForm(formdata=None)
    form.changed = len(rules.overrides())
    form.groups = [(title, [form[spec.name] for spec in Rules.explained() if group_of(spec.name) == title])
                   for title, _ in GROUPS]
    return form


def group_of(name):
    return next(title for title, prefix in GROUPS if name.startswith(prefix))


def checked(form):
    """The Rules the form asks for, or None with the refusals put next to the fields to blame."""
    values = {spec.name: form[spec.name].data.strip() for spec in Rules.explained()}
    try:
        return Rules.from_overrides(values)
    except ValueError as whole:
        refused = {}
        for name, value in values.items():
            try:
                Rules.from_overrides({name: value})
            except ValueError as refusal:
                refused[name] = str(refusal)
        fine = {name: value for name, value in values.items() if name not in refused}
        blamed = False
        for name in refused:
            try:  # refused beside the starting values, yet fine beside the form's others: not this field's fault
                Rules.from_overrides({**fine, name: values[name]})
            except ValueError as refusal:
                form[name].errors = [str(refusal)]
                blamed = True
        if not blamed:
            form.form_errors.append(str(whole))
        return None
