"""The training: role-specific text and a five-question check that must be passed."""
import datetime

import pytest

from saas.tenancy import tenant_scope
from tenants.onboarding.training import CHECK
from tenants.people.models import User
from tests.factories import post_form

RIGHT = {q.key: str(q.answer) for q in CHECK}


@pytest.fixture(autouse=True)
def profile_done(app, acme):
    with app.app_context(), tenant_scope("acme"):
        User.update(profile_completed=datetime.datetime(2027, 1, 5)).where(User.email == "maya@acme.example").execute()


def test_the_training_waits_for_a_complete_profile(app, client, acme):
    from tests.factories import sign_in
    with app.app_context(), tenant_scope("acme"):
        User.update(profile_completed=None).execute()
    sign_in(client, "/t/acme/login", "maya@acme.example")
    assert client.get("/t/acme/training").headers["Location"] == "/t/acme/onboarding"
    assert post_form(client, "/t/acme/onboarding/role", RIGHT, "/t/acme/training").status_code == 302
    with app.app_context(), tenant_scope("acme"):
        assert User.get(User.email == "maya@acme.example").trained is None


def test_the_training_is_written_for_each_role(maya, app):
    page = maya.get("/t/acme/training").get_data(as_text=True)
    assert "you are the junior partner" in page and "hard glue" in page and "soft glue" in page
    assert "Neglect" in page and "Breaches of confidence" in page


def test_wrong_answers_are_explained_and_nothing_is_recorded(app, maya):
    response = post_form(maya, "/t/acme/training", {**RIGHT, "who": "0", "glue": ""})
    body = response.get_data(as_text=True)
    assert response.status_code == 422 and "2 of 5 answers are not right yet" in body
    assert CHECK[0].why in body
    with app.app_context(), tenant_scope("acme"):
        assert User.get(User.email == "maya@acme.example").trained is None


def test_passing_records_the_date(app, maya):
    assert post_form(maya, "/t/acme/training", RIGHT).headers["Location"] == "/t/acme/#main"
    with app.app_context(), tenant_scope("acme"):
        assert User.get(User.email == "maya@acme.example").trained is not None


def test_an_empty_check_asks_for_answers_without_giving_them_away(maya):
    response = post_form(maya, "/t/acme/training", {})
    body = response.get_data(as_text=True)
    assert response.status_code == 422 and "5 of 5 answers are not right yet" in body
    assert "Choose an answer." in body
    assert "Not quite" not in body and not any(q.why.split("{")[0] in body for q in CHECK)


@pytest.mark.parametrize("days, words", [(7, "every week"), (14, "every two weeks"), (30, "monthly"),
                                         (60, "every 60 days")])
def test_the_training_follows_the_programmes_cadence(app, maya, days, words):
    from tenants.program.models import Program
    with app.app_context(), tenant_scope("acme"):
        Program.create(name="Acme RM", cadence_days=days)
    page = maya.get("/t/acme/training").get_data(as_text=True)
    assert f"Meet at least {words}." in page and f"At least {words}" in page
    if words != "monthly":
        assert "monthly" not in page and "a month" not in page
