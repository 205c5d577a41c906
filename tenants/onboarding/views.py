"""The participant's side of onboarding: the profile stepper, the training, the profile page."""
from flask import Blueprint, abort, redirect, request, url_for
from flask_login import current_user

from tenants.access import participants_only
from tenants.onboarding import managers, training
from tenants.onboarding import steps as stepper
from tenants.onboarding.forms import time_zones
from tenants.onboarding.models import (
    LANGUAGES,
    LEVELS,
    PREFER_NOT,
    SELF_DESCRIBED,
    VALUES_QUESTIONS,
    WEEKDAYS,
    profile_of,
)
from tenants.program.models import active_questions, active_skills, current_program
from tenants.rendering import render

bp = Blueprint("onboarding", __name__)


def step_context(user, step, form=None):
    return dict(step=step, steps=stepper.steps_for(user), done=stepper.steps_done(user), form=form,
                profile=profile_of(user), program=current_program(), skills=list(active_skills()),
                levels=LEVELS, time_zones=time_zones(), prefer_not=PREFER_NOT, self_described=SELF_DESCRIBED,
                **manager_choice(user, form))


def manager_choice(user, form):
    """The colleague shown ticked under the manager field: the one saved, or the one just picked."""
    posted = form is not None and form.is_submitted() and "manager_id" in form
    person = managers.picked(user, form.manager_id.data) if posted else user.manager
    if person and person.erased:  # their name is gone: the field starts empty
        person = None
    return {"matches": [person] if person else [], "chosen": bool(person)}


def profile_context(user):
    profile = profile_of(user)
    answers = profile.read("answers")
    return dict(profile=profile, levels=LEVELS, weekdays=WEEKDAYS, languages=LANGUAGES, goals=[g.text for g in user.goals],
                windows=list(user.availability), values=profile.read("values"), values_questions=VALUES_QUESTIONS,
                answers=[(q.text, answers.get(str(q.id))) for q in active_questions()])


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
    form = step.form(current_user)
    if form.validate_on_submit():
        stepper.save_step(current_user, step, form)
        following = stepper.next_step(current_user, after=step.name)
        if following is None:
            return redirect(url_for("onboarding.training_page" if not current_user.trained else "onboarding.profile"))
        return redirect(url_for("onboarding.step", name=following.name))
    return render("onboarding/step.html", **step_context(current_user, step, form),
                  status=422 if form.is_submitted() else 200)


@bp.route("/onboarding/managers")
@participants_only
def manager_search():
    """A few colleagues' names like the letters typed in the reporting step (htmx fragment)."""
    typed = request.args.get("manager", "")[:254]
    return render("onboarding/_manager_matches.html", matches=managers.managers_like(current_user, typed),
                  typed=typed.strip(), letters=managers.SEARCH_LETTERS, chosen=False)


@bp.route("/training", methods=["GET", "POST"])
@participants_only
def training_page():
    if current_user.profile_completed is None:  # the training comes after the profile
        return redirect(url_for("onboarding.start"))
    program = current_program()
    form = training.check_form(program.cadence_days)
    if form.validate_on_submit():
        training.pass_training(current_user)
        return redirect(url_for("home.page", _anchor="main"))
    return render("onboarding/training.html", form=form, program=program, rhythm=training.rhythm(program.cadence_days),
                  status=422 if form.errors else 200)


@bp.route("/profile")
@participants_only
def profile():
    return render("onboarding/profile.html", **profile_context(current_user))
