"""Rate limits on the forms that send email or make accounts, per client address and per
email address (or person) the request is about, so that neither a script nor a stranger can
flood a mailbox, sign up without end, or walk the list of organisations.

Every POST counts, whether or not an email went out, so a refusal tells nothing about who
has an account. Counters live in Redis when REDIS_URL is set (shared by every process and
host); otherwise in each process's memory (see the README).
"""
import math
import time

from flask import g, request, session
from flask_limiter import Limiter, RateLimitExceeded

from tenants.audit import client_address
from tenants.forms import lower
from tenants.rendering import htmx, render


def by_address():
    return "address:" + client_address()


def _realm():
    return g.get("tenant_slug") or "console"


def by_email():
    """The email address a form is about, within the realm (tenant or console) it is sent in."""
    return f"to:{_realm()}:{lower(request.form.get('email', ''))[:254]}"


def by_any_email():
    """The email address a form is about, wherever it is sent from (one mailbox, one budget)."""
    return "to:" + lower(request.form.get("email", ""))[:254]


def by_person():
    return f"to:{_realm()}:person:{request.view_args.get('person_id')}"


def by_signed_in_account():
    return "account:" + str(session.get("_user_id", ""))


# (endpoint, limits, counted by, what the refusal says). Only POSTs count.
LIMITS = [
    ("console_auth.forgot", "10 per hour", by_address, "Too many reset links were asked for from your address."),
    ("console_auth.forgot", "1 per 5 minutes; 5 per day", by_email,
     "A reset link for this address was asked for a moment ago: look for it in your inbox (and spam folder)."),
    ("tenant_auth.forgot", "10 per hour", by_address, "Too many reset links were asked for from your address."),
    ("tenant_auth.forgot", "1 per 5 minutes; 5 per day", by_email,
     "A reset link for this address was asked for a moment ago: look for it in your inbox (and spam folder)."),
    ("signup.signup", "5 per hour; 20 per day", by_address, "Too many sign-ups from your address."),
    ("signup.signup", "3 per hour", by_any_email, "Too many sign-ups with this email address."),
    ("console.resend_verification", "3 per hour", by_signed_in_account,
     "We sent several confirmation links a moment ago: look for them in your inbox (and spam folder)."),
    ("console.invite", "30 per hour; 200 per day", by_address, "Too many invitations from your address."),
    ("console.invite", "3 per hour; 10 per day", by_any_email,
     "This person was invited several times already: give them time to find the email."),
    ("people.invite", "100 per hour; 500 per day", by_address,
     "Too many invitations from your address. To invite many people at once, upload a file."),
    ("people.invite", "3 per hour; 10 per day", by_email,
     "This person was invited several times already: give them time to find the email."),
    ("people.invitation", "100 per hour; 500 per day", by_address, "Too many invitations from your address."),
    ("people.invitation", "2 per hour; 5 per day", by_person,
     "This person was sent their invitation several times already: give them time to find the email."),
    ("front_door.find", "10 per minute; 60 per hour; 200 per day", by_address,
     "Too many searches from your address."),
]
# Only resending an invitation sends an email; revoking one never waits.
EXEMPT = {"people.invitation": lambda: request.view_args.get("action") != "resend"}


def init_app(app):
    """One limiter per app: its counters in Redis (REDIS_URL) or in this process's memory. The
    limits go on their views once the views are registered (limit_views)."""
    limiter = Limiter(
        key_func=by_address, storage_uri=app.config["REDIS_URL"] or "memory://",
        strategy="moving-window", headers_enabled=True, retry_after="delta-seconds",
        key_prefix=app.config.get("RATELIMIT_KEY_PREFIX", "mentorup"))
    limiter.init_app(app)
    limiter.request_filter(lambda: request.method != "POST")  # every limit counts POSTs only
    app.extensions["rate_limits"] = limiter

    @app.errorhandler(RateLimitExceeded)
    def too_many(error):
        breached = limiter.current_limit
        seconds = max(1, math.ceil(breached.reset_at - time.time())) if breached else 60
        wait = "a minute" if seconds < 90 else f"{round(seconds / 60)} minutes"
        body, status, headers = render("errors/error.html", "errors/_problem.html", title="Please wait a little",
                                       message=f"{error.description} Try again in {wait}.", status=429)
        if htmx and not htmx.boosted:
            # A form that swaps a part of the page keeps it, and says why in the page's messages.
            headers = {**headers, "HX-Retarget": "#flashes", "HX-Reswap": "innerHTML"}
        return body, status, headers


def limit_views(app):
    """Put each endpoint's limits on its view. Limits on the views themselves, not default limits
    that every request must rule out one by one (a millisecond a request, three times the cost
    of a bare page): a request to any other page does no rate-limit work."""
    limiter = app.extensions["rate_limits"]
    for endpoint, limits, key, message in LIMITS:
        app.view_functions[endpoint] = limiter.limit(
            limits, key_func=key, methods=["POST"], error_message=message,
            exempt_when=EXEMPT.get(endpoint))(app.view_functions[endpoint])
