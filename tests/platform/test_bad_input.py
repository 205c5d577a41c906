"""Input no page was made for gets a 4xx with a sentence, never a 500: ids past what a database
holds, digits of other scripts, NUL characters."""
import pytest

from tests.factories import csrf_token


@pytest.mark.parametrize("path", ["/t/acme/admin/people/9223372036854775808",
                                  "/t/acme/admin/people/100000000000000000000000000",
                                  "/t/acme/admin/people/%D9%A3"])  # "٣", an Arabic-Indic three
def test_an_id_no_database_holds_is_404(admin, path):
    assert admin.get(path).status_code == 404


def test_the_largest_id_a_database_holds_is_looked_up(admin):
    assert admin.get("/t/acme/admin/people/9223372036854775807").status_code == 404


@pytest.mark.parametrize("number", ["100000000000000000000", "9223372036854775808", "²", "٣", "-1", ""])
def test_a_page_number_past_reason_shows_a_page(admin, number):
    for path in ("/t/acme/admin/people", "/t/acme/admin/phases", "/t/acme/admin/certificates"):
        response = admin.get(f"{path}?page={number}")
        assert response.status_code == 200, path


@pytest.mark.parametrize("cohort", ["²", "9223372036854775808", "100000000000000000000", "٣"])
def test_a_cohort_filter_in_another_script_or_too_big_is_no_filter(admin, cohort):
    assert admin.get(f"/t/acme/admin/people?cohort={cohort}").status_code == 200
    assert admin.get(f"/t/acme/admin/phases?cohort={cohort}").status_code == 200
    assert admin.get(f"/t/acme/admin/pairing?swap={cohort}").status_code == 200


def test_nul_in_a_query_string_is_a_400_that_says_why(admin):
    response = admin.get("/t/acme/admin/people?department=Sales%00")
    assert response.status_code == 400 and "NUL character" in response.get_data(as_text=True)


def test_nul_in_a_form_is_refused_before_anything_is_stored(app, admin):
    from saas.tenancy import tenant_scope
    from tenants.people.models import User

    response = admin.post("/t/acme/admin/people/invite", data={
        "csrf_token": csrf_token(admin, "/t/acme/admin/people"), "name": "Nul\0Person",
        "email": "nul@acme.example", "role": "mentor"})
    assert response.status_code == 400 and "NUL character" in response.get_data(as_text=True)
    with app.app_context(), tenant_scope("acme"):
        assert not User.select().where(User.email == "nul@acme.example").exists()


def test_nul_in_a_sign_in_is_refused(client, acme):
    response = client.post("/t/acme/login", data={"csrf_token": csrf_token(client, "/t/acme/login"),
                                                   "email": "hr@acme.example\0", "password": "x"})
    assert response.status_code == 400


# What the fuzzing test found in forms (the forms' own conversion to WTForms reads them too).

def test_an_invitation_to_a_cohort_past_64_bits_is_refused_next_to_the_field(admin):
    response = admin.post("/t/acme/admin/people/invite", data={
        "csrf_token": csrf_token(admin, "/t/acme/admin/people"), "name": "Zoë", "email": "zoe@acme.example",
        "role": "mentor", "cohort": "877933734795500978176"})
    assert response.status_code == 422 and 'id="cohort-error"' in response.get_data(as_text=True)


def test_a_meeting_rule_in_superscript_digits_is_refused(admin):
    response = admin.post("/t/acme/admin/program", data={
        "csrf_token": csrf_token(admin, "/t/acme/admin/program"), "name": "Reverse mentoring",
        "cadence_days": "²"})
    assert response.status_code == 422


def test_a_proposal_for_a_cohort_in_other_digits_is_refused(admin):
    response = admin.post("/t/acme/admin/pairing/proposals", data={
        "csrf_token": csrf_token(admin, "/t/acme/admin/pairing"), "mode": "best_total", "cohort": "²"})
    assert response.status_code == 422
