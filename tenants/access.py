"""Who may use a tenant page: its programme managers, or its participants."""
import functools

from flask import abort
from flask_login import current_user, login_required


def only(allowed):
    """A view decorator: signed-in people for whom `allowed(user)` holds; others get 403,
    and strangers are asked to sign in."""
    def decorate(view):
        @functools.wraps(view)
        @login_required
        def guarded(*args, **kwargs):
            if not allowed(current_user):
                abort(403)
            return view(*args, **kwargs)
        return guarded
    return decorate


# Programme managers, and consultants acting as one.
admins_only = only(lambda user: user.role == "admin")
participants_only = only(lambda user: user.is_participant)
