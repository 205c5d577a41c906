"""The tenant admin's programme settings: term and rules, skills, profile questions, cohorts."""
import json

from flask import Blueprint, abort, flash, redirect, url_for
from flask_login import current_user

from tenants.access import admins_only
from tenants.audit import record
from tenants.program.forms import CohortForm, ProgramForm, QuestionForm, SkillForm
from tenants.program.models import QUESTION_KINDS, Cohort, ProfileQuestion, Skill, cohorts, current_program
from tenants.rendering import htmx, render

bp = Blueprint("program", __name__, url_prefix="/admin/program")


def log(action, detail=""):
    record(current_user.email, action, detail=detail)


def settings_page(status=200, fragment=None, **context):
    """The settings page with its forms: those in `context` (posted, with their errors) or empty ones.
    An htmx request for one section (`fragment`) gets that section alone."""
    context = {"program_form": ProgramForm(formdata=None, obj=current_program()),
               "skill_form": SkillForm(formdata=None), "cohort_form": CohortForm(formdata=None),
               "question_form": QuestionForm(formdata=None), **context}
    return render("program/settings.html", fragment, program=current_program(),
                  skills=Skill.select().order_by(Skill.active.desc(), Skill.position, Skill.name),
                  questions=ProfileQuestion.select().order_by(ProfileQuestion.active.desc(), ProfileQuestion.id),
                  cohorts=cohorts(), kinds=QUESTION_KINDS, status=status, **context)


def added(section, message):
    """Say what was added, and stay in its section: htmx swaps the section alone, and a plain form
    post comes back to the section's anchor."""
    if htmx and not htmx.boosted:
        return settings_page(fragment=f"program/_{section}.html", confirmed=message)
    flash(message, "success")
    return redirect(url_for("program.settings", _anchor=section))


@bp.route("")
@admins_only
def settings():
    return settings_page()


@bp.route("", methods=["POST"])
@admins_only
def save_settings():
    form = ProgramForm()
    if not form.validate():
        return settings_page(422, program_form=form)
    program = current_program()
    program.name, program.term_start, program.term_end = form.name.data, form.term_start.data, form.term_end.data
    program.cadence_days, program.ask_diversity = form.cadence_days.data, form.ask_diversity.data
    program.save()
    log("changed programme settings", f"{program.name}; meet every {program.cadence_days} days")
    flash("Programme settings saved.", "success")
    return redirect(url_for("program.settings"))


@bp.route("/skills", methods=["POST"])
@admins_only
def add_skill():
    form = SkillForm()
    if not form.validate():
        return settings_page(422, "program/_skills.html", skill_form=form)
    Skill.create(name=form.name.data, position=Skill.select().count())
    log("added skill", form.name.data)
    return added("skills", f"“{form.name.data}” is added to the skills catalogue.")


@bp.route("/skills/<int:skill_id>/<any(retire, restore):action>", methods=["POST"])
@admins_only
def toggle_skill(skill_id, action):
    skill = Skill.get_or_none(Skill.id == skill_id) or abort(404)
    skill.active = action == "restore"
    skill.save()
    log(f"{action}d skill", skill.name)
    return added("skills", f"“{skill.name}” is {action}d.")


@bp.route("/questions", methods=["POST"])
@admins_only
def add_question():
    form = QuestionForm()
    if not form.validate():
        return settings_page(422, "program/_questions.html", question_form=form)
    ProfileQuestion.create(text=form.text.data, kind=form.kind.data, required=form.required.data,
                           options=json.dumps(form.choices(), ensure_ascii=False))
    log("added profile question", form.text.data)
    return added("questions", f"The question “{form.text.data}” is added to every participant's profile.")


@bp.route("/questions/<int:question_id>/retire", methods=["POST"])
@admins_only
def retire_question(question_id):
    question = ProfileQuestion.get_or_none(ProfileQuestion.id == question_id) or abort(404)
    question.active = False
    question.save()
    log("retired profile question", question.text)
    return added("questions", f"The question “{question.text}” is retired.")


@bp.route("/cohorts", methods=["POST"])
@admins_only
def add_cohort():
    form = CohortForm()
    if not form.validate():
        return settings_page(422, "program/_cohorts.html", cohort_form=form)
    Cohort.create(name=form.name.data)
    log("added cohort", form.name.data)
    return added("cohorts", f"The cohort “{form.name.data}” is added.")
