"""Operator commands: `flask --app wsgi tenant|consultancy|demo|serve ...`."""
import os
import subprocess
import sys
from pathlib import Path

import click
from flask import current_app
from flask.cli import AppGroup, with_appcontext
from werkzeug.serving import run_simple

from saas import demo, mail, provisioning
from saas.control import Consultancy, Membership, Staff, Tenant, audit, control_db
from tenants.passwords import hash_password

tenant_cli = AppGroup("tenant", help="Create, list, migrate, export, suspend and delete tenants.")
consultancy_cli = AppGroup("consultancy", help="Create consultancies and their owners.")


def fail(message):
    raise click.ClickException(message)


@tenant_cli.command("create")
@click.argument("slug")
@click.option("--name", required=True, help="The client organisation's name.")
@click.option("--consultancy", "consultancy_id", type=int, help="Id of the owning consultancy.")
def tenant_create(slug, name, consultancy_id):
    """Create tenant SLUG: its database (or schema), migrated."""
    consultancy = None
    if consultancy_id is not None:
        consultancy = Consultancy.get_or_none(Consultancy.id == consultancy_id) or \
            fail(f"there is no consultancy {consultancy_id}")
    try:
        provisioning.create_tenant(slug, name, consultancy)
    except provisioning.ProvisioningError as error:
        fail(str(error))
    click.echo(f"created tenant {slug}: /t/{slug}/")


@tenant_cli.command("list")
def tenant_list():
    """List every tenant with its status."""
    for tenant in Tenant.select().order_by(Tenant.slug):
        owner = tenant.consultancy.name if tenant.consultancy else "-"
        click.echo(f"{tenant.slug:<40} {tenant.status:<12} {tenant.name} ({owner})")


@tenant_cli.command("migrate")
def tenant_migrate():
    """Apply pending migrations to every tenant."""
    for slug, applied in provisioning.migrate_tenants():
        click.echo(f"{slug}: {', '.join(applied) if applied else 'up to date'}")


@tenant_cli.command("export")
@click.argument("slug")
@click.option("--output", "-o", type=click.Path(dir_okay=False, writable=True),
              help="Where to write the zip (default: SLUG-export.zip).")
def tenant_export(slug, output):
    """Write tenant SLUG's data as a zip of JSON and CSV files."""
    try:
        data = provisioning.export_tenant(slug)
    except LookupError:
        fail(f"there is no tenant {slug}")
    path = Path(output or f"{slug}-export.zip")
    path.write_bytes(data)
    audit("cli", "exported tenant", slug)
    click.echo(f"wrote {path} ({len(data):,} bytes)")


@tenant_cli.command("suspend")
@click.argument("slug")
def tenant_suspend(slug):
    """Suspend tenant SLUG: its pages say so and show no data."""
    change_status(slug, "suspended")


@tenant_cli.command("resume")
@click.argument("slug")
def tenant_resume(slug):
    """Resume a suspended tenant SLUG."""
    change_status(slug, "active")


def change_status(slug, status):
    try:
        provisioning.set_status(slug, status)
    except provisioning.ProvisioningError as error:
        fail(str(error))
    click.echo(f"{slug}: {status}")


@tenant_cli.command("delete")
@click.argument("slug")
@click.option("--yes", is_flag=True, help="Do not ask for confirmation.")
def tenant_delete(slug, yes):
    """Delete tenant SLUG's data for good (the audit trail keeps its control row)."""
    if not yes:
        click.confirm(f"Delete every record of tenant {slug}? This cannot be undone", abort=True)
    try:
        provisioning.delete_tenant(slug)
    except provisioning.ProvisioningError as error:
        fail(str(error))
    click.echo(f"deleted tenant {slug}")


@consultancy_cli.command("create")
@click.argument("name")
@click.option("--owner-email", required=True)
@click.option("--owner-name", required=True)
@click.password_option("--owner-password", help="Prompted for when not given.")
def consultancy_create(name, owner_email, owner_name, owner_password):
    """Create consultancy NAME with its first owner."""
    email = owner_email.strip().lower()
    if Staff.select().where(Staff.email == email).exists():
        fail(f"{email} already has an account")
    if len(owner_password) < 10:
        fail("the password needs at least 10 characters")
    with control_db.atomic():
        consultancy = Consultancy.create(name=name.strip())
        owner = Staff.create(email=email, name=owner_name.strip(),
                             password_hash=hash_password(owner_password))
        Membership.create(staff=owner, consultancy=consultancy, role="owner")
        audit("cli", "created consultancy", detail=f"{consultancy.name} (owner {email})")
    click.echo(f"created consultancy {consultancy.id}: {consultancy.name}, owner {email}")


@click.command("demo")
@with_appcontext
def demo_command():
    """Load the demo consultancy and its client tenants (once), and print the logins."""
    if not demo.loaded():
        demo.load()
    click.echo(demo.logins_text(base_url=""))
    click.echo(mail.destination(""))


def start_up_message(port):
    """What `serve` prints: where to go, whom to sign in as, and where mail goes."""
    base = f"http://127.0.0.1:{port}"
    return demo.logins_text(base_url=base) + "\n" + mail.destination(base)


@click.command("serve")
@click.option("--port", type=int, default=lambda: int(os.environ.get("PORT", 5000)),
              show_default="5000 or $PORT")
@with_appcontext
def serve_command(port):
    """Load the demo on an empty instance, start a job consumer, and serve on 127.0.0.1."""
    if not os.environ.get("BASE_URL"):
        # Links in emails and the QR codes on certificates lead here, from this app and its consumer.
        current_app.config["BASE_URL"] = f"http://127.0.0.1:{port}"
    if demo.instance_is_empty():
        click.echo("Empty instance: loading the demo data …")
        demo.load()
    click.echo(start_up_message(port))
    consumer = subprocess.Popen([sys.executable, "-m", "huey.bin.huey_consumer", "saas.worker.huey",
                                 "--worker-type", "thread", "--workers", "2", "--quiet"],
                                env={**os.environ, "INSTANCE_PATH": current_app.instance_path,
                                     "BASE_URL": current_app.config["BASE_URL"]})
    try:
        run_simple("127.0.0.1", port, current_app._get_current_object(), threaded=True)
    finally:
        consumer.terminate()
        consumer.wait(timeout=10)


def init_app(app):
    for command in (tenant_cli, consultancy_cli, demo_command, serve_command):
        app.cli.add_command(command)
