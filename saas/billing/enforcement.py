"""Read-only tenants, enforced in one place. A request to a tenant page with any method but GET,
HEAD and OPTIONS could change something: when the tenant is read-only it is refused, before any
view runs, with a page that says why and who can put it right. Only signing in and out and
choosing a password stay open, so pages added later are covered without a line here.
"""
from flask import g, has_request_context, request
from flask_login import current_user

from saas.billing.standing import NOT_BILLED, billing_on, standing_of
from saas.tenancy import find_tenant
from tenants.rendering import htmx, render
from tenants.scope import current_tenant, in_tenant_scope

SAFE_METHODS = {"GET", "HEAD", "OPTIONS"}
# Endpoints of tenant pages that change something yet stay open in a read-only tenant.
STILL_OPEN = {"tenant_auth.login", "tenant_auth.logout", "tenant_auth.forgot", "tenant_auth.reset",
              "tenant_auth.welcome"}


def tenant_standing():
    """The billing standing of the tenant in scope, worked out once a request."""
    slug = current_tenant().slug
    if g.get("billing_standing", (None,))[0] != slug:
        found = standing_of(find_tenant(slug, include_suspended=True)) if billing_on() else NOT_BILLED
        g.billing_standing = slug, found
    return g.billing_standing[1]


def refusal():
    """The page that refuses a change in a read-only tenant (403); an htmx request that aimed at
    part of a page gets it in the page's main area."""
    body, status, headers = render("billing/read_only.html", "billing/_read_only.html", standing=tenant_standing(),
                                   is_admin=current_user.is_authenticated and current_user.role == "admin",
                                   refusing=True, status=403)
    if htmx and not htmx.boosted:
        headers = {**headers, "HX-Retarget": "#main", "HX-Reswap": "innerHTML"}
    return body, status, headers


def init_app(app):
    @app.before_request
    def refuse_changes_to_read_only_tenants():
        # Runs after the tenant is bound (saas.tenancy registers its hook first).
        if request.method in SAFE_METHODS or request.endpoint in STILL_OPEN or not in_tenant_scope():
            return None
        if current_tenant().read_only:
            return refusal()
        return None

    @app.context_processor
    def billing_of_this_tenant():
        """What the tenant layout's banner says: an overdue payment (to programme managers) or
        that the programme is read-only (to everyone)."""
        showing = has_request_context() and in_tenant_scope() and billing_on()
        return {"billing_standing": tenant_standing() if showing else NOT_BILLED}
