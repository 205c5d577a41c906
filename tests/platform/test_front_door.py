"""The start page at /: participants find their organisation (one, on an exact match, never a
list), consultancy staff sign in or up, and a certificate code leads to its check."""
import pytest

from saas.control import Tenant, TenantDomain
from saas.organisations import find_organisation, remember_domain
from tests.factories import make_consultancy, make_tenant, post_form, sign_in


@pytest.fixture
def organisations(app):
    """Two client organisations with email domains; a suspended and a deleted one."""
    for slug, name, domain in [("acme", "Acme Ltd", "acme.example"), ("zurich-re", "Zürich Ré AG", "zurich-re.example"),
                               ("sleepy", "Sleepy Co", "sleepy.example"), ("gone", "Gone Inc", "gone.example")]:
        make_tenant(app, slug)
        with app.app_context():
            tenant = Tenant.get(Tenant.slug == slug)
            tenant.name = name
            tenant.status = {"sleepy": "suspended", "gone": "deleted"}.get(slug, "active")
            tenant.save()
            remember_domain(tenant, "someone@" + domain)


def find(client, text):
    return post_form(client, "/", {"organisation": text})


def test_the_page_offers_a_door_to_each_kind_of_visitor(client):
    page = client.get("/")
    body = page.get_data(as_text=True)
    assert page.status_code == 200
    assert "Taking part in a programme?" in body and 'name="organisation"' in body
    assert 'href="/console/login"' in body and 'href="/signup"' in body
    assert 'action="/verify"' in body and 'name="code"' in body


@pytest.mark.parametrize("typed", ["Acme Ltd", "  acme   LTD ", "acme", "maya@acme.example", "MAYA@Acme.Example",
                                   "acme.example"])
def test_an_exact_name_address_or_email_domain_finds_the_one_organisation(client, organisations, typed):
    body = find(client, typed).get_data(as_text=True)
    assert "Acme Ltd" in body and 'href="/t/acme/login"' in body


@pytest.mark.parametrize("typed", ["Zürich Ré AG", "zürich ré ag", "zurich-re"])
def test_a_name_with_accents_is_found_as_written_or_by_its_web_address(client, organisations, typed):
    assert 'href="/t/zurich-re/login"' in find(client, typed).get_data(as_text=True)


@pytest.mark.parametrize("typed", ["Acm", "a", "%", "_", "Acme%", "Ltd", "someone@gmail.com", "example",
                                   "Sleepy Co", "sleepy.example", "Gone Inc", "x@gone.example"])
def test_nothing_but_an_exact_match_of_an_active_organisation_is_found(client, organisations, typed):
    body = find(client, typed).get_data(as_text=True)
    assert "We could not find an organisation" in body
    assert "/t/" not in body.split("Taking part")[1].split("Running programmes")[0]


def test_a_public_mail_domain_never_names_an_organisation(app, organisations):
    with app.app_context():
        assert remember_domain(Tenant.get(Tenant.slug == "acme"), "hr@gmail.com") is None
        assert not TenantDomain.select().where(TenantDomain.domain == "gmail.com").exists()
        assert find_organisation("someone@gmail.com") is None


def test_two_organisations_of_the_same_name_give_no_answer(app, organisations):
    make_tenant(app, "acme-two")
    with app.app_context():
        Tenant.update(name="Acme Ltd").where(Tenant.slug == "acme-two").execute()
        assert find_organisation("Acme Ltd") is None
        assert find_organisation("acme").slug == "acme"  # the web address is still unique


def test_a_provisioned_client_is_found_by_its_managers_email_domain(app, client):
    with app.app_context():
        make_consultancy(email="owner@kite.example")
    sign_in(client, "/console/login", "owner@kite.example")
    post_form(client, "/console/tenants/new", {"name": "Harbour Freight", "slug": "harbour", "program": "RM",
                                               "admin_name": "Hal", "admin_email": "hal@harbourfreight.example",
                                               "color": "#1f5f8b"})
    assert 'href="/t/harbour/login"' in find(app.test_client(), "me@harbourfreight.example").get_data(as_text=True)


def test_an_empty_search_is_explained_next_to_the_field(client):
    response = find(client, "  ")
    assert response.status_code == 422 and 'id="organisation-error"' in response.get_data(as_text=True)


def test_htmx_gets_only_the_finding_part(client, organisations):
    response = post_form(client, "/", {"organisation": "acme"}, headers={"HX-Request": "true"})
    body = response.get_data(as_text=True)
    assert "<html" not in body and 'id="find"' in body and 'href="/t/acme/login"' in body


def test_a_stranger_cannot_walk_the_list_of_organisations(client, organisations):
    statuses = [find(client, f"guess {n}").status_code for n in range(11)]
    assert statuses == [200] * 10 + [429]
    assert "Too many searches from your address" in find(client, "acme").get_data(as_text=True)


def test_a_certificate_code_goes_to_its_check(client):
    response = client.get("/verify?code=+AB12-CD34+")
    assert response.status_code == 302 and response.headers["Location"] == "/verify/AB12-CD34"


@pytest.mark.parametrize("code", ["", "ab", "../../console", "<script>", "x" * 65])
def test_a_malformed_certificate_code_is_explained(client, code):
    response = client.get("/verify", query_string={"code": code})
    assert response.status_code == 422 and 'id="code-error"' in response.get_data(as_text=True)
    assert "<script>" not in response.get_data(as_text=True)


def test_signed_in_staff_are_offered_their_console(app, client):
    with app.app_context():
        make_consultancy(email="owner@kite.example")
    sign_in(client, "/console/login", "owner@kite.example")
    assert "Go to your console" in client.get("/").get_data(as_text=True)
