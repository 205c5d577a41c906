"""The tenant's own audit log: what happened to its data, by whom, from where."""
import peewee
from flask import has_request_context, request

from tenants.models import TenantModel, now


class AuditEntry(TenantModel):
    at = peewee.DateTimeField(default=now, index=True)
    actor = peewee.CharField()
    action = peewee.CharField()
    detail = peewee.TextField(default="")
    address = peewee.CharField(default="")


def client_address():
    """The address of the person making this request ("" in a job or a command).

    Behind a proxy the platform rewrites it from trusted proxy headers before we see it.
    """
    return (request.remote_addr or "") if has_request_context() else ""


def record(actor, action, detail=""):
    return AuditEntry.create(actor=actor, action=action, detail=detail, address=client_address())
