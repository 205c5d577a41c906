"""Security headers on every kind of page: console, tenant admin, participant, public pages,
error pages, fragments and static files; HSTS in production only; the logo keeps its own."""
import re
from pathlib import Path

import pytest

from saas import create_app
from saas.headers import CONTENT_SECURITY_POLICY
from tests.factories import make_consultancy, post_form, sign_in

TEMPLATES = Path(__file__).resolve().parents[2] / "templates"


def assert_secured(response, what):
    headers = response.headers
    assert headers.get("Content-Security-Policy") == CONTENT_SECURITY_POLICY, what
    policy = dict(part.strip().split(" ", 1) for part in CONTENT_SECURITY_POLICY.split(";"))
    assert policy["script-src"] == "'self'" and policy["style-src"] == "'self'", what
    assert policy["frame-ancestors"] == "'none'", what
    assert headers.get("X-Content-Type-Options") == "nosniff", what
    assert headers.get("Referrer-Policy") == "same-origin", what
    assert headers.get("X-Frame-Options") == "DENY", what
    assert "Strict-Transport-Security" not in headers, what  # development: plain HTTP is fine


def test_every_kind_of_page_carries_the_headers(app, two_tenants):
    with app.app_context():
        make_consultancy(email="owner@acme.example")
    public, staff, manager, participant = (app.test_client() for _ in range(4))
    sign_in(staff, "/console/login", "owner@acme.example")
    sign_in(manager, "/t/alpha/login", "ada@alpha.example")
    sign_in(participant, "/t/alpha/login", "max@alpha.example")
    post_form(public, "/t/alpha/forgot", {"email": "max@alpha.example"})
    pages = {
        "start page": public.get("/"),
        "console sign-in": public.get("/console/login"),
        "sign-up": public.get("/signup"),
        "tenant sign-in": public.get("/t/alpha/login"),
        "stylesheet": public.get("/static/css/app.css"),
        "htmx": public.get("/static/vendor/htmx.min.js"),
        "tenant stylesheet": public.get("/t/alpha/brand.css"),
        "health": public.get("/healthz"),
        "console": staff.get("/console/"),
        "console fragment": staff.get("/console/?q=a", headers={"HX-Request": "true"}),
        "tenant admin": manager.get("/t/alpha/admin/people"),
        "tenant admin fragment": manager.get("/t/alpha/admin/people?role=mentor", headers={"HX-Request": "true"}),
        "participant": participant.get("/t/alpha/"),
        "redirect": public.get("/console/"),
        "404": public.get("/no/such/page"),
        "unknown tenant": public.get("/t/nowhere/"),
        "403": participant.get("/t/alpha/admin/people"),
        "405": public.get("/t/alpha/logout"),
        "form expired": public.post("/t/alpha/login", data={"email": "a@b.example", "password": "x"}),
        "429": post_form(public, "/t/alpha/forgot", {"email": "max@alpha.example"}),
        "outbox": public.get("/outbox/"),
    }
    assert pages["429"].status_code == 429 and pages["404"].status_code == 404
    for what, response in pages.items():
        assert_secured(response, what)


def test_the_logo_keeps_its_stricter_policy(app, client):
    from saas.control import Tenant
    from tests.factories import make_tenant

    make_tenant(app, "alpha")
    with app.app_context():
        folder = Path(app.instance_path) / "branding"
        folder.mkdir(exist_ok=True)
        (folder / "alpha.svg").write_text('<svg xmlns="http://www.w3.org/2000/svg"/>')
        tenant = Tenant.get(Tenant.slug == "alpha")
        tenant.logo = "alpha.svg"
        tenant.save()
    response = client.get("/t/alpha/logo")
    assert response.headers["Content-Security-Policy"] == "default-src 'none'; style-src 'unsafe-inline'"
    assert response.headers["X-Frame-Options"] == "DENY"


@pytest.fixture
def production_app(tmp_path):
    app = create_app({"ENV": "production", "SECRET_KEY": "p" * 40, "SMTP_URL": "smtp://127.0.0.1:1",
                      "BASE_URL": "https://mentorup.example", "INSTANCE_PATH": str(tmp_path / "instance"),
                      "DATABASE_URL": "", "JOBS_IMMEDIATE": True})
    yield app
    app.extensions["databases"].close()


def test_production_tells_browsers_to_keep_to_https(production_app):
    client = production_app.test_client()
    for path in ("/", "/console/login", "/no/such/page"):
        assert client.get(path).headers["Strict-Transport-Security"] == "max-age=31536000; includeSubDomains"


INLINE = [(re.compile(r"\sstyle\s*="), "a style attribute"),
          (re.compile(r"\son[a-z]+\s*=", re.I), "an event handler attribute"),
          (re.compile(r"hx-on", re.I), "an hx-on handler"),
          (re.compile(r"<script(?![^>]*\ssrc=)", re.I), "an inline script"),
          (re.compile(r"<style", re.I), "a style element"),
          (re.compile(r"javascript:", re.I), "a javascript: URL")]


def test_no_page_template_has_inline_script_style_or_handlers():
    """The policy would refuse them; PDF templates are read by WeasyPrint, not by browsers."""
    problems = []
    for template in TEMPLATES.rglob("*.html"):
        if template.relative_to(TEMPLATES).parts[0] == "pdf":
            continue
        text = template.read_text()
        problems += [f"{template.relative_to(TEMPLATES)}: {what}" for pattern, what in INLINE if pattern.search(text)]
    assert problems == []


def test_htmx_is_told_not_to_add_its_own_style_element():
    base = (TEMPLATES / "base.html").read_text()
    assert '"includeIndicatorStyles":false' in base
    css = (TEMPLATES.parent / "static" / "css" / "htmx.css").read_text()
    assert ".htmx-request .htmx-indicator" in css and "css/htmx.css" in base
