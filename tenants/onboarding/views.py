"""The participant's side of onboarding: the profile stepper, the training, the profile page."""
from flask import Blueprint, abort, redirect, request, url_for
from flask_login import current_user

from tenants.access import participants_only
from tenants.onboarding import steps as stepper
from tenants.onboarding import training
from tenants.onboarding.models import (
    DIVERSITY_QUESTIONS,
    LANGUAGES,
    LEVELS,
    PREFER_NOT,
    VALUES_QUESTIONS,
    WEEKDAYS,
    profile_of,
)
from tenants.people.models import JOB_LEVELS
from tenants.program.models import active_questions, active_skills, current_program
from tenants.rendering import render

bp = Blueprint("onboarding", __name__)


def step_context(user, step, errors=None, form=None):
    profile = profile_of(user)
    return dict(step=step, steps=stepper.steps_for(user), done=stepper.steps_done(user), errors=errors or {},
                form=form, profile=profile, program=current_program(), job_levels=JOB_LEVELS, levels=LEVELS,
                skills=list(active_skills()), my_skills={(s.skill_id, s.direction): s.level for s in user.skills},
                goals=[g.text for g in user.goals], windows=list(user.availability), weekdays=WEEKDAYS,
                timezones=stepper.COMMON_TIMEZONES, languages=LANGUAGES, values_questions=VALUES_QUESTIONS,
                diversity_questions=DIVERSITY_QUESTIONS, prefer_not=PREFER_NOT, questions=list(active_questions()),
                **manager_choice(user, form))


def manager_choice(user, form):
    """The colleague shown ticked under the manager field: the one saved, or the one just picked."""
    person = user.manager if form is None else stepper.picked(user, form)
    if person and person.erased:  # their name is gone: the field starts empty
        person = None
    return {"matches": [person] if person else [], "chosen": bool(person)}


@bp.route("/onboarding")
@participants_only
def start():
    step = stepper.next_step(current_user)
    if step is not None:
        return redirect(url_for("onboarding.step", name=step.name))
    return redirect(url_for("onboarding.training_page" if not current_user.trained else "home.page"))


@bp.route("/onboarding/<name>", methods=["GET", "POST"])
@participants_only
def step(name):
    step = stepper.step_named(current_user, name) or abort(404)
    if request.method == "POST":
        errors = stepper.save_step(current_user, step, request.form)
        if errors:
            return render("onboarding/step.html", **step_context(current_user, step, errors, request.form),
                          status=422)
        following = stepper.next_step(current_user, after=step.name)
        if following is None:
            return redirect(url_for("onboarding.training_page" if not current_user.trained else "onboarding.profile"))
        return redirect(url_for("onboarding.step", name=following.name))
    return render("onboarding/step.html", **step_context(current_user, step))


@bp.route("/onboarding/managers")
@participants_only
def manager_search():
    """A few colleagues' names like the letters typed in the reporting step (htmx fragment)."""
    typed = request.args.get("manager", "")[:254]
    return render("onboarding/_manager_matches.html", matches=stepper.managers_like(current_user, typed),
                  typed=typed.strip(), letters=stepper.SEARCH_LETTERS, chosen=False)


@bp.route("/training", methods=["GET", "POST"])
@participants_only
def training_page():
    if current_user.profile_completed is None:  # the training comes after the profile
        return redirect(url_for("onboarding.start"))
    wrong = None
    if request.method == "POST":
        wrong = training.mistakes(request.form)
        if not wrong:
            training.pass_training(current_user)
            return redirect(url_for("home.page", _anchor="main"))
    return render("onboarding/training.html", check=training.CHECK, wrong=wrong, answers=request.form,
                  program=current_program(), status=422 if wrong else 200)


@bp.route("/profile")
@participants_only
def profile():
    return render("onboarding/profile.html", **step_context(current_user, None))
