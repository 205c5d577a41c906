"""Which tenant a request, job or command is for, and binding its database for that work.

Tenants are addressed as /t/<slug>/...; the slug converter refuses malformed slugs at
routing time, so they 404 before anything looks at the disk. Ids in addresses are bounded
the same way (the app's `<int:...>` is IdConverter).
"""
import os
import threading
from collections import namedtuple
from contextlib import ExitStack

from flask import abort, current_app, g
from werkzeug.routing import BaseConverter, IntegerConverter

import tenants.scope
from saas.billing.standing import standing_of
from tenants.pages import BIGGEST_ID
from tenants.rendering import render

SLUG_PATTERN = r"[a-z0-9](?:[a-z0-9-]{0,38}[a-z0-9])?"
TENANT_PREFIX = "/t/<slug:tenant>"


class SlugConverter(BaseConverter):
    regex = SLUG_PATTERN


class IdConverter(IntegerConverter):
    """`<int:...>` for ids: ASCII digits (werkzeug's \\d also takes "٣") up to the largest id a
    database holds, so /people/9223372036854775808 is a 404 rather than an error in the database."""
    regex = r"[0-9]{1,19}"

    def __init__(self, map, fixed_digits=0, min=None, max=BIGGEST_ID, signed=False):
        super().__init__(map, fixed_digits, min, max, signed)


class TenantUnavailable(LookupError):
    """No tenant by that slug, or it is deleted, or (where refused) suspended."""


# With what billing needs to know: who pays for the tenant (its consultancy's name) and its subscription.
TenantRow = namedtuple("TenantRow", "slug name status primary_color logo created payer billing_status stripe_id "
                                    "past_due_since seat_limit")
UNKNOWN = object()  # not looked up yet (None is a slug looked up and not found)


def read_tenant_row(control, slug):
    # Plain SQL: this runs on every uncached tenant request, where the ORM costs 30 times more.
    cursor = control.execute_sql(
        "SELECT t.slug, t.name, t.status, t.primary_color, t.logo, t.created, c.name, s.status, s.stripe_id, "
        "s.past_due_since, s.seat_limit FROM tenant t LEFT JOIN consultancy c ON c.id = t.consultancy_id "
        "LEFT JOIN subscription s ON s.tenant_id = t.id WHERE t.slug = " + control.param, (slug,))
    found = cursor.fetchone()
    return TenantRow(*found) if found else None


class TenantDirectory:
    """Tenants' control rows, kept in memory until any tenant changes.

    On SQLite every process runs on one host, so a file in the instance folder serves as
    the change signal: each change appends a byte, each lookup compares its size (one
    stat). With PostgreSQL, processes may be on many hosts: every lookup asks the database.
    """
    MAX_ROWS = 10_000  # unknown slugs are remembered too; this bounds the memory they take

    def __init__(self, control, signal_file=None):
        self.control, self.signal_file = control, signal_file
        self.rows, self.seen = {}, None
        self._lock = threading.Lock()

    def lookup(self, slug):
        if self.signal_file is None:
            return read_tenant_row(self.control, slug)
        stamp = self._stamp()
        if stamp != self.seen:
            self.rows, self.seen = {}, stamp
        row = self.rows.get(slug, UNKNOWN)
        if row is UNKNOWN:
            row = read_tenant_row(self.control, slug)
            with self._lock:
                if len(self.rows) >= self.MAX_ROWS:  # forget the oldest one, not all of them
                    del self.rows[next(iter(self.rows))]
                self.rows[slug] = row
        return row

    def changed(self):
        """Tell every process that tenant rows changed (call after the change is committed)."""
        self.rows = {}
        if self.signal_file is not None:
            with open(self.signal_file, "ab") as signal:
                signal.write(b".")

    def _stamp(self):
        try:
            return os.stat(self.signal_file).st_size
        except FileNotFoundError:
            return None


def find_tenant(slug, include_suspended=False):
    """The tenant's control row, if it exists and may be entered."""
    row = current_app.extensions["tenant_directory"].lookup(slug)
    if row is None or row.status not in ("active", "suspended"):
        raise TenantUnavailable(f"no tenant {slug!r}")
    if row.status == "suspended" and not include_suspended:
        raise TenantUnavailable(f"tenant {slug!r} is suspended")
    return row


def tenant_scope(slug, include_suspended=False):
    """Bind the tenant `slug` for a `with` block: its database and its facts. The one
    scope for requests, jobs and CLI commands alike; needs an app context."""
    return bind(find_tenant(slug, include_suspended))


def bind(row):
    """The scope of a tenant whose control row is at hand."""
    db = current_app.extensions["databases"].tenant(row.slug)
    billing = standing_of(row)
    facts = tenants.scope.Tenant(slug=row.slug, name=row.name, read_only=row.status != "active" or billing.read_only,
                                 branding={"color": row.primary_color, "logo": bool(row.logo)},
                                 seat_limit=billing.seat_limit, seat_limit_note=billing.seat_limit_note)
    return tenants.scope.bound(facts, db)


def tenants_changed():
    """Call after changing a tenant's control row, so no process serves the old one."""
    current_app.extensions["tenant_directory"].changed()


def init_app(app):
    app.url_map.converters["slug"] = SlugConverter
    app.url_map.converters["int"] = IdConverter
    databases = app.extensions["databases"]
    app.extensions["tenant_directory"] = TenantDirectory(
        databases.control, None if databases.postgres else databases.instance / "tenants.changed")

    @app.url_value_preprocessor
    def take_tenant_from_url(endpoint, values):
        if values and "tenant" in values:
            g.tenant_slug = values.pop("tenant")

    @app.url_defaults
    def add_tenant_to_urls(endpoint, values):
        if "tenant" not in values and "tenant_slug" in g and \
                app.url_map.is_endpoint_expecting(endpoint, "tenant"):
            values["tenant"] = g.tenant_slug

    @app.before_request
    def enter_tenant():
        slug = g.get("tenant_slug")
        if slug is None:
            return None
        try:
            row = find_tenant(slug, include_suspended=True)
        except TenantUnavailable:
            abort(404)
        if row.status == "suspended":
            return render("errors/suspended.html", name=row.name, status=503)
        g.tenant_stack = ExitStack()
        g.tenant_stack.enter_context(bind(row))
        return None

    @app.context_processor
    def tenant_facts():
        return {"tenant": tenants.scope.current_tenant() if tenants.scope.in_tenant_scope() else None}

    @app.teardown_request
    def leave_tenant(error=None):
        stack = g.pop("tenant_stack", None)
        if stack is not None:
            stack.close()
