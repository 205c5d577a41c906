"""A tenant's life: create (a copy of the migrated template), migrate, export, delete."""
import io
import json
import re
import shutil
import zipfile
from pathlib import Path

import peewee
from flask import current_app, render_template

from saas.auth import TENANT, password_link
from saas.billing.standing import billing_on
from saas.billing.subscriptions import end_subscription_of_deleted_tenant
from saas.branding import DEFAULT_COLOR, remove_logo, save_logo
from saas.certificates import files_of
from saas.control import AuditEntry, Tenant, TenantExport, audit, control_db, now
from saas.databases import migrate
from saas.jobs import job, queue
from saas.mail import send_mail
from saas.organisations import remember_domain
from saas.rollups import refresh_rollup
from saas.tenancy import SLUG_PATTERN, tenant_scope
from tenants.csv_export import to_csv
from tenants.people.models import User
from tenants.program import Program, current_program
from tenants.scope import current_tenant

RESERVED_SLUGS = {"admin", "api", "console", "signup", "static", "t", "verify", "login",
                  "logout", "outbox", "billing", "www", "mail", "help", "status"}


# Exports are for the client's records; credentials never leave the database.
SECRET_COLUMNS = {"password_hash"}


class ProvisioningError(ValueError):
    """A tenant cannot be created or changed as asked; the message says why."""


def slug_problem(slug):
    """Why `slug` cannot name a new tenant, or None if it can."""
    if not re.fullmatch(SLUG_PATTERN, slug or ""):
        return ("Use 1–40 lower-case letters, digits and hyphens, "
                "starting and ending with a letter or digit.")
    if slug in RESERVED_SLUGS:
        return f"“{slug}” is reserved. Choose another."
    if Tenant.select().where(Tenant.slug == slug).exists():
        return f"“{slug}” is taken. Choose another."
    return None


def databases():
    return current_app.extensions["databases"]


def create_tenant(slug, name, consultancy=None, actor="cli"):
    """Create the tenant's database or schema as a copy of the migrated template (on PostgreSQL,
    a spare one made ahead if there is one) and mark it active. The copy needs no migrating: the
    template and the spares are named for the migrations they were made with, so an older one is
    never taken, and opening the new tenant here would only cost a schema parse (about 0.5 ms).

    The control row is claimed first (the unique slug settles a race), and stays
    "provisioning" until the storage is ready; if any step fails, nothing is left behind.
    """
    problem = slug_problem(slug)
    if problem or not name.strip():
        raise ProvisioningError(problem or "The organisation needs a name.")
    try:
        tenant = Tenant.create(slug=slug, name=name.strip(), consultancy=consultancy,
                               status="provisioning")
    except peewee.IntegrityError:
        raise ProvisioningError(f"“{slug}” is taken. Choose another.")
    dbs = databases()
    try:
        dbs.create_tenant_storage(slug)
        with control_db.atomic():  # active and audited in one commit
            tenant.status = "active"
            tenant.save()
            audit(actor, "created tenant", slug, detail=tenant.name, consultancy_id=tenant.consultancy_id)
    except BaseException:
        dbs.drop_tenant_storage(slug)
        tenant.delete_instance()
        raise
    if dbs.postgres:
        queue(keep_spare_schemas)  # for the next client: this one may have taken a spare
    return tenant


@job()
def keep_spare_schemas():
    """Make the spare schemas that the next clients' tenants will be renamed from (PostgreSQL)."""
    databases().make_spare_schemas()


def migrate_tenants():
    """Bring every tenant (suspended ones too) up to the latest schema; yields (slug, applied)."""
    for tenant in Tenant.select().where(Tenant.status.in_(("active", "suspended"))).order_by(Tenant.slug):
        yield tenant.slug, migrate(databases().tenant(tenant.slug), "tenant")


def export_tenant(slug, progress=lambda percent: None):
    """A zip of every table of the tenant, each as JSON and as CSV; `progress` hears how far."""
    buffer = io.BytesIO()
    with tenant_scope(slug, include_suspended=True) as facts, \
            zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        db = databases().tenant(slug)
        archive.writestr("tenant.json", json.dumps({"slug": facts.slug, "name": facts.name,
                                                    "exported": now().isoformat()}, indent=2))
        tables = [table for table in sorted(db.get_tables()) if table != "schema_migration"]
        for done, table in enumerate(tables):
            progress(round(100 * done / len(tables)))
            cursor = db.execute_sql(f'SELECT * FROM "{table}"')
            columns = [column[0] for column in cursor.description]
            rows = [{key: value for key, value in zip(columns, row) if key not in SECRET_COLUMNS}
                    for row in cursor.fetchall()]
            columns = [column for column in columns if column not in SECRET_COLUMNS]
            archive.writestr(f"json/{table}.json", json.dumps(rows, indent=2, default=str))
            archive.writestr(f"csv/{table}.csv", to_csv(columns, rows))
    return buffer.getvalue()


def delete_tenant(slug, actor="cli"):
    """Remove the tenant's data for good; its control row stays, marked deleted, for the audit."""
    tenant = Tenant.get_or_none(Tenant.slug == slug)
    if tenant is None or tenant.status not in ("active", "suspended"):
        raise ProvisioningError(f"There is no tenant “{slug}”.")
    databases().drop_tenant_storage(slug)
    remove_logo(slug)
    shutil.rmtree(files_of(slug), ignore_errors=True)
    for export in tenant.exports:
        (Path(current_app.instance_path) / "exports" / (export.filename or "-")).unlink(missing_ok=True)
    tenant.status, tenant.deleted = "deleted", now()
    tenant.save()
    audit(actor, "deleted tenant", slug, consultancy_id=tenant.consultancy_id)
    if billing_on():
        queue(end_subscription_of_deleted_tenant, slug)


def set_status(slug, status, actor="cli"):
    """Suspend or resume a tenant."""
    tenant = Tenant.get_or_none(Tenant.slug == slug)
    if tenant is None or tenant.status not in ("active", "suspended"):
        raise ProvisioningError(f"There is no tenant “{slug}”.")
    tenant.status = status
    tenant.save()
    audit(actor, "suspended tenant" if status == "suspended" else "resumed tenant", slug,
          consultancy_id=tenant.consultancy_id)


# --- from the console ---------------------------------------------------------------------

def provision_client(consultancy, actor, name, slug, program, admin_name, admin_email,
                     color=DEFAULT_COLOR, logo=None):
    """Create a client tenant with its programme and first admin, and invite that admin.

    `logo` is an already-checked (extension, bytes) pair or None. If anything after the
    tenant's creation fails, the tenant is removed again: nothing is left half-made.
    """
    tenant = create_tenant(slug, name, consultancy, actor=actor)
    try:
        tenant.primary_color = color
        tenant.save()
        if logo:
            save_logo(tenant, *logo)
        with tenant_scope(slug):
            Program.create(name=program.strip())
            admin = User.create(email=admin_email, name=admin_name.strip(), role="admin")
            invite_tenant_user(admin)
        remember_domain(tenant, admin_email)
    except BaseException:
        databases().drop_tenant_storage(slug)
        remove_logo(slug)
        AuditEntry.delete().where(AuditEntry.tenant_slug == slug).execute()
        tenant.delete_instance()
        raise
    queue(refresh_rollup, slug)
    return tenant


def invite_tenant_user(user):
    """Email a tenant user the link to choose their first password (valid 14 days)."""
    send_mail(user.email, f"You are invited to {current_tenant().name} on MentorUp",
              render_template("mail/welcome_tenant_user.txt", user=user, tenant=current_tenant(),
                              program=current_program().name, link=password_link(TENANT, user, "welcome")))


def export_failed(export_id, problem):
    TenantExport.update(status="failed", problem=problem).where(
        TenantExport.id == export_id, TenantExport.status.in_(("queued", "running"))).execute()


@job(retries=2, on_failure=export_failed)
def build_export(export_id):
    """Write a tenant's export zip to the instance folder, reporting progress as it goes."""
    export = TenantExport.get_by_id(export_id)
    export.status = "running"
    export.save()

    def progress(percent):
        TenantExport.update(progress=percent).where(TenantExport.id == export_id).execute()
    data = export_tenant(export.tenant.slug, progress)
    folder = Path(current_app.instance_path) / "exports"
    folder.mkdir(exist_ok=True)
    export.filename = f"{export.tenant.slug}-{export.id}.zip"
    (folder / export.filename).write_bytes(data)
    export.status, export.progress, export.finished = "done", 100, now()
    export.save()
