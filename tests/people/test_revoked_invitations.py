"""A withdrawn invitation stays withdrawn: no reset link, no sign-in, no session, and the
list keeps saying "revoked"."""
from saas.control import OutboxMessage
from saas.tenancy import tenant_scope
from tenants.people.invitations import revoke
from tenants.people.models import User
from tests.factories import PASSWORD, csrf_token, last_email, link_in, post_form, sign_in

INVITE = {"name": "Zoë Ñúñez", "email": "zoe@acme.example", "role": "mentor"}


def invite_and_revoke(app, admin):
    post_form(admin, "/t/acme/admin/people", INVITE, "/t/acme/admin/people/invite")
    welcome = link_in(last_email(app, "zoe@acme.example"), "/t/acme/welcome/")
    with app.app_context(), tenant_scope("acme"):
        zoe = User.get(User.email == "zoe@acme.example")
    post_form(admin, "/t/acme/admin/people", {"confirmed": "yes"}, f"/t/acme/admin/people/{zoe.id}/revoke")
    return zoe, welcome


def emails_to(app, address):
    with app.app_context():
        return OutboxMessage.select().where(OutboxMessage.to == address).count()


def test_forgot_password_sends_nothing_to_a_revoked_person_and_says_the_usual(app, admin):
    invite_and_revoke(app, admin)
    before = emails_to(app, "zoe@acme.example")
    stranger = app.test_client()
    response = post_form(stranger, "/t/acme/forgot", {"email": "zoe@acme.example"}, follow_redirects=True)
    assert "If that address has an account here" in response.get_data(as_text=True)
    assert emails_to(app, "zoe@acme.example") == before


def test_a_reset_link_made_before_the_revocation_no_longer_works(app, admin):
    post_form(admin, "/t/acme/admin/people", INVITE, "/t/acme/admin/people/invite")
    newcomer = app.test_client()
    post_form(newcomer, "/t/acme/forgot", {"email": "zoe@acme.example"})
    reset = link_in(last_email(app, "zoe@acme.example"), "/t/acme/reset/")
    token = csrf_token(newcomer, reset)  # the page was open when the invitation was withdrawn
    with app.app_context(), tenant_scope("acme"):
        zoe = User.get(User.email == "zoe@acme.example")
    post_form(admin, "/t/acme/admin/people", {"confirmed": "yes"}, f"/t/acme/admin/people/{zoe.id}/revoke")
    response = newcomer.post(reset, data={"password": PASSWORD, "confirm": PASSWORD, "csrf_token": token})
    assert response.status_code == 400 and "withdrawn" in response.get_data(as_text=True)
    with app.app_context(), tenant_scope("acme"):
        assert User.get(User.email == "zoe@acme.example").password_hash is None


def test_a_revoked_person_cannot_sign_in_even_with_a_password(app, admin):
    zoe, _ = invite_and_revoke(app, admin)
    with app.app_context(), tenant_scope("acme"):  # set before the fix closed the way in
        User.update(password_hash=User.get(User.email == "maya@acme.example").password_hash) \
            .where(User.id == zoe.id).execute()
    response = sign_in(app.test_client(), "/t/acme/login", "zoe@acme.example")
    assert response.status_code == 401
    assert "do not match an account" in response.get_data(as_text=True)


def test_a_revoked_person_with_a_password_is_listed_as_revoked_not_accepted(app, admin):
    zoe, _ = invite_and_revoke(app, admin)
    with app.app_context(), tenant_scope("acme"):
        User.update(password_hash="x").where(User.id == zoe.id).execute()
        assert User.get_by_id(zoe.id).status == "revoked"
    admin.get("/t/acme/admin/people")  # shows (and so clears) the confirmation of the revocation
    page = admin.get("/t/acme/admin/people?status=accepted").get_data(as_text=True)
    assert "Zoë Ñúñez" not in page
    assert "Zoë Ñúñez" in admin.get("/t/acme/admin/people?status=revoked").get_data(as_text=True)


def test_revoking_ends_a_session_the_person_already_had(app, admin):
    post_form(admin, "/t/acme/admin/people", INVITE, "/t/acme/admin/people/invite")
    welcome = link_in(last_email(app, "zoe@acme.example"), "/t/acme/welcome/")
    zoe_browser = app.test_client()
    post_form(zoe_browser, welcome, {"password": PASSWORD, "confirm": PASSWORD})
    assert not zoe_browser.get("/t/acme/").headers["Location"].startswith("/t/acme/login")
    with app.app_context(), tenant_scope("acme"):
        zoe = User.get(User.email == "zoe@acme.example")
        # The people page refuses to revoke an accepted invitation; withdrawing one still
        # ends every session of the person it was for.
        revoke(zoe, "hr@acme.example")
    assert zoe_browser.get("/t/acme/").headers["Location"].startswith("/t/acme/login")
