"""What counts as an email address, in one place for every form, import and email sent.

One address only, as people type them: no display name, no list ("a@x.example, b@x.example"),
nothing a mail header could take for more than one recipient.
"""
import re

MAX_EMAIL = 254  # the longest address SMTP can deliver to
EMAIL = re.compile(r"[^@\s<>(),;:\"\[\]]+@(?:[^@\s<>(),;:\"\[\].]+\.)+[^@\s<>(),;:\"\[\].]+")


def is_email(text):
    return len(text) <= MAX_EMAIL and EMAIL.fullmatch(text) is not None and text.isprintable()


def email_problem(email):
    """What is wrong with `email` as one address, in words, or None."""
    if len(email) > MAX_EMAIL:
        return f"An email address cannot be longer than {MAX_EMAIL} characters."
    if not is_email(email):
        return f"“{email}” is not an email address (like name@example.com)."
    return None
