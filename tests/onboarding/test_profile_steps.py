"""The participant's profile stepper: every step saves, explains bad input, and resumes."""
import pytest

from saas.tenancy import tenant_scope
from tenants.goals.models import Goal
from tenants.onboarding.models import AvailabilityWindow, ProfileSkill, profile_of
from tenants.people.models import User
from tenants.program.models import Program, Skill
from tests.factories import post_form

GOOD = {
    "role": {"job_level": "2", "job_title": "Graduate Analyst"},
    "reporting": {"department": "Digital", "manager": "robert@acme.example"},
    "skills": {"teach-3": "4", "teach-1": "5", "learn-15": "2"},
    "goals": {"goal": ["Learn how executives decide", "Present to a board"]},
    "availability": {"timezone": "Europe/London", "weekday": ["1", "3"], "start": ["09:00", "14:00"],
                     "end": ["10:30", "15:00"]},
    "languages": {"language": ["en", "zh"]},
    "values": {k: "3" for k in ("structure", "directness", "experiment", "pace", "reflection", "openness")},
}


def step(client, name, data):
    return post_form(client, f"/t/acme/onboarding/{name}", data)


def user(app, email="maya@acme.example"):
    with app.app_context(), tenant_scope("acme"):
        return User.get(User.email == email)


def test_a_new_participant_is_sent_to_the_first_step(maya):
    assert maya.get("/t/acme/").headers["Location"] == "/t/acme/onboarding"
    assert maya.get("/t/acme/onboarding").headers["Location"] == "/t/acme/onboarding/role"
    assert "Your job level" in maya.get("/t/acme/onboarding/role").get_data(as_text=True)


def test_every_step_saves_and_the_last_one_completes_the_profile(app, maya):
    names = list(GOOD)
    for index, name in enumerate(names):
        response = step(maya, name, GOOD[name])
        assert response.status_code == 302, (name, response.get_data(as_text=True)[:3000])
        following = names[index + 1] if index + 1 < len(names) else None
        assert response.headers["Location"] == (f"/t/acme/onboarding/{following}" if following else "/t/acme/training")
    maya_now = user(app)
    assert maya_now.profile_completed is not None and maya_now.status == "profile complete"
    with app.app_context(), tenant_scope("acme"):
        assert maya_now.manager.email == "robert@acme.example" and maya_now.job_level == 2
        assert {(s.skill_id, s.direction, s.level) for s in ProfileSkill.select()} == \
            {(3, "teach", 4), (1, "teach", 5), (15, "learn", 2)}
        assert [g.text for g in Goal.select().order_by(Goal.id)] == GOOD["goals"]["goal"]
        assert [w.label for w in AvailabilityWindow.select()] == ["Tuesday 09:00–10:30", "Thursday 14:00–15:00"]
        profile = profile_of(maya_now)
        assert profile.timezone == "Europe/London" and profile.language_codes == ["en", "zh"]


def test_onboarding_resumes_at_the_first_open_step(maya):
    step(maya, "role", GOOD["role"])
    step(maya, "reporting", GOOD["reporting"])
    assert maya.get("/t/acme/onboarding").headers["Location"] == "/t/acme/onboarding/skills"
    page = maya.get("/t/acme/onboarding/role").get_data(as_text=True)
    assert 'value="Graduate Analyst"' in page and "✓" in page


@pytest.mark.parametrize("name, data, field, message", [
    ("role", {"job_level": ""}, "job_level", "Choose your job level"),
    ("role", {"job_level": "8"}, "job_level", "more junior partner"),
    ("role", {"job_level": "2", "job_title": "x" * 500}, "job_title", "under 120"),
    ("reporting", {"department": ""}, "department", "department or team"),
    ("reporting", {"department": "IT", "manager": "not-an@email"}, "manager", "manager&#39;s email"),
    ("reporting", {"department": "IT", "manager": "maya@acme.example"}, "manager", "your own manager"),
    ("skills", {"learn-2": "3"}, "teach", "at least one topic you can teach"),
    ("skills", {"teach-2": "3", "learn-2": "99"}, "learn", "at least one topic you want to learn"),
    ("goals", {"goal": ["", "  "]}, "goal", "at least one"),
    ("goals", {"goal": ["x" * 600]}, "goal", "under 500"),
    ("availability", {"timezone": "Mars/Olympus", "weekday": "1", "start": "09:00", "end": "10:00"}, "timezone", "time zone"),
    ("availability", {"timezone": "UTC", "weekday": "1", "start": "11:00", "end": "10:00"}, "windows", "ends before it starts"),
    ("availability", {"timezone": "UTC"}, "windows", "at least one time"),
    ("languages", {"language": ["xx"]}, "language", "at least one language"),
    ("values", {"structure": "9"}, "structure", "from 1 to 5"),
])
def test_bad_input_is_explained_next_to_the_field_with_a_422(app, maya, name, data, field, message):
    response = step(maya, name, data)
    body = response.get_data(as_text=True)
    assert response.status_code == 422
    assert f'id="{field}-error"' in body and message in body
    assert user(app).profile_completed is None


def test_a_management_loop_is_refused_with_the_chain(app, client, acme):
    from tests.factories import sign_in
    with app.app_context(), tenant_scope("acme"):
        robert = User.get(User.email == "robert@acme.example")
        robert.manager = User.get(User.email == "maya@acme.example")
        robert.save()
    sign_in(client, "/t/acme/login", "maya@acme.example")
    response = step(client, "reporting", {"department": "IT", "manager": "robert@acme.example"})
    body = response.get_data(as_text=True)
    assert response.status_code == 422 and "management loop: Maya Chen → Robert Okafor → Maya Chen" in body


def test_optional_diversity_and_custom_question_steps_appear_when_the_programme_asks(app, maya):
    from tenants.program.models import ProfileQuestion
    with app.app_context(), tenant_scope("acme"):
        Program.create(name="Acme RM", ask_diversity=True)
        ProfileQuestion.create(text="What would make this worthwhile?", kind="short_text", required=True)
    assert "Prefer not to say" in maya.get("/t/acme/onboarding/diversity").get_data(as_text=True)
    assert step(maya, "diversity", {"consent": "yes", "gender": "Woman", "generation": "Hacked value"}).status_code == 302
    with app.app_context(), tenant_scope("acme"):
        assert profile_of(user(app)).read("diversity") == {"gender": "Woman", "generation": "Prefer not to say",
                                                           "background": "Prefer not to say"}
        question_id = ProfileQuestion.get().id
    missing = step(maya, "questions", {})
    assert missing.status_code == 422 and "Please answer this question" in missing.get_data(as_text=True)
    assert step(maya, "questions", {f"q{question_id}": "Learning AI"}).status_code == 302


def test_retired_skills_are_not_offered(app, maya):
    with app.app_context(), tenant_scope("acme"):
        Skill.update(active=False).where(Skill.name == "Social media").execute()
    assert "Social media" not in maya.get("/t/acme/onboarding/skills").get_data(as_text=True)


def test_admins_have_no_participant_onboarding(admin):
    assert admin.get("/t/acme/onboarding/role").status_code == 403


@pytest.mark.parametrize("path", ["/t/other/onboarding", "/t/other/onboarding/role", "/t/other/training",
                                  "/t/other/profile"])
def test_another_tenants_onboarding_is_out_of_reach(app, maya, path):
    response = maya.get(path)
    assert response.status_code == 302 and response.headers["Location"].startswith("/t/other/login")
    posted = post_form(maya, "/t/acme/onboarding/role", {"job_level": "2", "job_title": "Intruder"}, path)
    assert posted.status_code in (302, 405)
    with app.app_context(), tenant_scope("other"):
        assert {u.job_title for u in User.select()} == {""}
