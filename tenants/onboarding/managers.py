"""Who a participant names as their manager in the reporting step: a colleague picked from a
search that offers a few names (never emails) once three letters are typed, a colleague's exact
name (the page works without JavaScript), or the email address of anyone, on MentorUp or not."""
from peewee import fn

from tenants.emails import is_email
from tenants.forms import number_in
from tenants.people.models import User, find_user

SEARCH_LETTERS = 3  # the manager search offers names only once this many letters are typed


def colleagues(user):
    """The people `user` may name as their manager: everyone else still in the programme."""
    return User.select().where(User.id != user.id, User.invitation_revoked.is_null(), User.erased.is_null())


def managers_like(user, typed, limit=5):
    """A few colleagues whose name contains `typed` (names only are shown, never emails)."""
    typed = typed.strip()
    if len(typed) < SEARCH_LETTERS or not typed.isprintable():
        return []
    # contains() is ILIKE with wildcards escaped: a typed % or _ matches itself
    return list(colleagues(user).where(User.name.contains(typed)).order_by(User.name).limit(limit))


def picked(user, chosen):
    """The colleague ticked among the search's suggestions (`chosen`, their id as sent), if any."""
    person_id = number_in(chosen or "")
    return colleagues(user).where(User.id == person_id).first() if person_id is not None else None


def manager_named(user, typed, chosen=""):
    """(colleague on MentorUp, email of a manager who is not, problem) from what was typed and ticked."""
    if not typed:  # an empty field: no manager, whatever was ticked
        return None, "", None
    if not typed.isprintable():  # a control character (NUL, say) is no part of a name or an address
        return None, "", "Type your manager's name or email address, without special characters."
    manager = picked(user, chosen)
    if manager:
        return manager, "", None
    if "@" in typed:
        email = typed.lower()
        if not is_email(email):
            return None, "", "Enter your manager's email address, like name@example.com."
        if email == user.email:
            return None, "", "You cannot be your own manager."
        manager = find_user(email)
        return manager, "" if manager else email, None
    named = list(colleagues(user).where(fn.LOWER(User.name) == typed.lower()).limit(2))
    if len(named) == 1:
        return named[0], "", None
    if named:
        return None, "", f"More than one person is called {typed}: type your manager's email address instead."
    return None, "", (f"Nobody on MentorUp is called {typed}. Choose one of the names offered as you type, "
                      "or type your manager's email address.")
