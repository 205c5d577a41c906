"""Correcting a person's name or email (GDPR Art. 16), as the programme manager."""

from tenants.audit import record
from tenants.emails import is_email
from tenants.people.models import User, find_user


def correction_errors(person, name, email):
    """Field errors for a corrected name and email, in words for the programme manager."""
    errors = {}
    if not 0 < len(name) <= 120 or not name.isprintable():
        errors["name"] = "Enter their name (up to 120 characters, no line breaks or special characters)."
    if not is_email(email):
        errors["email"] = "Enter an email address like name@example.com."
    elif email != person.email and find_user(email):
        errors["email"] = "Someone else in the programme has this email."
    return errors


def correct(person, name, email, actor):
    """Save the corrected name and email; the audit line says what changed, not the old values
    (which erasure could not find again there)."""
    changed = [field for field, value in (("name", name), ("email", email)) if getattr(person, field) != value]
    if changed:
        User.update(name=name, email=email).where(User.id == person.id).execute()
        record(actor, "corrected personal data", detail=f"person #{person.id}: {' and '.join(changed)}")
    return changed
