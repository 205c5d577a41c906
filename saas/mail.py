"""Email: sent through SMTP_URL, or kept in the development outbox when there is none.

The outbox shows every invitation and reset link, so it answers only requests made on the
machine the server runs on.
"""
import ipaddress
import logging
import smtplib
from email.message import EmailMessage
from urllib.parse import unquote, urlsplit

from flask import Blueprint, abort, current_app, request

from saas.control import OutboxMessage
from saas.jobs import job, queue
from tenants.rendering import render

log = logging.getLogger(__name__)
bp = Blueprint("outbox", __name__, url_prefix="/outbox")


def send_mail(to, subject, body, attachments=()):
    """Queue a plain-text email; the job delivers it.

    attachments: text files as (filename, text/… subtype, text, content-type parameters), such
    as ("meeting.ics", "calendar", "BEGIN:VCALENDAR…", {"method": "REQUEST"}).
    """
    return queue(deliver, to, subject, body, tuple(attachments))


@job(retries=3)
def deliver(to, subject, body, attachments=()):
    settings = current_app.config
    if not settings["SMTP_URL"]:
        # The outbox keeps text only: an attachment is shown after the body.
        shown = "".join(f"\n\n--- attached: {name} ---\n{text}" for name, _, text, _ in attachments)
        OutboxMessage.create(to=to, subject=subject, body=body + shown)
        log.info("mail to %s kept in the development outbox: %s", to, subject)
        return
    message = EmailMessage()
    message["From"], message["To"], message["Subject"] = settings["MAIL_FROM"], to, subject
    message.set_content(body)
    for name, subtype, text, params in attachments:
        message.add_attachment(text, subtype=subtype, filename=name, params=params)
    with smtp_connection(settings["SMTP_URL"]) as smtp:
        smtp.send_message(message)


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
