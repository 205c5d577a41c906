"""Certificates on the web: each participant downloads their own (a signed PDF, named for what it
is), the programme manager downloads any and revokes with a reason, and nobody else gets
anything: someone else's certificate and another tenant's are 404."""
import re
from urllib.parse import unquote

import pytest

from tests.certificates.conftest import certificate_id, complete, issue_now, issued
from tests.certificates.reading import page_of
from tests.factories import csrf_token, make_tenant
from tests.pair_space.conftest import as_user, in_tenant, make_pairing


def download(client, app, email, slug="acme"):
    return client.get(f"/t/{slug}/certificates/{certificate_id(app, email, slug)}/download")


def test_a_participant_downloads_their_own_signed_pdf(app, maya, earned):
    response = download(maya, app, "maya@acme.example")
    assert response.status_code == 200 and response.mimetype == "application/pdf"
    disposition = response.headers["Content-Disposition"]
    assert 'filename="certificate-reverse-mentoring-maya-chen.pdf"' in disposition
    assert unquote(disposition.split("filename*=UTF-8''")[1]) == "certificate-Reverse mentoring-Maya Chen.pdf"
    assert "Maya Chen" in page_of(response.data).extract_text()


def test_a_name_in_another_script_names_the_file_both_ways(app, acme, pair):
    from tenants.people.models import User

    with in_tenant(app):
        User.update(name="王小明").where(User.email == "maya@acme.example").execute()
    complete(app, pair)
    issue_now(app)
    disposition = download(as_user(app, "maya@acme.example"), app, "maya@acme.example").headers["Content-Disposition"]
    assert 'filename="certificate-reverse-mentoring-participant.pdf"' in disposition
    assert unquote(disposition.split("filename*=UTF-8''")[1]) == "certificate-Reverse mentoring-王小明.pdf"


def test_a_participant_asking_for_their_partners_certificate_gets_404(app, maya, earned):
    assert download(maya, app, "robert@acme.example").status_code == 404


def test_a_participant_of_another_tenant_gets_404(app, earned):
    other = as_user(app, "olga@other.example", "other")
    number = certificate_id(app, "maya@acme.example")
    assert other.get(f"/t/other/certificates/{number}/download").status_code == 404  # no such row there
    assert other.get(f"/t/acme/certificates/{number}/download").status_code == 302  # anonymous on acme: sign in


def test_the_programme_manager_of_another_tenant_gets_nothing(app, earned):
    other = as_user(app, "hr@other.example", "other")
    number = certificate_id(app, "maya@acme.example")
    assert other.get(f"/t/other/certificates/{number}/download").status_code == 404
    for path in ("/t/acme/admin/certificates", f"/t/acme/certificates/{number}/download"):
        assert other.get(path).status_code == 302


def test_the_programme_manager_downloads_anyones(app, admin, earned):
    assert download(admin, app, "robert@acme.example").status_code == 200


def test_strangers_are_asked_to_sign_in(app, earned):
    response = download(app.test_client(), app, "maya@acme.example")
    assert response.status_code == 302 and "/t/acme/login" in response.headers["Location"]


def test_the_pair_space_and_the_home_page_offer_the_download(app, maya, earned):
    link = f"/t/acme/certificates/{certificate_id(app, 'maya@acme.example')}/download"
    assert link in maya.get(f"/t/acme/pairs/{earned}/").get_data(as_text=True)
    home = maya.get("/t/acme/").get_data(as_text=True)
    assert link in home and "with <bdi>Robert Okafor</bdi>" in home


def test_the_pair_space_says_how_a_certificate_is_earned_before_it_is(app, maya, pair):
    page = maya.get(f"/t/acme/pairs/{pair}/").get_data(as_text=True)
    assert "ends with at least 6 meetings held and both your closing surveys answered" in page
    assert "/certificates/" not in page


# --- the programme manager's page -----------------------------------------------------------

def test_the_programme_manager_sees_every_certificate(app, admin, earned):
    page = admin.get("/t/acme/admin/certificates").get_data(as_text=True)
    assert "Maya Chen" in page and "Robert Okafor" in page
    for _, _, code, _ in issued(app):
        assert f"/verify/{code}" in page


def test_participants_do_not_get_the_programme_managers_page(app, maya, earned):
    assert maya.get("/t/acme/admin/certificates").status_code == 403
    number = certificate_id(app, "maya@acme.example")
    token = csrf_token(maya, f"/t/acme/pairs/{earned}/")
    assert maya.post(f"/t/acme/admin/certificates/{number}/revoke",
                     data={f"c{number}-reason": "Mine", "csrf_token": token}).status_code == 403
    assert maya.post("/t/acme/admin/certificates/batches", data={"cohort": "", "csrf_token": token}).status_code == 403
    assert maya.post("/t/acme/admin/certificates/settings",
                     data={"meetings": "1", "csrf_token": token}).status_code == 403
    assert issued(app)[0][3] is False


def revoke(admin, number, reason):
    token = csrf_token(admin, "/t/acme/admin/certificates")
    return admin.post(f"/t/acme/admin/certificates/{number}/revoke", data={f"c{number}-reason": reason,
                                                                          "csrf_token": token})


def test_a_revocation_needs_a_reason(app, admin, earned):
    refused = revoke(admin, certificate_id(app, "maya@acme.example"), "   ")
    assert refused.status_code == 422
    assert "Say why, in a sentence: the holder reads it." in refused.get_data(as_text=True)
    assert [revoked for *_, revoked in issued(app)] == [False, False]
    too_long = revoke(admin, certificate_id(app, "maya@acme.example"), "x" * 501)
    assert too_long.status_code == 422 and "Keep it under 500 characters." in too_long.get_data(as_text=True)


def test_a_revoked_certificate_is_refused_saying_why(app, maya, earned):
    admin = as_user(app, "hr@acme.example")
    number = certificate_id(app, "maya@acme.example")
    assert revoke(admin, number, "The meetings were logged twice.").status_code == 302
    assert [(email, revoked) for email, _, _, revoked in issued(app)] == [("maya@acme.example", True),
                                                                         ("robert@acme.example", False)]
    for client in (maya, admin):
        refused = client.get(f"/t/acme/certificates/{number}/download")
        assert refused.status_code == 410
        text = refused.get_data(as_text=True)
        assert "This certificate was revoked" in text and "The meetings were logged twice." in text
    home = maya.get("/t/acme/").get_data(as_text=True)
    assert "revoked on" in home and f"/certificates/{number}/download" not in home
    again = revoke(admin, number, "Twice")
    assert again.status_code == 302
    with in_tenant(app):
        from tenants.audit import AuditEntry

        assert AuditEntry.select().where(AuditEntry.action == "revoked certificate").count() == 1


def test_a_revoked_certificate_is_not_issued_again(app, admin, earned):
    revoke(admin, certificate_id(app, "maya@acme.example"), "Issued in error.")
    assert issue_now(app) == 0
    assert len(issued(app)) == 2


# --- the earning rule's settings ------------------------------------------------------------

def input_named(name, page):
    """The <input> tag of the field `name` on `page`, whatever the order of its attributes."""
    return re.search(rf'<input[^>]*name="{name}"[^>]*>', page).group(0)


def settings_post(client, data):
    token = csrf_token(client, "/t/acme/admin/program")
    return client.post("/t/acme/admin/certificates/settings", data={**data, "csrf_token": token})


def test_the_programme_settings_page_has_the_earning_rule(app, admin):
    page = admin.get("/t/acme/admin/program").get_data(as_text=True)
    meetings = input_named("meetings", page)
    assert 'id="certificates"' in page and all(f' {attribute} ' in meetings.replace(">", " ") for attribute in
                                               ('type="number"', 'min="1"', 'max="100"', 'value="6"'))


def test_the_programme_manager_changes_the_rule(app, admin, pair):
    from tenants.certificates.models import earning_rule

    saved = settings_post(admin, {"meetings": "4", "closing_surveys": "y"})
    assert saved.status_code == 302 and saved.headers["Location"].endswith("/admin/program#certificates")
    with in_tenant(app):
        rule = earning_rule()
    assert (rule.routinization, rule.meetings, rule.closing_surveys) == (False, 4, True)
    page = admin.get("/t/acme/admin/program").get_data(as_text=True)
    assert 'value="4"' in input_named("meetings", page) and "checked" not in input_named("routinization", page)


@pytest.mark.parametrize("meetings, message", [("0", "Choose between 1 and 100 meetings."), ("", "Say how many"),
                                               ("six", "Not a valid integer value."),
                                               ("101", "Choose between 1 and 100")])
def test_a_bad_threshold_is_refused_next_to_its_field(app, admin, meetings, message):
    from tenants.certificates.models import CertificateSettings

    refused = settings_post(admin, {"meetings": meetings})
    assert refused.status_code == 422 and message in refused.get_data(as_text=True)
    with in_tenant(app):
        assert CertificateSettings.select().count() == 0


# --- a pair-space action earns it -------------------------------------------------------------

def test_the_second_closing_survey_earns_both_certificates_at_once(app, maya, robert, pair):
    from tenants.pairing.models import Pairing
    from tests.certificates.conftest import end, hold_meetings

    with in_tenant(app):
        pairing = Pairing.get_by_id(pair)
        hold_meetings(pairing, 6)
        end(pairing)
    space = f"/t/acme/pairs/{pair}/"
    answer = {"goals_met": "yes", "recommend": "9", "stay": "4", "before_0": "2", "after_0": "4"}
    assert maya.post(space + "closing", data={**answer, "csrf_token": csrf_token(maya, space)}).status_code == 302
    assert issued(app) == []
    answer = {"goals_met": "partly", "recommend": "7", "before_0": "1", "after_0": "3"}
    assert robert.post(space + "closing", data={**answer, "csrf_token": csrf_token(robert, space)}).status_code == 302
    assert [email for email, *_ in issued(app)] == ["maya@acme.example", "robert@acme.example"]


def test_a_pair_space_action_refused_to_a_stranger_checks_nothing(app, pair):
    """The pairing has earned its certificates (the morning job has not run yet); Ivy, of the
    same tenant but not of the pairing, posts to its space: a 404, and nothing is issued."""
    complete(app, pair)
    ivy = as_user(app, "ivy@acme.example")
    token = csrf_token(ivy, f"/t/acme/pairs/{pair}/")  # the 404 page still has the sign-out form
    assert ivy.post(f"/t/acme/pairs/{pair}/closing", data={"csrf_token": token}).status_code == 404
    assert issued(app) == []


def test_two_tenants_each_see_only_their_own_certificates(app, earned):
    make_tenant(app, "gamma", [("hr@gamma.example", "Gus Gamma", "admin"), ("mia@gamma.example", "Mia Gamma", "mentor"),
                               ("rui@gamma.example", "Rui Gamma", "mentee")])
    with in_tenant(app, "gamma"):
        pairing_id = make_pairing("mia@gamma.example", "rui@gamma.example").id
    from tenants.pairing.models import Pairing
    from tests.certificates.conftest import answer_closing, end, hold_meetings

    with in_tenant(app, "gamma"):
        pairing = Pairing.get_by_id(pairing_id)
        hold_meetings(pairing, 6)
        end(pairing)
        answer_closing(pairing, "mentor", "mentee")
    issue_now(app, "gamma")
    gamma_admin = as_user(app, "hr@gamma.example", "gamma")
    page = gamma_admin.get("/t/gamma/admin/certificates").get_data(as_text=True)
    assert "Mia Gamma" in page and "Maya Chen" not in page
    acme_number = certificate_id(app, "maya@acme.example")
    gamma_number = certificate_id(app, "mia@gamma.example", "gamma")
    assert acme_number == gamma_number  # the same number in each tenant's own table, and each gives its own
    assert "Mia Gamma" in page_of(gamma_admin.get(f"/t/gamma/certificates/{gamma_number}/download").data).extract_text()
