"""The participant's profile stepper: every step saves, explains bad input, and resumes."""
import pytest

from saas.tenancy import tenant_scope
from tenants.goals.models import Goal
from tenants.onboarding.models import WANTS_TO_LEARN, AvailabilityWindow, ProfileSkill, profile_of
from tenants.people.models import User
from tenants.program.models import Program, Skill
from tests.factories import post_form


def window(row, day, start, end):
    return {f"windows-{row}-weekday": day, f"windows-{row}-start": start, f"windows-{row}-end": end}


GOOD = {
    "role": {"job_level": "2", "job_title": "Graduate Analyst"},
    "reporting": {"department": "Digital", "manager": "robert@acme.example"},
    "skills": {"teach-3": "4", "teach-1": "5", "learn-15": "yes"},
    "goals": {"goal-0": "Learn how executives decide", "goal-1": "Present to a board"},
    "availability": {"timezone": "Europe/London", **window(0, "1", "09:00", "10:30"), **window(1, "3", "14:00", "15:00")},
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
            {(3, "teach", 4), (1, "teach", 5), (15, "learn", WANTS_TO_LEARN)}
        assert [g.text for g in Goal.select().order_by(Goal.id)] == ["Learn how executives decide", "Present to a board"]
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
    ("goals", {"goal-0": "", "goal-1": "  "}, "goal", "at least one"),
    ("goals", {"goal-0": "x" * 600}, "goal", "under 500"),
    ("availability", {"timezone": "Mars/Olympus", **window(0, "1", "09:00", "10:00")}, "timezone", "time zone"),
    ("availability", {"timezone": "UTC", **window(0, "1", "11:00", "10:00")}, "windows", "ends before it starts"),
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


# What a participant tripped over (issue 11, item 16).

def test_the_skills_step_is_a_grid_of_radios_and_learning_is_yes_or_no(maya):
    page = maya.get("/t/acme/onboarding/skills").get_data(as_text=True)
    assert "<select" not in page
    assert 'type="radio" name="teach-3" value="4"' in page or 'name="teach-3" type="radio" value="4"' in page
    assert 'name="learn-3"' in page and 'type="checkbox"' in page and 'value="yes"' in page
    assert "learn-3-0" not in page  # one box to tick, no levels of wanting


@pytest.mark.parametrize("windows, message", [
    (window(0, "1", "09:00", "09:10"), "too short to meet"),
    ({**window(0, "1", "09:00", "10:30"), **window(1, "1", "10:00", "11:00")}, "overlap on Tuesday"),
    (window(0, "²", "09:00", "10:00"), "Give each window a day"),
])
def test_short_overlapping_or_garbled_windows_are_refused(app, maya, windows, message):
    response = step(maya, "availability", {"timezone": "UTC", **windows})
    assert response.status_code == 422 and 'id="windows-error"' in response.get_data(as_text=True)
    assert message in response.get_data(as_text=True)
    with app.app_context(), tenant_scope("acme"):
        assert AvailabilityWindow.select().count() == 0


@pytest.mark.parametrize("zone", ["Europe/Zurich", "Asia/Hong_Kong", "America/Argentina/Buenos_Aires"])
def test_every_iana_time_zone_is_offered_and_accepted(app, maya, zone):
    assert f'value="{zone}"' in maya.get("/t/acme/onboarding/availability").get_data(as_text=True)
    assert step(maya, "availability", {"timezone": zone, **window(0, "0", "08:00", "09:00")}).status_code == 302
    with app.app_context(), tenant_scope("acme"):
        assert profile_of(user(app)).timezone == zone


@pytest.mark.parametrize("level", ["²", "٣", "99999999999999999999", " "])
def test_a_job_level_in_other_digits_is_refused_next_to_the_field(app, maya, level):
    before = user(app).job_level
    response = step(maya, "role", {"job_level": level})
    assert response.status_code == 422 and 'id="job_level-error"' in response.get_data(as_text=True)
    with app.app_context(), tenant_scope("acme"):
        assert user(app).job_level == before and "role" not in profile_of(user(app)).read("steps_done")


def test_a_self_described_gender_has_its_own_words_kept_apart_from_pairing(app, maya):
    from tenants.pairing.board import compared_diversity
    with app.app_context(), tenant_scope("acme"):
        Program.create(name="Acme RM", ask_diversity=True)
    assert 'name="self_described"' in maya.get("/t/acme/onboarding/diversity").get_data(as_text=True)
    assert step(maya, "diversity", {"consent": "yes", "gender": "Self-described",
                                    "self_described": "Genderfluid"}).status_code == 302
    with app.app_context(), tenant_scope("acme"):
        profile = profile_of(user(app))
        assert profile.read("diversity")["self_described"] == "Genderfluid"
        assert compared_diversity(profile)["gender"] == "Self-described"
        assert "self_described" not in compared_diversity(profile)
    assert 'value="Genderfluid"' in maya.get("/t/acme/onboarding/diversity").get_data(as_text=True)


def test_my_profile_shows_the_work_style_and_the_custom_answers(app, maya):
    from tenants.program.models import ProfileQuestion
    with app.app_context(), tenant_scope("acme"):
        question = ProfileQuestion.create(text="Which office?", kind="single_choice", options='["Lagos", "Lima"]')
    assert step(maya, "values", {**GOOD["values"], "pace": "5"}).status_code == 302
    assert step(maya, "questions", {f"q{question.id}": "Lima"}).status_code == 302
    page = maya.get("/t/acme/profile").get_data(as_text=True)
    assert "I like to move fast and adjust as I go." in page and "5 of 5" in page
    assert "Which office?" in page and "Lima" in page
