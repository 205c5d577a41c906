"""The reporting step's manager field: names are offered from a few typed letters, never emails,
only to signed-in participants and only from their own organisation."""
import pytest

from saas.tenancy import tenant_scope
from tenants.people.models import User
from tests.factories import password_hash, post_form, sign_in

SEARCH = "/t/acme/onboarding/managers"


def user(app, email):
    with app.app_context(), tenant_scope("acme"):
        return User.get(User.email == email)


def add(app, slug, email, name, role="mentee", **fields):
    with app.app_context(), tenant_scope(slug):
        return User.create(email=email, name=name, role=role, password_hash=password_hash(), **fields)


def test_the_reporting_step_holds_no_other_persons_email(app, maya):
    add(app, "acme", "rita@acme.example", "Rita Moreno", department="Finance")
    page = maya.get("/t/acme/onboarding/reporting").get_data(as_text=True)
    assert page.count("@acme.example") == page.count("maya@acme.example")
    assert "robert@acme.example" not in page and "rita@acme.example" not in page and "<datalist" not in page


def test_the_search_offers_names_and_teams_from_three_letters_never_emails(app, maya):
    add(app, "acme", "rita@acme.example", "Rita Moreno", department="Finance")
    assert "Rita" not in maya.get(SEARCH + "?manager=ri").get_data(as_text=True)
    found = maya.get(SEARCH + "?manager=rit", headers={"HX-Request": "true"}).get_data(as_text=True)
    assert "Rita Moreno" in found and "Finance" in found and "@" not in found and "<html" not in found
    assert "Robert Okafor" in maya.get(SEARCH + "?manager=OKAF").get_data(as_text=True)
    assert "Maya Chen" not in maya.get(SEARCH + "?manager=maya").get_data(as_text=True)  # never oneself


def test_the_search_gives_a_handful_and_takes_wildcards_literally(app, maya):
    for n in range(8):
        add(app, "acme", f"p{n}@acme.example", f"Person Smith {n}")
    found = maya.get(SEARCH + "?manager=smith").get_data(as_text=True)
    assert found.count('name="manager_id"') == 5
    assert 'name="manager_id"' not in maya.get(SEARCH + "?manager=%25%25%25").get_data(as_text=True)
    assert "Keep typing" in maya.get(SEARCH + "?manager=sm").get_data(as_text=True)
    assert maya.get(SEARCH + "?manager=smi%00th").status_code == 200


def test_the_search_does_not_reach_into_another_organisation(app, maya):
    assert "Olga" not in maya.get(SEARCH + "?manager=olga").get_data(as_text=True)
    assert "Nobody on MentorUp" in maya.get(SEARCH + "?manager=olga").get_data(as_text=True)
    # signed in at acme, the other tenant's search is not Maya's to use
    assert maya.get("/t/other/onboarding/managers?manager=olga").status_code in (302, 401, 403)


def test_the_search_is_for_signed_in_participants_only(client, acme):
    assert client.get(SEARCH + "?manager=rob").status_code == 302  # to the sign-in page
    sign_in(client, "/t/acme/login", "hr@acme.example")
    assert client.get(SEARCH + "?manager=rob").status_code == 403


def test_a_suggestion_picked_sets_the_manager(app, maya):
    namesake = add(app, "acme", "robert.two@acme.example", "Robert Okafor")
    response = post_form(maya, "/t/acme/onboarding/reporting",
                         {"department": "IT", "manager": "Robert", "manager_id": str(namesake.id)})
    assert response.status_code == 302
    assert user(app, "maya@acme.example").manager_id == namesake.id
    page = maya.get("/t/acme/onboarding/reporting").get_data(as_text=True)
    assert f'value="{namesake.id}" checked' in page and "robert.two@acme.example" not in page


def test_without_javascript_an_exact_name_is_enough(app, maya):
    robert = user(app, "robert@acme.example")
    assert post_form(maya, "/t/acme/onboarding/reporting", {"department": "IT", "manager": "robert okafor"}).status_code == 302
    assert user(app, "maya@acme.example").manager_id == robert.id


@pytest.mark.parametrize("typed, message", [
    ("Robert", "Nobody on MentorUp is called Robert"),
    ("Rob\x00ert", "without special characters"),
    ("Olga Other", "Nobody on MentorUp is called Olga Other"),  # another organisation's person
])
def test_a_name_that_matches_nobody_is_explained_next_to_the_field(app, maya, typed, message):
    response = post_form(maya, "/t/acme/onboarding/reporting", {"department": "IT", "manager": typed})
    body = response.get_data(as_text=True)
    assert response.status_code == 422 and 'id="manager-error"' in body and message in body
    assert user(app, "maya@acme.example").department == ""


def test_a_name_two_people_share_asks_for_the_email(app, maya):
    add(app, "acme", "robert.two@acme.example", "Robert Okafor")
    response = post_form(maya, "/t/acme/onboarding/reporting", {"department": "IT", "manager": "Robert Okafor"})
    assert response.status_code == 422 and "More than one person is called Robert Okafor" in response.get_data(as_text=True)


def test_a_pick_from_another_organisation_is_ignored(app, maya):
    with app.app_context(), tenant_scope("other"):
        olga = User.create(id=99, email="olga2@other.example", name="Olga Second", role="mentee")
    with app.app_context(), tenant_scope("acme"):
        assert User.get_or_none(User.id == olga.id) is None  # that id means nobody in acme
    response = post_form(maya, "/t/acme/onboarding/reporting",
                         {"department": "IT", "manager": "Olga Second", "manager_id": str(olga.id)})
    assert response.status_code == 422 and "Nobody on MentorUp is called Olga Second" in response.get_data(as_text=True)
    assert user(app, "maya@acme.example").manager_id is None


def test_a_pick_is_kept_ticked_when_another_field_is_wrong(app, maya):
    robert = user(app, "robert@acme.example")
    response = post_form(maya, "/t/acme/onboarding/reporting",
                         {"department": "", "manager": "Rob", "manager_id": str(robert.id)})
    assert response.status_code == 422 and f'value="{robert.id}" checked' in response.get_data(as_text=True)


def test_an_erased_manager_is_not_offered_nor_shown(app, maya):
    from tenants.privacy.erasure import erase

    robert = user(app, "robert@acme.example")
    with app.app_context(), tenant_scope("acme"):
        maya_row = User.get(User.email == "maya@acme.example")
        maya_row.manager = robert
        maya_row.save()
    with app.test_request_context(), tenant_scope("acme"):
        erase(User.get_by_id(robert.id), "hr@acme.example")
    page = maya.get("/t/acme/onboarding/reporting").get_data(as_text=True)
    assert "Former participant" not in page and 'name="manager_id"' not in page
    assert "Former" not in maya.get(SEARCH + "?manager=former").get_data(as_text=True)
