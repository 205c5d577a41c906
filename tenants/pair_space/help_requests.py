"""A partner asks the programme manager for help, or for a new partner: the message reaches
every programme manager by email, and the audit log records that it was sent."""
from flask import render_template

from tenants import platform
from tenants.audit import record
from tenants.pair_space.models import HelpRequest
from tenants.pair_space.space import writable
from tenants.people.models import User
from tenants.program.models import current_program
from tenants.scope import current_tenant

KINDS = {"help": "Help with our pairing", "rematch": "A new partner (a rematch)"}


def ask(seat, kind, text):
    writable(seat)
    request = HelpRequest.create(pairing=seat.pairing, by=seat.role, kind=kind, text=text)
    managers = User.select().where(User.role == "admin", User.password_hash.is_null(False))
    for manager in managers:
        platform.send_mail(manager.email, f"{seat.me.name} asks for {'a rematch' if kind == 'rematch' else 'help'}",
                           render_template("mail/help_request.txt", manager=manager, seat=seat, kind=KINDS[kind],
                                           text=text, tenant=current_tenant(), program=current_program()))
    record(seat.me.email, "asked for a rematch" if kind == "rematch" else "asked for help",
           detail=f"pairing {seat.pairing.id}: {seat.pairing.mentor.name} & {seat.pairing.mentee.name}")
    return request
