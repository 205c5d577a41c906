"""Tenant isolation: requests, scopes, jobs and threads never cross from one tenant to another."""
import ast
import threading
from pathlib import Path

import pytest

from saas import provisioning
from saas.config import ROOT
from tenants.people.models import User
from tenants.scope import OutsideTenantScope
from tests.factories import sign_in


def tenant_routes(app):
    """Every GET-able tenant route, as a path of tenant `beta`."""
    for rule in app.url_map.iter_rules():
        if rule.rule.startswith("/t/<slug:tenant>") and "GET" in rule.methods:
            yield rule.rule.replace("<slug:tenant>", "beta").replace("<token>", "x")


def test_a_tenant_query_outside_a_scope_raises(app, two_tenants):
    with app.app_context():
        with pytest.raises(OutsideTenantScope):
            User.select().count()


def test_a_user_of_alpha_sees_nothing_of_beta(app, client, two_tenants):
    assert sign_in(client, "/t/alpha/login", "ada@alpha.example").status_code == 302
    assert "Ada Alpha" in client.get("/t/alpha/").get_data(as_text=True)
    routes = list(tenant_routes(app))
    assert "/t/beta/" in routes
    for path in routes:
        response = client.get(path)
        body = response.get_data(as_text=True)
        assert response.status_code in (200, 302, 400, 404), path
        if response.status_code == 302:
            assert response.headers["Location"].startswith("/t/beta/login"), path
        assert "Bea Beta" not in body and "bob@beta.example" not in body, path
        assert "Ada Alpha" not in body, path


def test_alpha_credentials_do_not_open_beta(client, two_tenants):
    response = sign_in(client, "/t/beta/login", "ada@alpha.example")
    assert response.status_code == 401


def test_a_staff_session_is_anonymous_on_tenants(app, client, two_tenants):
    from tests.factories import make_consultancy
    with app.app_context():
        make_consultancy(email="owner@acme.example")
    assert sign_in(client, "/console/login", "owner@acme.example").status_code == 302
    assert client.get("/console/").status_code == 200
    assert client.get("/t/alpha/").headers["Location"].startswith("/t/alpha/login")


def test_a_tenant_session_is_anonymous_on_the_console(client, two_tenants):
    sign_in(client, "/t/alpha/login", "ada@alpha.example")
    assert client.get("/console/").headers["Location"].startswith("/console/login")


@pytest.mark.parametrize("path", ["/t/Alpha/", "/t/../", "/t/" + "a" * 200 + "/", "/t/ålpha/",
                                  "/t/alpha%00/", "/t/%2e%2e/login", "/t/alpha-/", "/t/nope/"])
def test_unknown_or_malformed_slugs_are_404_without_touching_the_disk(app, client, two_tenants, path):
    def files():  # the control database's WAL files come and go with its connections
        return sorted(str(p) for p in Path(app.instance_path).rglob("*") if "control.sqlite3" not in p.name)
    before = files()
    # A NUL character is refused for every request before routing (400, saas.errors).
    assert client.get(path).status_code == (400 if "%00" in path else 404)
    assert files() == before


def test_a_suspended_tenant_shows_a_suspended_page_and_no_data(app, client, two_tenants):
    sign_in(client, "/t/alpha/login", "ada@alpha.example")
    with app.app_context():
        provisioning.set_status("alpha", "suspended")
    for path in ("/t/alpha/", "/t/alpha/login", "/t/alpha/healthz"):
        response = client.get(path)
        body = response.get_data(as_text=True)
        assert response.status_code == 503
        assert "suspended" in body and "Max Alpha" not in body


def test_a_deleted_tenant_is_404(app, client, two_tenants):
    with app.app_context():
        provisioning.delete_tenant("alpha")
    assert client.get("/t/alpha/login").status_code == 404


def test_threads_alternating_between_two_tenants_never_see_the_other(app, two_tenants):
    """8 threads × 200 requests on one app, each request checking it got its own tenant."""
    wrong, failures = [], []

    def worker(index):
        client = app.test_client()
        for n in range(200):
            slug, other = ("alpha", "beta") if (index + n) % 2 == 0 else ("beta", "alpha")
            response = client.get(f"/t/{slug}/healthz")
            if response.status_code != 200:
                failures.append((slug, response.status_code))
            elif response.get_data(as_text=True) != f"ok {slug}\n":
                wrong.append((slug, response.get_data(as_text=True)))

    threads = [threading.Thread(target=worker, args=(i,)) for i in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert failures == [] and wrong == []


def test_threads_reading_people_never_see_the_other_tenants_rows(app, two_tenants):
    from saas.tenancy import tenant_scope
    seen = {"alpha": set(), "beta": set()}
    lock = threading.Lock()

    def worker(index):
        with app.app_context():
            for n in range(200):
                slug = "alpha" if (index + n) % 2 == 0 else "beta"
                with tenant_scope(slug):
                    emails = {u.email for u in User.select()}
                with lock:
                    seen[slug] |= emails

    threads = [threading.Thread(target=worker, args=(i,)) for i in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert seen == {"alpha": {"ada@alpha.example", "max@alpha.example"},
                    "beta": {"bea@beta.example", "bob@beta.example"}}


def test_the_product_never_imports_the_platform():
    offenders = []
    for path in (ROOT / "tenants").rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(), str(path))):
            names = [alias.name for alias in node.names] if isinstance(node, ast.Import) else \
                [node.module or ""] if isinstance(node, ast.ImportFrom) else []
            offenders += [f"{path.relative_to(ROOT)}: {name}" for name in names
                          if name == "saas" or name.startswith("saas.")]
    assert offenders == []
