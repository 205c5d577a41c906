"""Email: each message sent once, through SMTP_URL, or kept in the development outbox when there is none.

The outbox shows every invitation and reset link, so it answers only requests made on the
machine the server runs on.
"""
import datetime
import hashlib
import ipaddress
import json
import logging
import smtplib
import uuid
from email.message import EmailMessage
from email.utils import parseaddr
from urllib.parse import unquote, urlsplit

import peewee
from flask import Blueprint, abort, current_app, request

from saas.control import JobRun, OutboxMessage, OutgoingMail, control_db, now
from saas.jobs import current_run, job
from tenants.rendering import render

log = logging.getLogger(__name__)
bp = Blueprint("outbox", __name__, url_prefix="/outbox")

# Sent emails are kept (with their keys) as long as a welcome link works: work tried again
# within that time sends nobody a second copy.
KEEP_MAIL = datetime.timedelta(days=14)


def send_mail(to, subject, body, attachments=(), key=None):
    """Queue a plain-text email, sent once by its own job (retried on its own until the server
    takes it); False if one under the same `key` was queued before.

    attachments: text files as (filename, text/… subtype, text, content-type parameters), such
    as ("meeting.ics", "calendar", "BEGIN:VCALENDAR…", {"method": "REQUEST"}).

    The key names the message, so work that runs again (after a crash, say) emails nobody twice.
    Within a job it defaults to the run, the recipient and the subject; elsewhere each call is
    a new message.
    """
    to, subject = one_address(to), header_text(subject)
    if key is None:
        run = current_run.get()
        key = f"run {run.id}: {to}: {subject}" if run else uuid.uuid4().hex
    jobs = current_app.extensions["jobs"]
    try:
        with control_db.atomic():  # the message and the job that sends it, together or not at all
            mail = OutgoingMail.create(key=hashlib.sha256(key.encode()).hexdigest(), to=to, subject=subject, body=body,
                                       attachments=json.dumps([list(attachment) for attachment in attachments]))
            run = jobs.new_run(deliver, None, (mail.id,))
    except peewee.IntegrityError:
        return False
    try:
        jobs.send(run)
    except Exception:
        JobRun.delete_by_id(run.id)  # not queued (Redis unreachable): the caller hears why
        OutgoingMail.delete_by_id(mail.id)
        raise
    return True


def header_text(text):
    """`text` as one header line: a name typed with line breaks ("Eve\\r\\nBcc: x@evil.example")
    cannot start a header of its own; every run of whitespace, line breaks too, is one space,
    and other control characters go."""
    return " ".join("".join(c for c in str(text) if c.isprintable() or c.isspace()).split())


def one_address(to):
    """`to`, checked to be one address: a list or a header smuggled in is refused, not sent."""
    to = str(to).strip()
    if not to or any(c.isspace() or not c.isprintable() or c in ",;" for c in to) or to.count("@") != 1:
        raise ValueError(f"An email goes to one address, not {to!r}.")
    return to


def mail_failed(mail_id, problem):
    OutgoingMail.update(status="failed").where(OutgoingMail.id == mail_id, OutgoingMail.status != "sent").execute()
    log.error("mail %s could not be delivered; it is marked failed", mail_id)


@job(retries=5, on_failure=mail_failed)
def deliver(mail_id):
    """Send one queued email, unless it was sent already.

    Into the development outbox it goes in the transaction that marks it sent, on condition
    that it was not: exactly once. Through SMTP it is claimed with one conditional UPDATE, and
    marked sent once the server accepted it. The one window left: the server accepts it and the
    worker dies before marking it; then it is sent again, with the same Message-ID, which mail
    programs use to show it once.
    """
    settings = current_app.config
    if not settings["SMTP_URL"]:
        with control_db.atomic():
            if OutgoingMail.update(status="sent", sent=now(), attempts=OutgoingMail.attempts + 1).where(
                    OutgoingMail.id == mail_id, OutgoingMail.status.in_(("queued", "sending"))).execute():
                mail = OutgoingMail.get_by_id(mail_id)
                # The outbox keeps text only: an attachment is shown after the body.
                shown = "".join(f"\n\n--- attached: {name} ---\n{text}" for name, _, text, _ in mail.read_attachments())
                OutboxMessage.create(to=mail.to, subject=mail.subject, body=mail.body + shown)
                log.info("mail to %s kept in the development outbox: %s", mail.to, mail.subject)
        return
    claimed = OutgoingMail.update(status="sending", attempts=OutgoingMail.attempts + 1).where(
        OutgoingMail.id == mail_id, OutgoingMail.status.in_(("queued", "sending"))).execute()
    if not claimed:
        return
    mail = OutgoingMail.get_by_id(mail_id)
    message = EmailMessage()
    message["From"], message["To"], message["Subject"] = settings["MAIL_FROM"], mail.to, mail.subject
    message["Message-ID"] = f"<{mail.key}@{parseaddr(settings['MAIL_FROM'])[1].rpartition('@')[2] or 'mentorup'}>"
    message.set_content(mail.body)
    for name, subtype, text, params in mail.read_attachments():
        message.add_attachment(text, subtype=subtype, filename=name, params=params)
    try:
        with smtp_connection(settings["SMTP_URL"]) as smtp:
            smtp.send_message(message)
    except Exception as error:
        OutgoingMail.update(status="queued", error=str(error)[:500]).where(OutgoingMail.id == mail_id).execute()
        raise
    OutgoingMail.update(status="sent", sent=now(), error="").where(OutgoingMail.id == mail_id).execute()


@job(every="30 3 * * *")
def forget_old_mail():
    """Delete the emails sent (or given up on) more than KEEP_MAIL ago; returns how many."""
    return OutgoingMail.delete().where(OutgoingMail.status.in_(("sent", "failed")),
                                       OutgoingMail.created < now() - KEEP_MAIL).execute()


def smtp_connection(url):
    """An SMTP client for smtp://user:pass@host:port (smtps:// for TLS, ?starttls for STARTTLS)."""
    parts = urlsplit(url)
    if parts.scheme == "smtps":
        smtp = smtplib.SMTP_SSL(parts.hostname, parts.port or 465, timeout=30)
    else:
        smtp = smtplib.SMTP(parts.hostname, parts.port or 25, timeout=30)
        if "starttls" in parts.query:
            smtp.starttls()
    if parts.username:
        smtp.login(unquote(parts.username), unquote(parts.password or ""))
    return smtp


def destination(base_url):
    """Where mail goes, in one line for the start-up message."""
    url = current_app.config["SMTP_URL"]
    if url:
        parts = urlsplit(url)
        return f"Mail: SMTP via {parts.hostname}:{parts.port or (465 if parts.scheme == 'smtps' else 25)}"
    return f"Mail: development outbox at {base_url}/outbox/ (this machine only)"


# Headers by which a proxy says whom it forwards a request for.
FORWARDING_HEADERS = ("Forwarded", "X-Forwarded-For", "X-Real-IP", "X-Forwarded-Host")


def from_this_machine():
    """A request from a loopback address that no proxy forwarded for someone else."""
    try:
        loopback = ipaddress.ip_address(request.remote_addr or "").is_loopback
    except ValueError:
        return False
    return loopback and not any(name in request.headers for name in FORWARDING_HEADERS)


@bp.before_request
def only_in_development():
    if current_app.config["SMTP_URL"] or current_app.config["ENV"] == "production":
        abort(404)
    if not from_this_machine():
        return render("errors/error.html", title="Only on the server's own machine",
                      message="The development outbox shows every invitation and reset link, so it opens "
                              "only in a browser on the machine the server runs on.", status=403)


@bp.route("/")
def outbox():
    messages = OutboxMessage.select().order_by(OutboxMessage.id.desc()).limit(200)
    return render("outbox/index.html", messages=messages)


@bp.route("/<int:message_id>")
def message(message_id):
    found = OutboxMessage.get_or_none(OutboxMessage.id == message_id) or abort(404)
    return render("outbox/message.html", message=found)
