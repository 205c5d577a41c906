"""A consultant acting as a client's admin keeps that power only while they are on the staff
of the consultancy that owns the client; deleting a client is for the owners."""
from saas.control import Membership, Staff, Tenant
from saas.tenancy import tenant_scope
from tenants.people.models import User
from tenants.program.models import Cohort
from tests.factories import make_tenant, post_form, sign_in

ADMIN_PAGES = ["/t/acme-client/admin/people", "/t/acme-client/admin/people/export.csv", "/t/acme-client/"]


def enter(client, slug="acme-client"):
    response = post_form(client, f"/console/tenants/{slug}", {}, f"/console/tenants/{slug}/enter")
    assert response.headers["Location"] == f"/t/{slug}/"


def membership_of(app, email):
    with app.app_context():
        return Membership.select().join(Staff).where(Staff.email == email).get().id


def test_a_removed_consultant_loses_the_tenants_they_were_acting_in(app, owner, firms):
    consultant = app.test_client()
    sign_in(consultant, "/console/login", "consultant@acme.example")
    enter(consultant)
    assert consultant.get("/t/acme-client/admin/people").status_code == 200
    post_form(owner, "/console/staff", {}, f"/console/staff/{membership_of(app, 'consultant@acme.example')}/remove")
    for page in ADMIN_PAGES:
        assert consultant.get(page).status_code == 302, page  # asked to sign in: not an admin any more
    response = post_form(consultant, "/t/acme-client/login", {"name": "Cohort 9"}, "/t/acme-client/admin/program/cohorts")
    assert response.status_code == 302
    with app.app_context(), tenant_scope("acme-client"):
        assert not Cohort.select().where(Cohort.name == "Cohort 9").exists()


def test_a_consultant_removed_while_their_session_lives_on_cannot_act_even_with_the_old_keys(app, owner, firms):
    """The membership is checked on every request, not only the session version."""
    consultant = app.test_client()
    sign_in(consultant, "/console/login", "consultant@acme.example")
    enter(consultant)
    with app.app_context():
        Membership.delete().where(Membership.id == membership_of(app, "consultant@acme.example")).execute()
    assert consultant.get("/t/acme-client/admin/people").status_code == 302


def test_a_client_handed_to_another_consultancy_is_out_of_reach_of_the_old_one(app, consultant, firms):
    enter(consultant)
    with app.app_context():
        Tenant.update(consultancy=firms["zen"]).where(Tenant.slug == "acme-client").execute()
    assert consultant.get("/t/acme-client/admin/people").status_code == 302


def test_an_acting_consultant_stays_an_admin_while_nothing_changes(app, consultant, firms):
    enter(consultant)
    for page in ADMIN_PAGES:
        assert consultant.get(page).status_code == 200, page


def test_a_consultant_cannot_delete_a_client(app, consultant, firms):
    assert consultant.get("/console/tenants/acme-client/delete").status_code == 403
    response = post_form(consultant, "/console/tenants/acme-client", {"confirm": "acme-client"},
                         "/console/tenants/acme-client/delete")
    assert response.status_code == 403
    assert "Delete this client" not in consultant.get("/console/tenants/acme-client").get_data(as_text=True)
    with app.app_context():
        assert Tenant.get(Tenant.slug == "acme-client").status == "active"
        with tenant_scope("acme-client"):
            assert User.select().count() == 1


def test_an_owner_deletes_a_client(app, owner, firms):
    make_tenant(app, "spare", consultancy=firms["acme"])
    assert "Delete this client" in owner.get("/console/tenants/spare").get_data(as_text=True)
    response = post_form(owner, "/console/tenants/spare/delete", {"confirm": "spare"})
    assert response.headers["Location"] == "/console/"
    with app.app_context():
        assert Tenant.get(Tenant.slug == "spare").status == "deleted"
