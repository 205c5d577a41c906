"""What the product asks of the platform that hosts it: sending mail, making invitation
links, queueing a job for this tenant and saying how far it got, and telling the console
that this tenant's headline numbers (or its seats) changed. The platform hands these over when it builds
the app (`app.extensions["tenant_services"]`), so the product never imports it."""
from flask import current_app


def _service(name):
    return current_app.extensions["tenant_services"][name]


def send_mail(to, subject, body, attachments=()):
    """attachments: text files as (filename, text/… subtype, text, content-type parameters),
    e.g. ("meeting.ics", "calendar", ics, {"method": "REQUEST"})."""
    _service("send_mail")(to, subject, body, attachments)


def welcome_link(user):
    """The single-use link with which `user` chooses a first password (valid 14 days)."""
    return _service("welcome_link")(user)


def queue_job(job, *args):
    """Run `job` (a tenants.jobs.Job) in the background, for the tenant in scope."""
    return _service("queue_job")(job, *args)


def report_progress(key, percent):
    """Say how far a running job is, where any process can read it (key: unique in the tenant)."""
    _service("report_progress")(key, percent)


def progress(key):
    return _service("progress")(key)


def seats_changed():
    """Participants were invited, revoked or removed: the platform recounts this tenant's seats
    (and what it pays for them) within the minute, once for many changes."""
    _service("seats_changed")()


def numbers_changed():
    """This tenant's headline numbers changed: the console's copy is refreshed in the background."""
    _service("numbers_changed")()
