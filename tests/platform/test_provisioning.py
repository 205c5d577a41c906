"""Creating, migrating, exporting, suspending and deleting tenants (SQLite and PostgreSQL)."""
import io
import json
import zipfile

import pytest

from saas import provisioning
from saas.control import AuditEntry, Tenant
from saas.tenancy import tenant_scope
from tenants.people.models import User
from tests.factories import make_tenant


def storage_exists(app, slug):
    return app.extensions["databases"].tenant_storage_exists(slug)


def test_create_makes_a_migrated_database_and_an_active_row(app):
    make_tenant(app, "acme", [("a@acme.example", "A", "admin")])
    with app.app_context():
        assert Tenant.get(Tenant.slug == "acme").status == "active"
        assert storage_exists(app, "acme")
        with tenant_scope("acme"):
            assert [u.email for u in User.select()] == ["a@acme.example"]
        assert AuditEntry.get(AuditEntry.action == "created tenant").tenant_slug == "acme"


def test_creating_a_taken_slug_is_refused_and_creates_nothing(app):
    make_tenant(app, "acme", [("a@acme.example", "A", "admin")])
    with app.app_context():
        with pytest.raises(provisioning.ProvisioningError, match="taken"):
            provisioning.create_tenant("acme", "Another Acme")
        assert Tenant.select().count() == 1
        assert Tenant.get().name == "Acme"
        with tenant_scope("acme"):
            assert User.select().count() == 1


@pytest.mark.parametrize("slug", ["Acme", "-acme", "acme-", "a" * 41, "ac me", "ácme", "a/b", "", "console", "static"])
def test_bad_slugs_are_refused(app, slug):
    with app.app_context():
        with pytest.raises(provisioning.ProvisioningError):
            provisioning.create_tenant(slug, "Name")
        assert Tenant.select().count() == 0


def test_storage_that_fails_half_way_leaves_nothing_behind(app, monkeypatch):
    databases = app.extensions["databases"]
    make_storage = databases.create_tenant_storage

    def copied_then_broken(slug):
        make_storage(slug)  # the file or schema is there, as after a copy cut short
        raise RuntimeError("disk full")
    monkeypatch.setattr(databases, "create_tenant_storage", copied_then_broken)
    creating_fails_leaving_nothing(app)


def test_a_tenant_that_cannot_be_marked_active_leaves_nothing_behind(app, monkeypatch):
    def broken(*args, **kwargs):
        raise RuntimeError("control database gone")
    monkeypatch.setattr(provisioning, "audit", broken)
    creating_fails_leaving_nothing(app)


def creating_fails_leaving_nothing(app):
    with app.app_context():
        with pytest.raises(RuntimeError):
            provisioning.create_tenant("acme", "Acme")
        assert Tenant.select().count() == 0
        assert AuditEntry.select().count() == 0
        assert not storage_exists(app, "acme")


def test_migrate_reports_every_tenant_up_to_date(app, two_tenants):
    with app.app_context():
        assert dict(provisioning.migrate_tenants()) == {"alpha": [], "beta": []}


def test_export_holds_json_and_csv_of_every_table_without_passwords(app, two_tenants):
    with app.app_context():
        archive = zipfile.ZipFile(io.BytesIO(provisioning.export_tenant("alpha")))
    names = set(archive.namelist())
    assert {"tenant.json", "json/user.json", "csv/user.csv", "json/audit_entry.json"} <= names
    users = json.loads(archive.read("json/user.json"))
    assert sorted(u["email"] for u in users) == ["ada@alpha.example", "max@alpha.example"]
    assert "password_hash" not in users[0]
    assert "password_hash" not in archive.read("csv/user.csv").decode()
    assert "beta" not in archive.read("csv/user.csv").decode()


def test_export_neutralises_spreadsheet_formulas(app):
    make_tenant(app, "acme", [("x@acme.example", '=HYPERLINK("http://evil.example","x")', "mentor")])
    with app.app_context():
        archive = zipfile.ZipFile(io.BytesIO(provisioning.export_tenant("acme")))
    assert "'=HYPERLINK" in archive.read("csv/user.csv").decode()


def test_delete_removes_the_data_and_keeps_the_row_for_the_audit(app, two_tenants):
    with app.app_context():
        provisioning.delete_tenant("alpha")
        row = Tenant.get(Tenant.slug == "alpha")
        assert row.status == "deleted" and row.deleted is not None
        assert not storage_exists(app, "alpha")
        assert storage_exists(app, "beta")
        assert AuditEntry.select().where(AuditEntry.action == "deleted tenant",
                                         AuditEntry.tenant_slug == "alpha").exists()
        with pytest.raises(LookupError):
            with tenant_scope("alpha"):
                pass


def test_a_deleted_slug_cannot_be_reused(app, two_tenants):
    with app.app_context():
        provisioning.delete_tenant("alpha")
        with pytest.raises(provisioning.ProvisioningError):
            provisioning.create_tenant("alpha", "Alpha again")


def test_suspend_and_resume(app, two_tenants):
    with app.app_context():
        provisioning.set_status("alpha", "suspended")
        with pytest.raises(LookupError):
            tenant_scope("alpha")
        with tenant_scope("alpha", include_suspended=True) as facts:
            assert facts.read_only
        provisioning.set_status("alpha", "active")
        with tenant_scope("alpha") as facts:
            assert not facts.read_only
