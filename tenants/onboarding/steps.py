"""The participant's onboarding steps. Each step has a form (tenants.onboarding.forms), filled
from what was saved before, and saves what its valid form holds. Steps are saved one at a time,
so onboarding can be left and resumed."""
from dataclasses import dataclass
from typing import Callable

from tenants.audit import record
from tenants.goals.models import set_goals
from tenants.models import now
from tenants.onboarding import forms
from tenants.onboarding.models import (
    DIVERSITY_QUESTIONS,
    PREFER_NOT,
    SELF_DESCRIPTION,
    VALUES_QUESTIONS,
    WANTS_TO_LEARN,
    AvailabilityWindow,
    ProfileSkill,
    profile_of,
)
from tenants.people.models import User
from tenants.program.models import active_questions, active_skills, current_program


@dataclass
class Step:
    name: str
    title: str
    form: Callable  # user -> the step's form, holding what was posted or else what was saved
    save: Callable  # (user, valid form) -> None
    applies: Callable = lambda user: True


def role_form(user):
    form = forms.RoleForm(data={"job_level": user.job_level, "job_title": user.job_title})
    form.offer_levels_for(user)
    return form


def save_role(user, form):
    user.job_level, user.job_title = form.job_level.data, form.job_title.data
    user.save()


def reporting_form(user):
    manager = user.manager if user.manager and not user.manager.erased else None
    form = forms.ReportingForm(data={"department": user.department,
                                     "manager": manager.name if manager else user.manager_email})
    form.user = user
    return form


def save_reporting(user, form):
    user.department, (user.manager, user.manager_email) = form.department.data, form.found
    user.save()


def skills_form(user):
    saved = {f"{s.direction}-{s.skill_id}": s.level if s.direction == "teach" else True for s in user.skills}
    return forms.skills_form(list(active_skills()))(data=saved)


def save_skills(user, form):
    rows = [{"user": user.id, "skill": skill.id, "direction": "teach", "level": form[f"teach-{skill.id}"].data}
            for skill in active_skills() if form[f"teach-{skill.id}"].data]
    rows += [{"user": user.id, "skill": skill.id, "direction": "learn", "level": WANTS_TO_LEARN}
             for skill in active_skills() if form[f"learn-{skill.id}"].data]
    ProfileSkill.delete().where(ProfileSkill.user == user).execute()
    ProfileSkill.insert_many(rows).execute()


def goals_form(user):
    return forms.GoalsForm(data={"goal": [g.text for g in user.goals]})


def save_goals(user, form):
    set_goals(user, form.goals())


def availability_form(user):
    return forms.AvailabilityForm(data={
        "timezone": profile_of(user).timezone,
        "windows": [{"weekday": w.weekday, "start": w.start, "end": w.end} for w in user.availability]})


def save_availability(user, form):
    profile = profile_of(user)
    profile.timezone = form.timezone.data
    profile.save()
    AvailabilityWindow.delete().where(AvailabilityWindow.user == user).execute()
    AvailabilityWindow.insert_many([{"user": user.id, "weekday": d, "start": s, "end": e}
                                    for d, s, e in form.chosen()]).execute()


def languages_form(user):
    return forms.LanguagesForm(data={"language": profile_of(user).language_codes})


def save_languages(user, form):
    profile = profile_of(user)
    profile.languages = ",".join(form.language.data)
    profile.save()


def values_form(user):
    return forms.ValuesForm(data=profile_of(user).read("values"))


def save_values(user, form):
    profile = profile_of(user)
    profile.write("values", {key: form[key].data for key in VALUES_QUESTIONS})
    profile.save()


def diversity_form(user):
    profile = profile_of(user)
    saved = profile.read("diversity")
    return forms.DiversityForm(data={**{key: saved.get(key, PREFER_NOT) for key in DIVERSITY_QUESTIONS},
                                     "consent": profile.diversity_consent,
                                     "self_described": saved.get(SELF_DESCRIPTION, "")})


def save_diversity(user, form):
    profile = profile_of(user)
    profile.diversity_consent = form.consent.data
    profile.write("diversity", form.answers())
    profile.save()


def questions_form(user):
    saved = profile_of(user).read("answers")
    questions = list(active_questions())
    return forms.questions_form(questions)(data={f"q{q.id}": saved[str(q.id)] for q in questions
                                                 if saved.get(str(q.id)) not in (None, "", [])})


def save_questions(user, form):
    profile = profile_of(user)
    empty = {"multiple_choice": [], "scale": None}
    profile.write("answers", {str(q.id): form[f"q{q.id}"].data or empty.get(q.kind, "") for q in active_questions()})
    profile.save()


STEPS = [
    Step("role", "Your role", role_form, save_role),
    Step("reporting", "Team and manager", reporting_form, save_reporting),
    Step("skills", "Skills", skills_form, save_skills),
    Step("goals", "Learning goals", goals_form, save_goals),
    Step("availability", "Availability", availability_form, save_availability),
    Step("languages", "Languages", languages_form, save_languages),
    Step("values", "How you like to work", values_form, save_values),
    Step("diversity", "About you (optional)", diversity_form, save_diversity,
         lambda user: current_program().ask_diversity),
    Step("questions", "A few more questions", questions_form, save_questions,
         lambda user: active_questions().exists()),
]


def steps_for(user):
    return [step for step in STEPS if step.applies(user)]


def step_named(user, name):
    return next((step for step in steps_for(user) if step.name == name), None)


def steps_done(user):
    return set(profile_of(user).read("steps_done"))


def save_step(user, step, form):
    """Save one step's valid form; when the last open step is saved, the profile is complete."""
    step.save(user, form)
    profile = profile_of(user)
    done = set(profile.read("steps_done")) | {step.name}
    profile.write("steps_done", sorted(done))
    profile.save()
    if user.profile_completed is None and all(s.name in done for s in steps_for(user)):
        User.update(profile_completed=now()).where(User.id == user.id).execute()
        user.profile_completed = now()
        record(user.email, "completed profile")


def next_step(user, after=None):
    """The step to show next: the first one not done (after `after`, if given)."""
    steps, done = steps_for(user), steps_done(user)
    names = [s.name for s in steps]
    start = names.index(after) + 1 if after in names else 0
    for step in steps[start:] + steps[:start]:
        if step.name not in done:
            return step
    return None
