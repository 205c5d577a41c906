"""A read-only tenant: every change is refused with a page that says why and who can put it right,
for every state-changing tenant route in the URL map (so that pages added later are covered);
pages are still read, data still exported, and people still sign in, out and reset passwords."""
import html
import re

import pytest
from flask import Blueprint
from werkzeug.routing import AnyConverter, IntegerConverter

from saas.tenancy import TENANT_PREFIX, tenant_scope
from tenants.audit import AuditEntry as TenantAuditEntry
from tenants.people.models import User
from tests.factories import PASSWORD, last_email, link_in, post_form, sign_in

SAFE = {"GET", "HEAD", "OPTIONS"}
# What a read-only tenant's people may still do: sign in and out, and choose a password.
STILL_OPEN = {"tenant_auth.login", "tenant_auth.logout", "tenant_auth.forgot", "tenant_auth.reset",
              "tenant_auth.welcome"}
REFUSED = "Acme is read-only: nothing was changed"


@pytest.fixture
def read_only(app, firms, clock):
    """Acme's free trial ended a day ago and nobody subscribed."""
    clock.advance(days=31)
    return "acme"


def text(response):
    return html.unescape(response.get_data(as_text=True))


def sample_url(rule):
    """An address for `rule`, with a made-up value for each of its arguments."""
    values = {}
    for name, converter in rule._converters.items():
        if name == "tenant":
            values[name] = "acme"
        elif isinstance(converter, IntegerConverter):
            values[name] = 1
        elif isinstance(converter, AnyConverter):
            values[name] = sorted(converter.items)[0]
        else:
            values[name] = "x"
    return rule.build(values)[1]


def changing_tenant_routes(app):
    """(method, address, endpoint) of every tenant route that may change something."""
    for rule in app.url_map.iter_rules():
        if rule.rule.startswith(TENANT_PREFIX + "/") and rule.endpoint not in STILL_OPEN:
            for method in sorted(rule.methods - SAFE):
                yield method, sample_url(rule), rule.endpoint


def token_of(client):
    """The CSRF token of the signed-in person's session, from their home page (wherever it sends them)."""
    page = client.get("/t/acme/", follow_redirects=True).get_data(as_text=True)
    match = re.search(r'name="csrf_token"[^>]*value="([^"]+)"|value="([^"]+)"[^>]*name="csrf_token"', page)
    return match.group(1) or match.group(2)


def tenant_rows(app):
    with app.app_context(), tenant_scope("acme"):
        return User.select().count(), TenantAuditEntry.select().count()


@pytest.mark.parametrize("person", ["hr@acme.example", "maya@acme.example"])
def test_every_state_changing_tenant_route_is_refused_with_the_reason_and_who_can_fix_it(app, read_only, person):
    client = app.test_client()
    assert sign_in(client, "/t/acme/login", person).status_code == 302
    token = token_of(client)
    before = tenant_rows(app)
    routes = list(changing_tenant_routes(app))
    assert len(routes) > 20  # invitations, imports, pairing, onboarding, settings, …

    for method, address, endpoint in routes:
        response = client.open(address, method=method, headers={"X-CSRFToken": token}, data={"name": "Changed"})
        assert response.status_code == 403, (endpoint, response.status_code)
        page = text(response)
        assert REFUSED in page, endpoint
        assert "The free trial of Acme ended on" in page
        assert "Kite Partners, who run MentorUp for Acme, can put this right" in page

    assert tenant_rows(app) == before


def test_a_page_added_later_is_refused_without_a_line_for_it(app, read_only):
    later = Blueprint("later", __name__)
    later.add_url_rule("/admin/something-new", "change", lambda: ("changed", 200), methods=["POST", "DELETE"])
    app.register_blueprint(later, url_prefix=TENANT_PREFIX)
    client = app.test_client()
    sign_in(client, "/t/acme/login", "hr@acme.example")
    token = token_of(client)

    for method in ("POST", "DELETE"):
        response = client.open("/t/acme/admin/something-new", method=method, headers={"X-CSRFToken": token})
        assert response.status_code == 403 and REFUSED in text(response)


def test_an_htmx_change_gets_the_refusal_in_the_main_area(app, read_only):
    client = app.test_client()
    sign_in(client, "/t/acme/login", "hr@acme.example")

    response = client.post("/t/acme/admin/pairing/preview",
                           headers={"X-CSRFToken": token_of(client), "HX-Request": "true"})

    assert response.status_code == 403
    assert (response.headers["HX-Retarget"], response.headers["HX-Reswap"]) == ("#main", "innerHTML")
    assert REFUSED in text(response) and "<html" not in text(response)


def test_pages_are_read_and_data_exported_while_read_only(app, read_only):
    hana = app.test_client()
    sign_in(hana, "/t/acme/login", "hr@acme.example")
    for address in ("/t/acme/", "/t/acme/admin/people", "/t/acme/admin/pairing", "/t/acme/admin/program"):
        page = hana.get(address)
        assert page.status_code == 200, address
        assert "The free trial of Acme ended on" in text(page)  # the banner says why nothing can be changed

    export = hana.get("/t/acme/admin/people/export.csv")

    assert export.status_code == 200 and "maya@acme.example" in export.get_data(as_text=True)
    kim = app.test_client()
    sign_in(kim, "/console/login", "kim@kite.example")
    built = post_form(kim, "/console/tenants/acme", {}, "/console/tenants/acme/exports")
    assert built.status_code == 200 and "download the zip" in built.get_data(as_text=True)


def test_people_still_sign_in_out_and_reset_their_password(app, read_only):
    maya = app.test_client()

    assert sign_in(maya, "/t/acme/login", "maya@acme.example").status_code == 302
    assert maya.post("/t/acme/logout", headers={"X-CSRFToken": token_of(maya)}).status_code == 302
    assert post_form(maya, "/t/acme/forgot", {"email": "maya@acme.example"}).status_code == 302
    link = link_in(last_email(app, "maya@acme.example"), "/t/acme/reset/")
    assert post_form(maya, link, {"password": "a new password", "confirm": "a new password"}).status_code == 302
    assert sign_in(app.test_client(), "/t/acme/login", "maya@acme.example", "a new password").status_code == 302
    assert sign_in(app.test_client(), "/t/acme/login", "maya@acme.example", PASSWORD).status_code == 401
