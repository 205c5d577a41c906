"""Who is working in the console, for which consultancy, with which role."""
import functools

from flask import Blueprint, abort, g, session
from flask_login import current_user, login_required

from saas.control import Membership, Tenant, audit

bp = Blueprint("console", __name__, url_prefix="/console")


def membership():
    """The signed-in staff member's membership of the consultancy they are working in."""
    if "membership" not in g:
        mine = Membership.select().where(Membership.staff == current_user.id).order_by(Membership.id)
        chosen = mine.where(Membership.consultancy == session.get("consultancy")).first()
        g.membership = chosen or mine.first()
    return g.membership


def staff_only(view):
    """Signed-in staff of a consultancy; anyone else is sent to sign in (or told they left)."""
    @functools.wraps(view)
    @login_required
    def guarded(*args, **kwargs):
        if membership() is None:
            abort(403)
        return view(*args, **kwargs)
    return guarded


def owners_only(view):
    @functools.wraps(view)
    @staff_only
    def guarded(*args, **kwargs):
        if membership().role != "owner":
            abort(403)
        return view(*args, **kwargs)
    return guarded


def log(action, slug=None, detail=""):
    """Write what the signed-in staff member did to the audit log of their consultancy."""
    audit(current_user.email, action, slug, detail=detail, consultancy_id=membership().consultancy_id)


def my_tenants():
    """The tenants of the current consultancy that still exist."""
    return Tenant.select().where(Tenant.consultancy == membership().consultancy,
                                 Tenant.status.in_(("active", "suspended")))


def my_tenant(slug):
    """One of the current consultancy's tenants, or 404 (never a hint that it exists elsewhere)."""
    return my_tenants().where(Tenant.slug == slug).first() or abort(404)


@bp.context_processor
def console_facts():
    return {"membership": membership() if current_user.is_authenticated else None}
