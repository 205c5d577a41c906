"""The tenant admin's people page: invitations, the funnel, filters, edits, reminders, export."""
import datetime

import pytest

from saas.tenancy import tenant_scope
from tenants.audit import AuditEntry
from tenants.people.models import User
from tenants.program.models import Cohort
from tests.factories import last_email, link_in, post_form

INVITE = {"name": "Zoë Ñúñez", "email": "Zoe@Acme.example", "role": "mentor", "department": "Digital",
          "manager_email": "robert@acme.example"}


def invite(client, **changes):
    return post_form(client, "/t/acme/admin/people", {**INVITE, **changes}, "/t/acme/admin/people/invite")


def person(app, email):
    with app.app_context(), tenant_scope("acme"):
        return User.get_or_none(User.email == email)


def test_an_invited_participant_accepts_and_is_sent_to_onboarding(app, admin):
    assert invite(admin).status_code == 302
    zoe = person(app, "zoe@acme.example")
    assert zoe.status == "invited" and zoe.manager_id is not None and zoe.department == "Digital"
    message = last_email(app, "zoe@acme.example")
    assert "as a mentor" in message.body
    link = link_in(message, "/t/acme/welcome/")
    newcomer = app.test_client()
    response = post_form(newcomer, link, {"password": "zoe's secret pass", "confirm": "zoe's secret pass"})
    assert response.headers["Location"] == "/t/acme/"
    assert newcomer.get("/t/acme/").headers["Location"] == "/t/acme/onboarding"
    assert person(app, "zoe@acme.example").status == "accepted"


@pytest.mark.parametrize("changes, field, message", [
    ({"name": ""}, "name", "Enter their name"),
    ({"email": "nope"}, "email", "like name@example.com"),
    ({"email": "zoe,eve@acme.example"}, "email", "like name@example.com"),  # one address, not a list
    ({"email": "zoe@acme.example; eve@evil.example"}, "email", "like name@example.com"),
    ({"email": "maya@acme.example"}, "email", "already in the programme"),
    ({"role": "admin"}, "role", "Choose mentor"),
    ({"department": "d" * 300}, "department", "under 120"),
    ({"cohort": "999"}, "cohort", "Choose one of the cohorts"),
    ({"cohort": "²"}, "cohort", "Choose one of the cohorts"),
    ({"cohort": "9" * 30}, "cohort", "Choose one of the cohorts"),
    ({"manager_email": "boss@"}, "manager_email", "the manager&#39;s email"),
])
def test_bad_invitations_are_explained_and_nothing_is_sent(app, admin, changes, field, message):
    response = invite(admin, **changes)
    body = response.get_data(as_text=True)
    assert response.status_code == 422 and f'id="{field}-error"' in body and message in body
    assert person(app, "zoe@acme.example") is None


def test_revoking_an_invitation_asks_first_and_works_without_javascript(app, admin):
    invite(admin)
    zoe = person(app, "zoe@acme.example")
    asked = post_form(admin, "/t/acme/admin/people", {}, f"/t/acme/admin/people/{zoe.id}/revoke")
    page = asked.get_data(as_text=True)
    assert asked.status_code == 200 and "Revoke Zoë Ñúñez&#39;s invitation?" in page
    assert f'action="/t/acme/admin/people/{zoe.id}/revoke"' in page and 'name="confirmed" value="yes"' in page
    assert person(app, "zoe@acme.example").invitation_revoked is None
    post_form(admin, "/t/acme/admin/people", {"confirmed": "yes"}, f"/t/acme/admin/people/{zoe.id}/revoke")
    assert person(app, "zoe@acme.example").invitation_revoked is not None


def test_a_revoked_invitation_link_says_so(app, admin):
    invite(admin)
    link = link_in(last_email(app, "zoe@acme.example"), "/t/acme/welcome/")
    zoe = person(app, "zoe@acme.example")
    post_form(admin, "/t/acme/admin/people", {"confirmed": "yes"}, f"/t/acme/admin/people/{zoe.id}/revoke")
    page = app.test_client().get(link)
    assert page.status_code == 400 and "withdrawn" in page.get_data(as_text=True)
    assert "Ask your programme manager" in page.get_data(as_text=True)
    post_form(admin, "/t/acme/admin/people", {}, f"/t/acme/admin/people/{zoe.id}/resend")
    fresh = link_in(last_email(app, "zoe@acme.example"), "/t/acme/welcome/")
    assert app.test_client().get(fresh).status_code == 200


def test_the_funnel_counts_each_stage(app, admin):
    with app.app_context(), tenant_scope("acme"):
        now = datetime.datetime(2027, 1, 1)
        User.update(invited=now).execute()
        User.update(accepted=now, profile_completed=now, trained=now).where(User.email == "maya@acme.example").execute()
    page = admin.get("/t/acme/admin/people").get_data(as_text=True)
    assert 'aria-label="Onboarding funnel: 2 invited, 2 accepted, 1 profile complete, 1 trained"' in page


def test_filters_narrow_the_list_and_htmx_gets_only_the_list(app, admin):
    only_mentors = admin.get("/t/acme/admin/people?role=mentor", headers={"HX-Request": "true"})
    body = only_mentors.get_data(as_text=True)
    assert "<html" not in body and "Maya Chen" in body and "Robert Okafor" not in body
    assert "Nobody matches" in admin.get("/t/acme/admin/people?department=Nowhere").get_data(as_text=True)


def test_an_admin_edit_is_audited_and_loops_are_refused(app, admin):
    maya, robert = person(app, "maya@acme.example"), person(app, "robert@acme.example")
    with app.app_context(), tenant_scope("acme"):
        cohort = Cohort.create(name="Spring 2027")
    response = post_form(admin, f"/t/acme/admin/people/{robert.id}",
                         {"role": "mentee", "department": "Board", "manager_email": "", "cohort": str(cohort.id)})
    assert response.status_code == 302
    with app.app_context(), tenant_scope("acme"):
        assert User.get_by_id(robert.id).cohort_id == cohort.id
        assert AuditEntry.select().where(AuditEntry.action == "changed participant").exists()
    post_form(admin, f"/t/acme/admin/people/{maya.id}", {"role": "mentor", "manager_email": "robert@acme.example"})
    loop = post_form(admin, f"/t/acme/admin/people/{robert.id}", {"role": "mentee", "manager_email": "maya@acme.example"})
    assert loop.status_code == 422 and "Robert Okafor → Maya Chen → Robert Okafor" in loop.get_data(as_text=True)


def test_reminders_go_to_those_who_stalled(app, admin):
    with app.app_context(), tenant_scope("acme"):
        User.update(invited=datetime.datetime(2020, 1, 1)).where(User.role != "admin").execute()
        User.update(password_hash=None).where(User.email == "robert@acme.example").execute()
    post_form(admin, "/t/acme/admin/people", {}, "/t/acme/admin/people/reminders")
    assert "your next step is to complete your profile" in last_email(app, "maya@acme.example").body
    robert = last_email(app, "robert@acme.example").body
    assert "accept your invitation" in robert and "/t/acme/welcome/" in robert


def reminders_to(app, email):
    from saas.control import OutboxMessage
    with app.app_context():
        return OutboxMessage.select().where(OutboxMessage.to == email, OutboxMessage.subject.contains("reminder")).count()


def test_nobody_is_reminded_twice_in_a_week_and_the_page_says_when(app, admin):
    with app.app_context(), tenant_scope("acme"):
        User.update(invited=datetime.datetime(2020, 1, 1)).where(User.role != "admin").execute()
    post_form(admin, "/t/acme/admin/people", {}, "/t/acme/admin/people/reminders")
    again = post_form(admin, "/t/acme/admin/people", {}, "/t/acme/admin/people/reminders", follow_redirects=True)
    with app.app_context():
        app.extensions["jobs"].schedules["tenants.people.invitations.remind_stalled"]()
    assert reminders_to(app, "maya@acme.example") == 1
    page = again.get_data(as_text=True)
    today = datetime.datetime.now(datetime.timezone.utc).strftime("%-d %b")
    assert "Nobody has stalled." in page and f"Maya Chen (on {today})" in page and f"reminded {today}" in page


def test_a_reminder_goes_again_after_a_week(app, admin):
    with app.app_context(), tenant_scope("acme"):
        User.update(invited=datetime.datetime(2020, 1, 1), reminded=datetime.datetime(2020, 1, 9)) \
            .where(User.role != "admin").execute()
    post_form(admin, "/t/acme/admin/people", {}, "/t/acme/admin/people/reminders")
    assert reminders_to(app, "maya@acme.example") == 1


def test_the_export_neutralises_formulas(app, admin):
    invite(admin, name='=HYPERLINK("http://evil.example","x")', email="evil@acme.example")
    csv_text = admin.get("/t/acme/admin/people/export.csv").get_data(as_text=True)
    assert csv_text.splitlines()[0].startswith("name,email,role,status")
    assert "'=HYPERLINK" in csv_text


def test_participants_cannot_use_admin_pages(maya):
    for path in ("/t/acme/admin/people", "/t/acme/admin/program", "/t/acme/admin/people/export.csv"):
        assert maya.get(path).status_code == 403


ADMIN_ROUTES = [("get", "/t/other/admin/people"), ("get", "/t/other/admin/program"),
                ("get", "/t/other/admin/people/export.csv"), ("post", "/t/other/admin/people/invite"),
                ("get", "/t/other/admin/people/2"), ("post", "/t/other/admin/people/2/revoke"),
                ("post", "/t/other/admin/people/reminders"), ("post", "/t/other/admin/program/skills"),
                ("post", "/t/other/admin/program/cohorts"), ("post", "/t/other/admin/program"),
                ("post", "/t/other/admin/people/2"), ("post", "/t/other/admin/people/2/resend"),
                ("post", "/t/other/admin/program/questions"), ("post", "/t/other/admin/program/skills/1/retire"),
                ("post", "/t/other/admin/program/questions/1/retire")]


@pytest.mark.parametrize("method, path", ADMIN_ROUTES)
def test_an_admin_of_acme_cannot_reach_other_tenants_admin_pages(app, admin, method, path):
    from tests.factories import csrf_token
    token = csrf_token(admin, "/t/acme/admin/people")
    response = getattr(admin, method)(path, data={"csrf_token": token, "name": "X", "email": "x@x.example",
                                                  "role": "mentor"})
    assert response.status_code in (302, 400) and "/t/other/login" in response.headers.get("Location", "/t/other/login")
    with app.app_context(), tenant_scope("other"):
        assert User.select().count() == 2


def test_the_weekly_job_reminds_every_active_tenants_stalled_people(app, acme):
    with app.app_context():
        for slug in ("acme", "other"):
            with tenant_scope(slug):
                User.update(invited=datetime.datetime(2020, 1, 1)).execute()
        app.extensions["jobs"].schedules["tenants.people.invitations.remind_stalled"]()
    assert "reminder" in last_email(app, "maya@acme.example").subject
    assert "reminder" in last_email(app, "olga@other.example").subject
    assert "Acme" not in last_email(app, "olga@other.example").body


def test_the_person_page_shows_the_partner_the_training_and_the_profile(app, admin):
    from tests.factories import ready
    from tests.pair_space.conftest import make_pairing

    with app.app_context(), tenant_scope("acme"):
        ready("maya@acme.example", 2, ["AI tools"], ["Strategic thinking"], "Digital")
        ready("robert@acme.example", 8, ["Strategic thinking"], ["AI tools"], "Board")
        make_pairing("maya@acme.example", "robert@acme.example", days_ago=10)
        User.update(trained=datetime.datetime(2026, 3, 4)).where(User.email == "maya@acme.example").execute()
        maya_id = User.get(User.email == "maya@acme.example").id
    page = admin.get(f"/t/acme/admin/people/{maya_id}").get_data(as_text=True)
    assert "Robert Okafor</a> (their mentee), since" in page
    assert "Completed on 4 March 2026" in page
    assert "AI tools (" in page and "Strategic thinking" in page
    assert "09:00–11:00 (Europe/London)" in page and "English" in page


@pytest.mark.parametrize("cohort", ["²", "٣", "9" * 30, "-1"])
def test_a_cohort_filter_in_other_digits_lists_everyone(admin, cohort):
    response = admin.get(f"/t/acme/admin/people?cohort={cohort}")
    assert response.status_code == 200 and "maya@acme.example" in response.get_data(as_text=True)


def test_the_edit_form_refuses_a_cohort_in_other_digits(app, admin):
    maya = person(app, "maya@acme.example")
    response = post_form(admin, f"/t/acme/admin/people/{maya.id}", {"role": "mentor", "cohort": "²"})
    assert response.status_code == 422 and 'id="cohort-error"' in response.get_data(as_text=True)
