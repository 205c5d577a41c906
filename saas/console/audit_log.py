"""The audit log: who did what to which tenant, when, and from where."""
from flask import request

from saas.console.access import bp, membership, staff_only
from saas.control import AuditEntry, Membership, Staff, Tenant
from tenants.pages import page_asked, page_of
from tenants.rendering import render


def my_entries():
    """Entries about this consultancy, and its staff's own sign-ins."""
    consultancy = membership().consultancy_id
    staff_emails = (Staff.select(Staff.email).join(Membership)
                    .where(Membership.consultancy == consultancy))
    return AuditEntry.select().where((AuditEntry.consultancy_id == consultancy) |
                                     (AuditEntry.consultancy_id.is_null() &
                                      AuditEntry.tenant_slug.is_null() &
                                      AuditEntry.actor.in_(staff_emails)))


@bp.route("/audit")
@staff_only
def audit_log():
    filters = {name: request.args.get(name, "").strip()[:254] for name in ("tenant", "person", "action")}
    entries = my_entries()
    if filters["tenant"]:
        entries = entries.where(AuditEntry.tenant_slug == filters["tenant"])
    if filters["person"]:
        entries = entries.where(AuditEntry.actor ** f"%{filters['person']}%")
    if filters["action"]:
        entries = entries.where(AuditEntry.action == filters["action"])
    actions = sorted({e.action for e in my_entries().select(AuditEntry.action).distinct()})
    tenants = Tenant.select().where(Tenant.consultancy == membership().consultancy).order_by(Tenant.name)
    return render("console/audit.html", "console/_audit_rows.html",
                  entries=page_of(entries.order_by(AuditEntry.id.desc()), page_asked(request.args)),
                  filters=filters, actions=actions, tenants=tenants)
