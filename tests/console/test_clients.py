"""Provisioning client tenants from the console, the portfolio, and each tenant's actions."""
import io
import re
import zipfile

import pytest
from PIL import Image

from saas.control import AuditEntry, Tenant, TenantRollup
from saas.tenancy import tenant_scope
from tenants.audit import AuditEntry as TenantAuditEntry
from tenants.people.models import User
from tenants.program import current_program
from tests.factories import csrf_token, declared_png, last_email, link_in, make_tenant, post_form


def png(width=1, height=1):
    buffer = io.BytesIO()
    Image.new("RGB", (width, height), "#1f5f8b").save(buffer, "PNG")
    return buffer.getvalue()


PNG = png(40, 20)


NESTED_SVG = b'<svg xmlns="http://www.w3.org/2000/svg">' + b"<g>" * 5000 + b"</g>" * 5000 + b"</svg>"
SVG = b'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 10 10"><circle cx="5" cy="5" r="4" fill="#123"/></svg>'
CLIENT = {"name": "Orbit Bank", "slug": "orbit-bank", "program": "Orbit Reverse Mentoring",
          "admin_name": "Olga Orbit", "admin_email": "olga@orbit.example", "color": "#1f5f8b"}


def provision(client, logo=None, **changes):
    data = {**CLIENT, **changes}
    if logo is not None:
        data["logo"] = (io.BytesIO(logo[1]), logo[0])
    return post_form(client, "/console/tenants/new", data, content_type="multipart/form-data")


def test_provisioning_creates_the_tenant_its_programme_and_invites_its_admin(app, owner):
    response = provision(owner)
    assert response.status_code == 302 and response.headers["Location"] == "/console/tenants/orbit-bank"
    with app.app_context():
        assert Tenant.get(Tenant.slug == "orbit-bank").consultancy.name == "Acme Advisory"
        assert TenantRollup.select().join(Tenant).where(Tenant.slug == "orbit-bank").exists()
        with tenant_scope("orbit-bank"):
            assert current_program().name == "Orbit Reverse Mentoring"
            admin = User.get()
            assert (admin.email, admin.role, admin.password_hash) == ("olga@orbit.example", "admin", None)
    link = link_in(last_email(app, "olga@orbit.example"), "/t/orbit-bank/welcome/")
    olga = app.test_client()
    assert "Welcome, Olga Orbit" in olga.get(link).get_data(as_text=True)
    response = post_form(olga, link, {"password": "olga's own secret", "confirm": "olga's own secret"})
    assert response.headers["Location"] == "/t/orbit-bank/"
    assert "Welcome, Olga Orbit" in olga.get("/t/orbit-bank/").get_data(as_text=True)
    assert olga.get(link).status_code == 400  # used


def test_the_slug_is_suggested_from_the_name_and_checked_live(owner):
    suggestion = owner.get("/console/tenants/slug?name=Zürich+Ré+%26+Söhne+AG", headers={"HX-Request": "true"})
    assert 'value="zurich-re-sohne-ag"' in suggestion.get_data(as_text=True)
    taken = owner.get("/console/tenants/slug?slug=acme-client&edited=1").get_data(as_text=True)
    assert "is taken" in taken
    assert "is taken" in owner.get("/console/tenants/slug?slug=zen-client&edited=1").get_data(as_text=True)
    assert "reserved" in owner.get("/console/tenants/slug?slug=console&edited=1").get_data(as_text=True)
    assert "Available" in owner.get("/console/tenants/slug?slug=fresh-one&edited=1").get_data(as_text=True)
    assert 'value="acme-client-2"' in owner.get("/console/tenants/slug?name=Acme+Client").get_data(as_text=True)


@pytest.mark.parametrize("slug, message", [("acme-client", "is taken"), ("console", "reserved"),
                                           ("api", "reserved"), ("Bad Slug", "lower-case"), ("", "required")])
def test_a_bad_slug_is_explained_and_nothing_is_created(app, owner, slug, message):
    response = provision(owner, slug=slug)
    assert response.status_code == 422 and message in response.get_data(as_text=True)
    with app.app_context():
        assert Tenant.select().count() == 2


@pytest.mark.parametrize("logo, message", [
    (("logo.png", b"just text"), "not a PNG or SVG"),
    (("logo.svg", b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>'), "script"),
    (("logo.svg", b'<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"></svg>'), "script"),
    (("huge.png", PNG + b"\0" * (20 * 1024 * 1024)), "the limit is 512 KB"),
    (("broken.png", PNG[:30]), "damaged"),
    (("wide.png", png(2400, 10)), "at most 2000"),
    (("bomb.png", declared_png(20000, 20000)), "20000×20000 pixels; at most 2000"),
    (("nested.svg", NESTED_SVG), "nests its elements more than 40 deep"),
])
def test_a_bad_logo_is_refused_next_to_the_field(app, owner, logo, message):
    response = provision(owner, logo=logo)
    body = response.get_data(as_text=True)
    assert response.status_code == 422 and message in body and 'id="logo-error"' in body
    with app.app_context():
        assert not Tenant.select().where(Tenant.slug == "orbit-bank").exists()


def test_a_light_colour_is_refused_for_contrast(owner):
    response = provision(owner, color="#ffff00")
    assert response.status_code == 422 and "contrast" in response.get_data(as_text=True)


def test_logos_are_served_on_the_tenant_and_svgs_cleaned(app, owner):
    dirty = SVG.replace(b"<circle", b'<a href="https://evil.example"><rect width="1" height="1"/></a><circle')
    assert provision(owner, logo=("logo.svg", dirty)).status_code == 302
    served = app.test_client().get("/t/orbit-bank/logo")
    assert served.status_code == 200 and b"<circle" in served.data and b"evil" not in served.data
    assert served.headers["Content-Security-Policy"].startswith("default-src 'none'")
    assert provision(owner, logo=("logo.png", PNG), slug="orbit-two").status_code == 302
    assert app.test_client().get("/t/orbit-two/logo").data == PNG
    assert app.test_client().get("/t/orbit-two/brand.css").get_data(as_text=True).startswith(":root { --brand: #1f5f8b")


def test_the_portfolio_searches_sorts_and_pages(app, owner, firms):
    with app.app_context():  # the list reads the control rows only, never a client's database
        for n in range(60):
            Tenant.create(slug=f"client-{n:02d}", name=f"Client-{n:02d}", consultancy=firms["acme"], status="active")
    page = owner.get("/console/").get_data(as_text=True)
    assert "Page 1 of 2" in page and "zen-client" not in page
    assert "Client-59" in owner.get("/console/?page=2").get_data(as_text=True)
    found = owner.get("/console/?q=client-0", headers={"HX-Request": "true"}).get_data(as_text=True)
    assert "<html" not in found and found.count("/t/client-0") == 10
    newest = owner.get("/console/?sort=newest").get_data(as_text=True)
    assert newest.index("Client-59") < newest.index("Client-58")


def test_suspend_and_resume_from_the_console(app, owner):
    post_form(owner, "/console/tenants/acme-client", {}, "/console/tenants/acme-client/suspend")
    assert app.test_client().get("/t/acme-client/login").status_code == 503
    post_form(owner, "/console/tenants/acme-client", {}, "/console/tenants/acme-client/resume")
    assert app.test_client().get("/t/acme-client/login").status_code == 200
    with app.app_context():
        actions = [e.action for e in AuditEntry.select().where(AuditEntry.tenant_slug == "acme-client")]
        assert "suspended tenant" in actions and "resumed tenant" in actions


def test_an_export_is_built_by_a_job_and_downloaded(app, owner):
    started = post_form(owner, "/console/tenants/acme-client", {}, "/console/tenants/acme-client/exports",
                        headers={"HX-Request": "true"})
    body = started.get_data(as_text=True)
    assert "Export ready" in body  # jobs run inline in the tests; the page polls otherwise
    download = re.search(r'href="(/console/tenants/acme-client/exports/\d+/download)"', body).group(1)
    archive = zipfile.ZipFile(io.BytesIO(owner.get(download).data))
    assert "json/user.json" in archive.namelist()
    assert "zen-client" not in archive.read("csv/user.csv").decode()


def test_deleting_needs_the_slug_typed(app, owner):
    wrong = post_form(owner, "/console/tenants/acme-client/delete", {"confirm": "acme"})
    assert wrong.status_code == 422 and "Type acme-client exactly" in wrong.get_data(as_text=True)
    assert post_form(owner, "/console/tenants/acme-client/delete", {"confirm": "acme-client"}).status_code == 302
    assert app.test_client().get("/t/acme-client/login").status_code == 404
    with app.app_context():
        assert Tenant.get(Tenant.slug == "acme-client").status == "deleted"
        assert AuditEntry.select().where(AuditEntry.action == "deleted tenant").exists()


def test_entering_a_tenant_as_admin_shows_a_banner_and_is_audited_twice(app, consultant):
    response = post_form(consultant, "/console/tenants/acme-client", {}, "/console/tenants/acme-client/enter")
    assert response.headers["Location"] == "/t/acme-client/"
    page = consultant.get("/t/acme-client/").get_data(as_text=True)
    assert "You are acting as this organisation" in page and "Your programme" in page
    assert consultant.get("/t/zen-client/").status_code == 302  # no other tenant opens
    with app.app_context():
        assert AuditEntry.select().where(AuditEntry.action == "entered tenant as admin").exists()
        with tenant_scope("acme-client"):
            assert TenantAuditEntry.get(TenantAuditEntry.action == "consultant entered as admin").actor == \
                "consultant@acme.example"
    post_form(consultant, "/console/", {}, "/console/leave-tenant")
    assert consultant.get("/t/acme-client/").status_code == 302


TENANT_ACTIONS = [("get", "/console/tenants/zen-client"), ("post", "/console/tenants/zen-client/suspend"),
                  ("post", "/console/tenants/zen-client/resume"), ("post", "/console/tenants/zen-client/exports"),
                  ("get", "/console/tenants/zen-client/exports/1"),
                  ("get", "/console/tenants/zen-client/exports/1/download"),
                  ("get", "/console/tenants/zen-client/delete"), ("post", "/console/tenants/zen-client/delete"),
                  ("post", "/console/tenants/zen-client/enter"), ("post", "/console/tenants/zen-client/branding")]


@pytest.mark.parametrize("method, path", TENANT_ACTIONS)
def test_another_consultancys_tenant_is_404_on_every_action(app, consultant, method, path):
    token = csrf_token(consultant, "/console/staff")
    response = getattr(consultant, method)(path, data={"csrf_token": token, "confirm": "zen-client"})
    assert response.status_code == 404
    with app.app_context():
        assert Tenant.get(Tenant.slug == "zen-client").status == "active"


def test_the_console_needs_a_signed_in_staff_member(client, firms):
    for path in ("/console/", "/console/tenants/new", "/console/audit", "/console/staff",
                 "/console/tenants/acme-client"):
        assert client.get(path).headers["Location"].startswith("/console/login")
