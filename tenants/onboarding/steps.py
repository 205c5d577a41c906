"""The participant's onboarding steps. Each step reads its form, says what is wrong field
by field, or saves and returns no errors. Steps are saved one at a time, so onboarding
can be left and resumed."""
import re
import zoneinfo
from dataclasses import dataclass
from typing import Callable

from peewee import fn

from tenants.audit import record
from tenants.goals.models import MAX_GOALS, set_goals
from tenants.goals.models import MAX_TEXT as MAX_GOAL
from tenants.models import now
from tenants.onboarding.models import (
    DIVERSITY_QUESTIONS,
    LANGUAGES,
    LEVELS,
    PREFER_NOT,
    VALUES_QUESTIONS,
    AvailabilityWindow,
    ProfileSkill,
    profile_of,
)
from tenants.people.models import JOB_LEVELS, User, find_user, manager_loop
from tenants.program.models import active_questions, active_skills, current_program

SEARCH_LETTERS = 3  # the manager search offers names only once this many letters are typed
TIME = re.compile(r"^([01]\d|2[0-3]):[0-5]\d$")
MAX_TEXT = 120
COMMON_TIMEZONES = ["Europe/London", "Europe/Dublin", "Europe/Lisbon", "Europe/Paris", "Europe/Berlin",
                    "Europe/Madrid", "Europe/Rome", "Europe/Amsterdam", "Europe/Stockholm", "Europe/Warsaw",
                    "Europe/Athens", "Europe/Istanbul", "Africa/Lagos", "Africa/Nairobi", "Africa/Johannesburg",
                    "Asia/Dubai", "Asia/Kolkata", "Asia/Singapore", "Asia/Shanghai", "Asia/Tokyo",
                    "Australia/Sydney", "Pacific/Auckland", "America/Sao_Paulo", "America/New_York",
                    "America/Chicago", "America/Denver", "America/Los_Angeles", "America/Toronto",
                    "America/Mexico_City", "UTC"]


@dataclass
class Step:
    name: str
    title: str
    save: Callable  # (user, form) -> dict of field -> message; empty when saved
    applies: Callable = lambda user: True


def text(form, field, limit=MAX_TEXT):
    return (form.get(field) or "").strip()[:limit * 4]


def save_role(user, form):
    errors = {}
    level, title = form.get("job_level", ""), text(form, "job_title")
    if not level.isdigit() or int(level) not in JOB_LEVELS:
        errors["job_level"] = "Choose your job level."
    elif user.role == "mentor" and int(level) > 5:
        errors["job_level"] = "Mentors in reverse mentoring are the more junior partner: choose level 5 or below."
    if len(title) > MAX_TEXT:
        errors["job_title"] = f"Keep it under {MAX_TEXT} characters."
    if not errors:
        user.job_level, user.job_title = int(level), title
        user.save()
    return errors


def save_reporting(user, form):
    errors = {}
    department = text(form, "department")
    if not department:
        errors["department"] = "Tell us your department or team."
    elif len(department) > MAX_TEXT:
        errors["department"] = f"Keep it under {MAX_TEXT} characters."
    manager, manager_email, problem = manager_named(user, form)
    if problem:
        errors["manager"] = problem
    elif manager:
        loop = manager_loop(user, manager)
        if loop:
            errors["manager"] = ("That would make a management loop: " + " → ".join(loop) +
                                 ". Check who reports to whom.")
    if not errors:
        user.department, user.manager, user.manager_email = department, manager, manager_email
        user.save()
    return errors


def manager_named(user, form):
    """(colleague on MentorUp, email of a manager who is not, problem) from the reporting step.

    A colleague is picked from the search's suggestions (`manager_id`), or typed: their exact
    name (the page works without JavaScript) or an email address, which may be anyone's."""
    typed = text(form, "manager")
    if not typed:  # an empty field: no manager, whatever was ticked
        return None, "", None
    if not typed.isprintable():  # a control character (NUL, say) is no part of a name or an address
        return None, "", "Type your manager's name or email address, without special characters."
    manager = picked(user, form)
    if manager:
        return manager, "", None
    if "@" in typed:
        email = typed.lower()
        if not re.fullmatch(r"[^@\s]+@[^@\s]+\.[^@\s]+", email) or len(email) > 254:
            return None, "", "Enter your manager's email address, like name@example.com."
        if email == user.email:
            return None, "", "You cannot be your own manager."
        manager = find_user(email)
        return manager, "" if manager else email, None
    named = list(colleagues(user).where(fn.LOWER(User.name) == typed.lower()).limit(2))
    if len(named) == 1:
        return named[0], "", None
    if named:
        return None, "", f"More than one person is called {typed}: type your manager's email address instead."
    return None, "", (f"Nobody on MentorUp is called {typed}. Choose one of the names offered as you type, "
                      "or type your manager's email address.")


def picked(user, form):
    """The colleague ticked among the search's suggestions, if any."""
    chosen = form.get("manager_id", "")
    return colleagues(user).where(User.id == int(chosen)).first() if chosen.isdecimal() and len(chosen) < 10 else None


def colleagues(user):
    """The people `user` may name as their manager: everyone else still in the programme."""
    return User.select().where(User.id != user.id, User.invitation_revoked.is_null(), User.erased.is_null())


def managers_like(user, typed, limit=5):
    """A few colleagues whose name contains `typed` (names only are shown, never emails)."""
    typed = typed.strip()
    if len(typed) < SEARCH_LETTERS or not typed.isprintable():
        return []
    # contains() is ILIKE with wildcards escaped: a typed % or _ matches itself
    return list(colleagues(user).where(User.name.contains(typed)).order_by(User.name).limit(limit))


def save_skills(user, form):
    chosen = {}
    for skill in active_skills():
        for direction in ("teach", "learn"):
            level = form.get(f"{direction}-{skill.id}", "0")
            if level.isdigit() and int(level) in LEVELS:
                chosen[(skill.id, direction)] = int(level)
    errors = {}
    if not any(direction == "teach" for _, direction in chosen):
        errors["teach"] = "Choose at least one topic you can teach."
    if not any(direction == "learn" for _, direction in chosen):
        errors["learn"] = "Choose at least one topic you want to learn."
    if not errors:
        ProfileSkill.delete().where(ProfileSkill.user == user).execute()
        ProfileSkill.insert_many([{"user": user.id, "skill": skill, "direction": direction, "level": level}
                                  for (skill, direction), level in chosen.items()]).execute()
    return errors


def save_goals(user, form):
    goals = list(dict.fromkeys(g.strip() for g in form.getlist("goal") if g.strip()))[:MAX_GOALS]
    if not goals:
        return {"goal": "Write at least one thing you want to learn or achieve."}
    if any(len(g) > MAX_GOAL for g in goals):
        return {"goal": f"Keep each goal under {MAX_GOAL} characters."}
    set_goals(user, goals)
    return {}


def save_availability(user, form):
    errors, windows = {}, []
    timezone = text(form, "timezone")
    if timezone not in zoneinfo.available_timezones():
        errors["timezone"] = "Choose your time zone from the list."
    for day, start, end in zip(form.getlist("weekday"), form.getlist("start"), form.getlist("end")):
        if not (day or start or end):
            continue
        if not day.isdigit() or int(day) > 6 or not TIME.match(start) or not TIME.match(end):
            errors["windows"] = "Give each window a day, a start and an end time (HH:MM)."
        elif end <= start:
            errors["windows"] = f"A window ends before it starts ({start}–{end})."
        else:
            windows.append((int(day), start, end))
    if not windows and "windows" not in errors:
        errors["windows"] = "Add at least one time in the week when you could meet."
    if not errors:
        profile = profile_of(user)
        profile.timezone = timezone
        profile.save()
        AvailabilityWindow.delete().where(AvailabilityWindow.user == user).execute()
        AvailabilityWindow.insert_many([{"user": user.id, "weekday": d, "start": s, "end": e}
                                        for d, s, e in windows[:14]]).execute()
    return errors


def save_languages(user, form):
    codes = [code for code in form.getlist("language") if code in LANGUAGES]
    if not codes:
        return {"language": "Choose at least one language you can mentor in."}
    profile = profile_of(user)
    profile.languages = ",".join(codes)
    profile.save()
    return {}


def save_values(user, form):
    answers = {key: int(form[key]) for key in VALUES_QUESTIONS if form.get(key, "") in ("1", "2", "3", "4", "5")}
    missing = [key for key in VALUES_QUESTIONS if key not in answers]
    if missing:
        return {key: "Choose an answer from 1 to 5." for key in missing}
    profile = profile_of(user)
    profile.write("values", answers)
    profile.save()
    return {}


def save_diversity(user, form):
    profile = profile_of(user)
    consent = form.get("consent") == "yes"
    answers = {}
    if consent:
        for key, (_, options) in DIVERSITY_QUESTIONS.items():
            value = form.get(key, PREFER_NOT)
            answers[key] = value if value in options else PREFER_NOT
    profile.diversity_consent = consent
    profile.write("diversity", answers)
    profile.save()
    return {}


def save_questions(user, form):
    errors, answers = {}, {}
    for question in active_questions():
        key = f"q{question.id}"
        if question.kind == "multiple_choice":
            value = [v for v in form.getlist(key) if v in question.choices]
        elif question.kind == "single_choice":
            value = form.get(key, "") if form.get(key, "") in question.choices else ""
        elif question.kind == "scale":
            value = int(form[key]) if form.get(key, "") in ("1", "2", "3", "4", "5") else None
        else:
            value = text(form, key, 500)
            if len(value) > 500:
                errors[key] = "Keep it under 500 characters."
        if question.required and value in ("", None, []):
            errors[key] = "Please answer this question."
        answers[str(question.id)] = value
    if not errors:
        profile = profile_of(user)
        profile.write("answers", answers)
        profile.save()
    return errors


STEPS = [
    Step("role", "Your role", save_role),
    Step("reporting", "Team and manager", save_reporting),
    Step("skills", "Skills", save_skills),
    Step("goals", "Learning goals", save_goals),
    Step("availability", "Availability", save_availability),
    Step("languages", "Languages", save_languages),
    Step("values", "How you like to work", save_values),
    Step("diversity", "About you (optional)", save_diversity, lambda user: current_program().ask_diversity),
    Step("questions", "A few more questions", save_questions, lambda user: active_questions().exists()),
]


def steps_for(user):
    return [step for step in STEPS if step.applies(user)]


def step_named(user, name):
    return next((step for step in steps_for(user) if step.name == name), None)


def steps_done(user):
    return set(profile_of(user).read("steps_done"))


def save_step(user, step, form):
    """Save one step; when the last open step is saved, the profile is complete."""
    errors = step.save(user, form)
    if errors:
        return errors
    profile = profile_of(user)
    done = set(profile.read("steps_done")) | {step.name}
    profile.write("steps_done", sorted(done))
    profile.save()
    if user.profile_completed is None and all(s.name in done for s in steps_for(user)):
        User.update(profile_completed=now()).where(User.id == user.id).execute()
        user.profile_completed = now()
        record(user.email, "completed profile")
    return {}


def next_step(user, after=None):
    """The step to show next: the first one not done (after `after`, if given)."""
    steps, done = steps_for(user), steps_done(user)
    names = [s.name for s in steps]
    start = names.index(after) + 1 if after in names else 0
    for step in steps[start:] + steps[:start]:
        if step.name not in done:
            return step
    return None
