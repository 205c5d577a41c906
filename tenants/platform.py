"""What the product asks of the platform that hosts it: sending mail, making links for
emails, queueing a job for this tenant and saying how far it got, telling the console that
this tenant's headline numbers (or its seats) changed, and what certificates need (the
signing key, the tenant's logo, a folder for its files, the public verify pages). The platform
hands these over when it builds the app (`app.extensions["tenant_services"]`), so the product
never imports it."""
from flask import current_app


def _service(name):
    return current_app.extensions["tenant_services"][name]


def send_mail(to, subject, body, attachments=(), key=None):
    """Send an email once: False if one under the same `key` was already queued. A job that may run
    again names each message by what it is about (an import and a person, say); without a key,
    within a job, the recipient and subject name it, and elsewhere each call is a new message.

    attachments: text files as (filename, text/… subtype, text, content-type parameters),
    e.g. ("meeting.ics", "calendar", ics, {"method": "REQUEST"})."""
    return _service("send_mail")(to, subject, body, attachments, key)


def welcome_link(user):
    """The single-use link with which `user` chooses a first password (valid 14 days)."""
    return _service("welcome_link")(user)


def link(endpoint, **values):
    """The address of a page of this tenant, for an email: the same in a request and in a job."""
    return _service("link")(endpoint, **values)


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


def signing_identity():
    """The key and certificate that sign certificates (tenants.certificates.signing.SigningIdentity)."""
    return _service("signing_identity")()


def logo():
    """The tenant's logo as ("png" | "svg", bytes), as checked when it was uploaded; None without one."""
    return _service("logo")()


def files(kind):
    """A folder (pathlib.Path) for this tenant's files of one kind, e.g. "certificates"."""
    return _service("files")(kind)


def publish_code(code):
    """Make the public page /verify/<code> lead to this tenant."""
    _service("publish_code")(code)


def withdraw_code(code):
    _service("withdraw_code")(code)


def verify_link(code):
    """The absolute address of the public page that checks `code`."""
    return _service("verify_link")(code)


def forget_person(email, name):
    """A person of this tenant was erased: the platform forgets its own copies of them (the mail
    sent to them or naming them, their sign-in records)."""
    _service("forget_person")(email, name)
