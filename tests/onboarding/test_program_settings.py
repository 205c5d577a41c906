"""The tenant admin's programme settings."""
import re

import pytest

from saas.tenancy import tenant_scope
from tenants.program.models import Cohort, ProfileQuestion, Skill, current_program
from tests.factories import post_form


def save(client, path, data):
    return post_form(client, "/t/acme/admin/program", data, "/t/acme/admin/program" + path)


def test_a_new_tenant_has_the_default_skills_catalogue(app, admin):
    page = admin.get("/t/acme/admin/program").get_data(as_text=True)
    for skill in ("Social media", "Collaboration tools", "AI tools", "Data literacy", "Mobile apps",
                  "Generational perspectives on work"):
        assert skill in page


def test_programme_settings_are_saved(app, admin):
    response = save(admin, "", {"name": "Acme Reverse Mentoring 2027", "term_start": "2027-01-01",
                                "term_end": "2027-12-31", "cadence_days": "31", "ask_diversity": "yes"})
    assert response.status_code == 302
    with app.app_context(), tenant_scope("acme"):
        program = current_program()
        assert (program.name, str(program.term_end), program.cadence_days, program.ask_diversity) == \
            ("Acme Reverse Mentoring 2027", "2027-12-31", 31, True)


@pytest.mark.parametrize("data, field", [
    ({"name": "", "cadence_days": "31"}, "name"),
    ({"name": "P", "term_start": "2027-05-01", "term_end": "2027-01-01", "cadence_days": "31"}, "term_end"),
    ({"name": "P", "term_start": "31/01/2027", "cadence_days": "31"}, "term_start"),
    ({"name": "P", "cadence_days": "400"}, "cadence_days"),
])
def test_bad_settings_are_explained(admin, data, field):
    response = save(admin, "", data)
    assert response.status_code == 422 and f'id="{field}-error"' in response.get_data(as_text=True)


def test_skills_are_added_retired_and_never_duplicated(app, admin):
    assert save(admin, "/skills", {"name": "  Prompt   engineering "}).status_code == 302
    duplicate = save(admin, "/skills", {"name": "prompt engineering"})
    assert duplicate.status_code == 422 and "already in the catalogue" in duplicate.get_data(as_text=True)
    with app.app_context(), tenant_scope("acme"):
        skill = Skill.get(Skill.name == "Prompt engineering")
    save(admin, f"/skills/{skill.id}/retire", {})
    with app.app_context(), tenant_scope("acme"):
        assert not Skill.get_by_id(skill.id).active


def test_questions_of_each_kind(app, admin):
    assert save(admin, "/questions", {"text": "Your favourite app?", "kind": "short_text"}).status_code == 302
    assert save(admin, "/questions", {"text": "Office?", "kind": "single_choice",
                                      "options": "Lagos\nLondon\nLima", "required": "yes"}).status_code == 302
    bad = save(admin, "/questions", {"text": "Pick", "kind": "multiple_choice", "options": "only one"})
    assert bad.status_code == 422 and "2 to 12 choices" in bad.get_data(as_text=True)
    with app.app_context(), tenant_scope("acme"):
        assert [q.choices for q in ProfileQuestion.select().order_by(ProfileQuestion.id)] == [[], ["Lagos", "London", "Lima"]]


def test_cohorts_are_unique(app, admin):
    assert save(admin, "/cohorts", {"name": "Spring 2027"}).status_code == 302
    assert save(admin, "/cohorts", {"name": "spring 2027"}).status_code == 422
    with app.app_context(), tenant_scope("acme"):
        assert Cohort.select().count() == 1


def test_the_managers_home_shows_where_the_programme_stands(app, admin):
    page = admin.get("/t/acme/").get_data(as_text=True)
    assert "Your programme" in page and "2 invited" in page and "0 of 2 ready to be paired" in page
    save(admin, "", {"name": "Acme RM", "term_start": "2027-01-01", "term_end": "2027-12-31", "cadence_days": "31"})
    page = admin.get("/t/acme/").get_data(as_text=True)
    assert "Acme RM, 01 Jan 2027 – 31 Dec 2027" in page and "(done)" in page


# What a programme manager tripped over (issue 11, item 16).

HTMX = {"HX-Request": "true", "HX-Target": "skills"}


def test_adding_a_skill_says_so_and_comes_back_to_the_skills(admin):
    response = save(admin, "/skills", {"name": "Prompt engineering"})
    assert response.status_code == 302 and response.headers["Location"].endswith("/t/acme/admin/program#skills")
    assert "“Prompt engineering” is added to the skills catalogue." in admin.get("/t/acme/admin/program").get_data(
        as_text=True)


@pytest.mark.parametrize("path, data, section, said", [
    ("/skills", {"name": "Prompt engineering"}, "skills", "“Prompt engineering” is added"),
    ("/cohorts", {"name": "Spring 2027"}, "cohorts", "The cohort “Spring 2027” is added."),
    ("/questions", {"text": "Your favourite app?", "kind": "short_text"}, "questions", "“Your favourite app?” is added"),
])
def test_with_htmx_only_the_section_comes_back_with_its_confirmation(admin, path, data, section, said):
    page = admin.get("/t/acme/admin/program").get_data(as_text=True)
    assert f'hx-post="/t/acme/admin/program{path}" hx-target="#{section}" hx-swap="outerHTML show:bottom"' in page
    response = post_section(admin, path, data)
    body = response.get_data(as_text=True)
    assert response.status_code == 200 and said in body
    assert body.lstrip().startswith(f'<section class="card" id="{section}">') and "<html" not in body


def post_section(client, path, data):
    from tests.factories import csrf_token
    return client.post("/t/acme/admin/program" + path, headers=HTMX,
                       data={**data, "csrf_token": csrf_token(client, "/t/acme/admin/program")})


def test_a_refused_skill_comes_back_in_its_section_with_the_reason(admin):
    response = post_section(admin, "/skills", {"name": "social MEDIA"})
    body = response.get_data(as_text=True)
    assert response.status_code == 422 and 'id="skill-name-error"' in body and "already in the catalogue" in body
    assert 'value="social MEDIA"' in body and "<html" not in body


@pytest.mark.parametrize("options, listed", [("London\nlondon", "“london” is listed twice"),
                                             ("Lagos, LONDON ,  london", "“london” is listed twice")])
def test_a_choice_listed_twice_is_refused_and_required_stays_ticked(app, admin, options, listed):
    response = save(admin, "/questions", {"text": "Office?", "kind": "single_choice", "options": options,
                                          "required": "yes"})
    body = response.get_data(as_text=True)
    assert response.status_code == 422 and 'id="options-error"' in body and listed in body
    assert re.search(r'<input checked id="required" name="required" type="checkbox" value="yes">', body)
    with app.app_context(), tenant_scope("acme"):
        assert ProfileQuestion.select().count() == 0


@pytest.mark.parametrize("cadence", ["²", "٣١", "3" * 30, "-7", "31.0"])
def test_a_cadence_not_in_plain_digits_is_refused(app, admin, cadence):
    response = save(admin, "", {"name": "P", "cadence_days": cadence})
    assert response.status_code == 422 and 'id="cadence_days-error"' in response.get_data(as_text=True)
    with app.app_context(), tenant_scope("acme"):
        assert current_program().cadence_days == 31
