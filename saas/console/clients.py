"""Client tenants in the console: the portfolio, provisioning, and each tenant's actions."""
import dataclasses
import json
from pathlib import Path

from flask import abort, current_app, flash, redirect, request, send_file, session, url_for
from flask_login import current_user
from flask_wtf import FlaskForm
from flask_wtf.file import FileField
from peewee import JOIN, SQL, fn
from wtforms import StringField
from wtforms.validators import DataRequired, Length, Optional, ValidationError

import tenants.audit
from saas import provisioning
from saas.branding import DEFAULT_COLOR, BrandingError, checked_color, checked_logo, save_logo
from saas.console.access import bp, log, membership, my_tenant, my_tenants, staff_only
from saas.control import AuditEntry, Tenant, TenantExport, TenantRollup
from saas.jobs import queue
from saas.organisations import slug_from_name
from saas.tenancy import tenant_scope
from tenants.forms import email_field
from tenants.pages import page_asked, page_of
from tenants.rendering import render

SORTS = {"name": (Tenant.name, Tenant.id), "newest": (Tenant.created.desc(), Tenant.id.desc()),
         "status": (Tenant.status, Tenant.name, Tenant.id),
         "participants": (fn.COALESCE(TenantRollup.participants, -1).desc(), Tenant.name, Tenant.id)}


# --- the portfolio --------------------------------------------------------------------------

@bp.route("/")
@staff_only
def home():
    search = request.args.get("q", "").strip()[:100]
    sort = request.args.get("sort", "name") if request.args.get("sort") in SORTS else "name"
    mine = my_tenants().select(Tenant.id)
    if search:
        mine = mine.where(name_or_address_contains(search))
    ordered = mine.order_by(*SORTS[sort])
    if sort == "participants":  # the roll-ups order the page; counting needs no look-up in them
        ordered = ordered.join(TenantRollup, JOIN.LEFT_OUTER, on=(TenantRollup.tenant == Tenant.id))
    # The page's ids and the count come from the tenant indexes alone (made for these sorts);
    # only the page's own rows are read, with their roll-ups. So the list costs about the same
    # at 10,000 clients as at 150 (the participants sort still reads every roll-up).
    ids = page_of(ordered, page_asked(request.args), total=mine.count())
    rows = {row.id: row for row in Tenant.select(Tenant, TenantRollup)
            .join(TenantRollup, JOIN.LEFT_OUTER, on=(TenantRollup.tenant == Tenant.id))
            .where(Tenant.id.in_([tenant.id for tenant in ids.items]))}
    clients = dataclasses.replace(ids, items=[rows[tenant.id] for tenant in ids.items])
    return render("console/home.html", "console/_tenant_rows.html", clients=clients, search=search, sort=sort,
                  phases=lambda row: json.loads(row.tenantrollup.phases) if row.tenantrollup else {})


def name_or_address_contains(text):
    """Tenants whose name or web address contains `text` (any case). Both are indexed by their
    three-letter pieces (migration 0010): PostgreSQL's trigram indexes serve ILIKE as it is,
    SQLite's trigram table serves a phrase match; shorter text is looked for name by name."""
    contains = Tenant.name.contains(text) | Tenant.slug.contains(text)  # % and _ are letters here
    if len(text) < 3 or current_app.extensions["databases"].postgres:
        return contains
    phrase = '"' + text.replace('"', '""') + '"'
    return Tenant.id.in_(SQL("(SELECT rowid FROM tenant_search WHERE tenant_search MATCH ?)", (phrase,)))


# --- provisioning ---------------------------------------------------------------------------

class NewClientForm(FlaskForm):
    name = StringField("Organisation name", validators=[DataRequired(), Length(max=120)])
    slug = StringField("Web address", validators=[DataRequired(), Length(max=40)])
    program = StringField("Programme name", default="Reverse mentoring", validators=[DataRequired(), Length(max=120)])
    admin_name = StringField("Programme manager's name", validators=[DataRequired(), Length(max=120)])
    admin_email = email_field("Programme manager's email")
    color = StringField("Primary colour", default=DEFAULT_COLOR, validators=[Optional()])
    logo = FileField("Logo (PNG or SVG, up to 512 KB)")

    def validate_slug(self, field):
        problem = provisioning.slug_problem(field.data)
        if problem:
            raise ValidationError(problem)

    def validate_color(self, field):
        try:
            field.data = checked_color(field.data or DEFAULT_COLOR)
        except BrandingError as error:
            raise ValidationError(str(error))

    def validate_logo(self, field):
        upload = field.data
        try:
            field.checked = checked_logo(upload.read()) if upload and upload.filename else None
        except BrandingError as error:
            field.checked = None
            raise ValidationError(str(error))


def suggested_slug(name):
    """A free web address made from an organisation's name: "Zürich Ré AG" -> "zurich-re-ag"."""
    base = slug_from_name(name) or "client"
    candidate, n = base, 2
    while provisioning.slug_problem(candidate):
        candidate, n = f"{base}-{n}", n + 1
        if n > 50:
            return base
    return candidate


@bp.route("/tenants/new", methods=["GET", "POST"])
@staff_only
def new_tenant():
    form = NewClientForm()
    if form.validate_on_submit():
        try:
            provisioning.provision_client(membership().consultancy, current_user.email, form.name.data,
                                          form.slug.data, form.program.data, form.admin_name.data,
                                          form.admin_email.data, form.color.data, form.logo.checked)
        except provisioning.ProvisioningError as error:
            form.slug.errors = [str(error)]
        else:
            flash(f"{form.name.data} is ready. We emailed {form.admin_email.data} an invitation.", "success")
            return redirect(url_for("console.tenant", slug=form.slug.data))
    return render("console/new_tenant.html", form=form, status=422 if request.method == "POST" else 200)


@bp.route("/tenants/slug")
@staff_only
def slug_field():
    """The web-address field, re-rendered live: suggested from the name until edited, then checked."""
    edited = request.args.get("edited") == "1"
    slug = request.args.get("slug", "").strip() if edited else suggested_slug(request.args.get("name", ""))
    # Only the feedback is swapped while someone types the address; a suggestion made from
    # the name also replaces the address field (out of band), which they are not typing in.
    return render("console/_slug_feedback.html", slug=slug, edited=edited, oob=not edited,
                  problem=provisioning.slug_problem(slug) if slug else None)


# --- one tenant -----------------------------------------------------------------------------

class BrandingForm(FlaskForm):
    color = StringField("Primary colour", validators=[DataRequired()])
    logo = FileField("New logo (PNG or SVG, up to 512 KB)")
    validate_color = NewClientForm.validate_color
    validate_logo = NewClientForm.validate_logo


def tenant_page(tenant, status=200, branding=None, confirm_error=None):
    latest_export = tenant.exports.order_by(TenantExport.id.desc()).first()
    history = (AuditEntry.select().where(AuditEntry.tenant_slug == tenant.slug)
               .order_by(AuditEntry.id.desc()).limit(10))
    return render("console/tenant.html", tenant=tenant, export=latest_export, history=history,
                  rollup=TenantRollup.get_or_none(TenantRollup.tenant == tenant),
                  branding=branding or BrandingForm(formdata=None, color=tenant.primary_color),
                  confirm_error=confirm_error, status=status)


@bp.route("/tenants/<slug:slug>")
@staff_only
def tenant(slug):
    return tenant_page(my_tenant(slug))


@bp.route("/tenants/<slug:slug>/branding", methods=["POST"])
@staff_only
def branding(slug):
    tenant = my_tenant(slug)
    form = BrandingForm()
    if not form.validate_on_submit():
        return tenant_page(tenant, status=422, branding=form)
    tenant.primary_color = form.color.data
    tenant.save()
    if form.logo.checked:
        save_logo(tenant, *form.logo.checked)
    log("changed branding", slug, form.color.data + (" and logo" if form.logo.checked else ""))
    flash("Branding saved.", "success")
    return redirect(url_for("console.tenant", slug=slug))


@bp.route("/tenants/<slug:slug>/<any(suspend, resume):action>", methods=["POST"])
@staff_only
def change_status(slug, action):
    my_tenant(slug)
    provisioning.set_status(slug, "suspended" if action == "suspend" else "active", actor=current_user.email)
    flash("Suspended: its pages now say so and show no data." if action == "suspend" else "Resumed.", "info")
    return redirect(url_for("console.tenant", slug=slug))


@bp.route("/tenants/<slug:slug>/exports", methods=["POST"])
@staff_only
def start_export(slug):
    export = TenantExport.create(tenant=my_tenant(slug), requested_by=current_user.email)
    log("exported tenant", slug)
    queue(provisioning.build_export, export.id)
    return render("console/_export.html", export=TenantExport.get_by_id(export.id), tenant=export.tenant)


def my_export(slug, export_id):
    return (TenantExport.select().where(TenantExport.id == export_id,
                                        TenantExport.tenant == my_tenant(slug)).first() or abort(404))


@bp.route("/tenants/<slug:slug>/exports/<int:export_id>")
@staff_only
def export_progress(slug, export_id):
    export = my_export(slug, export_id)
    return render("console/_export.html", export=export, tenant=export.tenant)


@bp.route("/tenants/<slug:slug>/exports/<int:export_id>/download")
@staff_only
def download_export(slug, export_id):
    export = my_export(slug, export_id)
    if export.status != "done":
        abort(404)
    return send_file(Path(current_app.instance_path) / "exports" / export.filename,
                     as_attachment=True, download_name=f"{slug}-export.zip")


@bp.route("/tenants/<slug:slug>/delete", methods=["GET", "POST"])
@staff_only
def delete_tenant(slug):
    tenant = my_tenant(slug)
    if membership().role != "owner":
        abort(403)  # deleting a client is for the consultancy's owners
    if request.method == "GET":
        return render("console/delete_tenant.html", tenant=tenant)
    if request.form.get("confirm", "").strip() != slug:
        return render("console/delete_tenant.html", tenant=tenant, status=422,
                      error=f"Type {slug} exactly to confirm.")
    provisioning.delete_tenant(slug, actor=current_user.email)
    flash(f"{tenant.name} is deleted. Its data is gone; the audit log keeps the record.", "info")
    return redirect(url_for("console.home"))


@bp.route("/tenants/<slug:slug>/enter", methods=["POST"])
@staff_only
def enter_tenant(slug):
    """Work inside a client's tenant as its admin; both audit logs record it."""
    tenant = my_tenant(slug)
    if tenant.status != "active":
        abort(409)
    log("entered tenant as admin", slug)
    with tenant_scope(slug):
        tenants.audit.record(current_user.email, "consultant entered as admin",
                             detail=membership().consultancy.name)
    session["acting_in"], session["acting_staff"] = slug, current_user.id
    return redirect(url_for("home.page", tenant=slug))


@bp.route("/leave-tenant", methods=["POST"])
def leave_tenant():
    slug = session.pop("acting_in", None)
    session.pop("acting_staff", None)
    return redirect(url_for("console.tenant", slug=slug) if slug else url_for("console.home"))
