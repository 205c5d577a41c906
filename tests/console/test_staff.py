"""Owners invite, promote and remove staff; a consultancy always keeps an owner."""
import pytest

import saas.console.staff
from saas.control import Membership, Staff, StaffInvitation
from tests.factories import last_email, link_in, post_form, sign_in


def member_id(app, email):
    with app.app_context():
        return Membership.select().join(Staff).where(Staff.email == email).get().id


def invite(client, email="new@acme.example", role="consultant"):
    return post_form(client, "/console/staff", {"email": email, "role": role}, "/console/staff/invitations")


def test_the_staff_page_lists_my_colleagues_only(owner):
    page = owner.get("/console/staff").get_data(as_text=True)
    assert "consultant@acme.example" in page and "owner@zen.example" not in page


def test_an_invited_person_joins_with_the_emailed_link(app, owner):
    assert invite(owner).status_code == 302
    link = link_in(last_email(app, "new@acme.example"), "/console/join/")
    newcomer = app.test_client()
    response = post_form(newcomer, link, {"name": "Nia New", "password": "a fine password"})
    assert response.status_code == 302
    assert "Acme Advisory" in newcomer.get("/console/").get_data(as_text=True)
    with app.app_context():
        assert Membership.select().join(Staff).where(Staff.email == "new@acme.example").get().role == "consultant"


def test_an_invitation_works_once(app, owner):
    invite(owner)
    link = link_in(last_email(app, "new@acme.example"), "/console/join/")
    post_form(app.test_client(), link, {"name": "Nia New", "password": "a fine password"})
    again = app.test_client().get(link)
    assert again.status_code == 400 and "already been used" in again.get_data(as_text=True)


def test_an_expired_invitation_says_so(app, owner, monkeypatch):
    invite(owner)
    link = link_in(last_email(app, "new@acme.example"), "/console/join/")
    monkeypatch.setattr(saas.console.staff, "INVITATION_DAYS", -1)
    response = app.test_client().get(link)
    assert response.status_code == 400 and "expired" in response.get_data(as_text=True)


def test_a_revoked_invitation_is_refused(app, owner):
    invite(owner)
    link = link_in(last_email(app, "new@acme.example"), "/console/join/")
    with app.app_context():
        invitation_id = StaffInvitation.get().id
    post_form(owner, "/console/staff", {}, f"/console/staff/invitations/{invitation_id}/revoke")
    response = app.test_client().get(link)
    assert response.status_code == 400 and "withdrawn" in response.get_data(as_text=True)


def test_someone_with_an_account_accepts_after_signing_in(app, owner):
    invite(owner, "owner@zen.example")
    link = link_in(last_email(app, "owner@zen.example"), "/console/join/")
    zen = app.test_client()
    assert zen.get(link).headers["Location"].startswith("/console/login")
    sign_in(zen, "/console/login", "owner@zen.example")
    assert post_form(zen, link, {}).status_code == 302
    assert "Acme Advisory" in zen.get("/console/").get_data(as_text=True)


def test_duplicate_and_malformed_invitations_are_explained(owner):
    assert "already on your staff" in invite(owner, "consultant@acme.example").get_data(as_text=True)
    invite(owner)
    response = invite(owner)
    assert response.status_code == 422 and "already has an invitation waiting" in response.get_data(as_text=True)
    assert invite(owner, "not an email").status_code == 422


def test_consultants_cannot_manage_staff(app, consultant):
    assert invite(consultant).status_code == 403
    target = member_id(app, "owner@acme.example")
    assert post_form(consultant, "/console/staff", {"role": "consultant"},
                     f"/console/staff/{target}/role").status_code == 403
    assert post_form(consultant, "/console/staff", {}, f"/console/staff/{target}/remove").status_code == 403


def test_the_last_owner_can_be_neither_demoted_nor_removed(app, owner):
    me = member_id(app, "owner@acme.example")
    demote = post_form(owner, "/console/staff", {"role": "consultant"}, f"/console/staff/{me}/role")
    assert demote.status_code == 409 and "at least one owner" in demote.get_data(as_text=True)
    assert post_form(owner, "/console/staff", {}, f"/console/staff/{me}/remove").status_code == 409
    with app.app_context():
        assert Membership.get_by_id(me).role == "owner"


def test_an_owner_promotes_and_removes(app, owner):
    colleague = member_id(app, "consultant@acme.example")
    post_form(owner, "/console/staff", {"role": "owner"}, f"/console/staff/{colleague}/role")
    with app.app_context():
        assert Membership.get_by_id(colleague).role == "owner"
    post_form(owner, "/console/staff", {}, f"/console/staff/{colleague}/remove")
    with app.app_context():
        assert Membership.get_or_none(Membership.id == colleague) is None


def test_a_removed_person_loses_the_console(app, owner):
    colleague = member_id(app, "consultant@acme.example")
    removed = app.test_client()
    sign_in(removed, "/console/login", "consultant@acme.example")
    post_form(owner, "/console/staff", {}, f"/console/staff/{colleague}/remove")
    assert removed.get("/console/").headers["Location"].startswith("/console/login")  # their session ended
    sign_in(removed, "/console/login", "consultant@acme.example")
    assert removed.get("/console/").status_code == 403


@pytest.mark.parametrize("action", ["role", "remove"])
def test_another_consultancys_staff_are_out_of_reach(app, owner, action):
    theirs = member_id(app, "owner@zen.example")
    response = post_form(owner, "/console/staff", {"role": "consultant"}, f"/console/staff/{theirs}/{action}")
    assert response.status_code == 404
    with app.app_context():
        assert Membership.get_by_id(theirs).role == "owner"


def test_a_field_without_an_autocomplete_hint_has_no_autocomplete_attribute(owner):
    page = owner.get("/console/staff").get_data(as_text=True)
    assert 'id="role"' in page and 'autocomplete="None"' not in page
