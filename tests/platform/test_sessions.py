"""Sessions can be ended: signing out, a new password, leaving the staff or a withdrawn
invitation signs the account out everywhere, a copied cookie included."""
import re

from saas.control import Staff
from saas.tenancy import tenant_scope
from tenants.people.models import User
from tests.factories import csrf_token, make_consultancy, post_form, sign_in


def copy_of(client, app):
    """Another browser holding a copy of `client`'s session cookie (as a thief would)."""
    thief = app.test_client()
    cookie = client.get_cookie("session")
    thief.set_cookie("session", cookie.value)
    return thief


def signed_in_to_alpha(client):
    response = client.get("/t/alpha/")
    return response.status_code == 200 or not response.headers["Location"].startswith("/t/alpha/login")


def sign_out(client, url):
    return client.post(url, data={"csrf_token": csrf_token(client, url.replace("logout", "login"))})


def reset_link(app, client, forgot_url):
    from tests.factories import last_email

    client.post(forgot_url, data={"email": "max@alpha.example", "csrf_token": csrf_token(client, forgot_url)})
    return re.search(r"http://localhost(/\S+)", last_email(app, "max@alpha.example").body).group(1)


def test_a_tenant_cookie_copied_before_sign_out_stops_working(app, client, two_tenants):
    sign_in(client, "/t/alpha/login", "max@alpha.example")
    thief = copy_of(client, app)
    assert signed_in_to_alpha(thief)
    sign_out(client, "/t/alpha/logout")
    assert not signed_in_to_alpha(thief)


def test_a_console_cookie_copied_before_sign_out_stops_working(app, client):
    with app.app_context():
        make_consultancy(email="owner@acme.example")
    sign_in(client, "/console/login", "owner@acme.example")
    thief = copy_of(client, app)
    assert thief.get("/console/").status_code == 200
    sign_out(client, "/console/logout")
    assert thief.get("/console/").headers["Location"].startswith("/console/login")


def test_signing_out_in_one_browser_signs_out_the_others(app, client, two_tenants):
    phone = app.test_client()
    sign_in(client, "/t/alpha/login", "max@alpha.example")
    sign_in(phone, "/t/alpha/login", "max@alpha.example")
    sign_out(client, "/t/alpha/logout")
    assert not signed_in_to_alpha(phone)


def test_a_password_reset_ends_every_other_session_and_keeps_the_new_one(app, client, two_tenants):
    old = app.test_client()
    sign_in(old, "/t/alpha/login", "max@alpha.example")
    link = reset_link(app, client, "/t/alpha/forgot")
    post_form(client, link, {"password": "a brand new secret", "confirm": "a brand new secret"})
    assert signed_in_to_alpha(client)
    assert not signed_in_to_alpha(old)


def test_a_session_of_one_account_survives_another_accounts_sign_out(app, client, two_tenants):
    other = app.test_client()
    sign_in(client, "/t/alpha/login", "max@alpha.example")
    sign_in(other, "/t/alpha/login", "ada@alpha.example")
    sign_out(client, "/t/alpha/logout")
    assert signed_in_to_alpha(other)


def test_the_version_is_kept_per_account_in_both_databases(app, client, two_tenants):
    with app.app_context():
        make_consultancy(email="owner@acme.example")
    sign_in(client, "/console/login", "owner@acme.example")
    sign_out(client, "/console/logout")
    sign_in(client, "/t/alpha/login", "max@alpha.example")
    sign_out(client, "/t/alpha/logout")
    with app.app_context():
        assert Staff.get(Staff.email == "owner@acme.example").session_version == 1
        with tenant_scope("alpha"):
            assert User.get(User.email == "max@alpha.example").session_version == 1
            assert User.get(User.email == "ada@alpha.example").session_version == 0
