"""Rate limits on password resets, sign-ups and invitations, per address and per email they
are about, with a clear 429 in the site's layout (saas/limits.py)."""
import uuid

import pytest

from saas import create_app
from saas.control import OutboxMessage, StaffInvitation
from saas.tenancy import tenant_scope
from tenants.people.models import User
from tests.conftest import reachable
from tests.factories import make_consultancy, post_form, sign_in


def emails_to(app, address):
    with app.app_context():
        return OutboxMessage.select().where(OutboxMessage.to == address).count()


def ask_for_reset(client, email, where="/t/alpha"):
    return post_form(client, f"{where}/forgot", {"email": email})


def test_three_reset_requests_send_one_email_and_then_say_why(app, client, two_tenants):
    responses = [ask_for_reset(client, "max@alpha.example") for _ in range(3)]
    assert [r.status_code for r in responses] == [302, 429, 429]
    assert emails_to(app, "max@alpha.example") == 1
    page = responses[-1].get_data(as_text=True)
    assert "A reset link for this address was asked for a moment ago" in page
    assert "Try again in 5 minutes." in page
    assert "Alpha" in page  # the tenant's own layout
    assert int(responses[-1].headers["Retry-After"]) > 0


def test_the_limit_per_email_holds_across_addresses_and_says_the_same_for_unknown_emails(app, two_tenants):
    first, second = app.test_client(), app.test_client()
    second.environ_base["REMOTE_ADDR"] = "203.0.113.9"
    assert ask_for_reset(first, "nobody@alpha.example").status_code == 302
    assert ask_for_reset(second, "nobody@alpha.example").status_code == 429


def test_one_address_asking_for_many_resets_is_stopped(app, client, two_tenants):
    statuses = [ask_for_reset(client, f"person{n}@alpha.example").status_code for n in range(11)]
    assert statuses == [302] * 10 + [429]


def test_console_resets_are_limited_too_in_the_console_layout(app, client):
    with app.app_context():
        make_consultancy(email="owner@acme.example")
    assert ask_for_reset(client, "owner@acme.example", "/console").status_code == 302
    refused = ask_for_reset(client, "owner@acme.example", "/console")
    body = refused.get_data(as_text=True)
    assert refused.status_code == 429 and 'class="topbar"' in body and "asked for a moment ago" in body


def test_an_htmx_request_gets_the_refusal_as_a_fragment(app, client, two_tenants):
    ask_for_reset(client, "max@alpha.example")
    refused = post_form(client, "/t/alpha/forgot", {"email": "max@alpha.example"}, headers={"HX-Request": "true"})
    body = refused.get_data(as_text=True)
    assert refused.status_code == 429 and "<html" not in body and "asked for a moment ago" in body
    assert refused.headers["HX-Retarget"] == "#flashes"  # the form stays; the message joins the others


SIGNUP = {"consultancy": "Lumen", "name": "Lea Lumen", "password": "a long enough secret"}


def test_sign_ups_from_one_address_are_limited(app, client):
    statuses = [post_form(client, "/signup", {**SIGNUP, "email": f"lea{n}@lumen.example"}).status_code
                for n in range(6)]
    assert statuses == [302] * 5 + [429]
    assert "Too many sign-ups from your address" in post_form(
        client, "/signup", {**SIGNUP, "email": "lea9@lumen.example"}).get_data(as_text=True)


def test_sign_ups_with_one_email_are_limited_wherever_they_come_from(app):
    statuses = []
    for n in range(4):
        visitor = app.test_client()
        visitor.environ_base["REMOTE_ADDR"] = f"203.0.113.{n + 1}"
        statuses.append(post_form(visitor, "/signup", {**SIGNUP, "email": "victim@lumen.example",
                                                       "password": "x"}).status_code)
    assert statuses == [422, 422, 422, 429]


def test_inviting_one_person_again_and_again_is_limited(app, client):
    with app.app_context():
        make_consultancy(email="owner@acme.example")
    sign_in(client, "/console/login", "owner@acme.example")
    statuses = []
    for _ in range(4):
        statuses.append(post_form(client, "/console/staff", {"email": "new@acme.example", "role": "consultant"},
                                  "/console/staff/invitations").status_code)
        with app.app_context():
            StaffInvitation.update(revoked=StaffInvitation.created).execute()
    assert statuses == [302, 302, 302, 429]
    assert emails_to(app, "new@acme.example") == 3


def test_resending_a_participants_invitation_is_limited(app, admin):
    post_form(admin, "/t/acme/admin/people", {"name": "Zoë", "email": "zoe@acme.example", "role": "mentor"},
              "/t/acme/admin/people/invite")
    with app.app_context(), tenant_scope("acme"):
        zoe = User.get(User.email == "zoe@acme.example")
    statuses = [post_form(admin, "/t/acme/admin/people", {}, f"/t/acme/admin/people/{zoe.id}/resend").status_code
                for _ in range(3)]
    assert statuses == [302, 302, 429]
    assert emails_to(app, "zoe@acme.example") == 3
    # withdrawing the invitation is never held back
    assert post_form(admin, "/t/acme/admin/people", {"confirmed": "yes"}, f"/t/acme/admin/people/{zoe.id}/revoke").status_code == 302


def test_a_limit_is_counted_per_tenant(app, client, two_tenants):
    ask_for_reset(client, "max@alpha.example")
    assert ask_for_reset(client, "max@alpha.example", "/t/beta").status_code == 302


@pytest.fixture
def redis_url():
    if not reachable("127.0.0.1", 6379):
        pytest.skip("Redis is not reachable at 127.0.0.1:6379: the shared rate-limit test is skipped")
    return "redis://127.0.0.1:6379/0"


def test_with_redis_every_process_counts_against_the_same_limit(tmp_path, redis_url):
    """Two apps stand for two processes (or hosts): with REDIS_URL they share the counters."""
    settings = {"DATABASE_URL": "", "TESTING": True, "SECRET_KEY": "test-secret", "BASE_URL": "",
                "JOBS_IMMEDIATE": True, "REDIS_URL": redis_url, "RATELIMIT_KEY_PREFIX": uuid.uuid4().hex}
    one = create_app({**settings, "INSTANCE_PATH": str(tmp_path / "one")})
    two = create_app({**settings, "INSTANCE_PATH": str(tmp_path / "two")})
    assert ask_for_reset(one.test_client(), "kim@kite.example", "/console").status_code == 302
    assert ask_for_reset(two.test_client(), "kim@kite.example", "/console").status_code == 429
