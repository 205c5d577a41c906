"""The tenant admin's programme settings: term and rules, skills, profile questions, cohorts."""
import datetime
import json

from flask import Blueprint, abort, flash, redirect, request, url_for
from flask_login import current_user
from peewee import fn

from tenants.access import admins_only
from tenants.audit import record
from tenants.program.models import QUESTION_KINDS, Cohort, ProfileQuestion, Skill, current_program
from tenants.rendering import render

bp = Blueprint("program", __name__, url_prefix="/admin/program")


def log(action, detail=""):
    record(current_user.email, action, detail=detail)


def settings_page(errors=None, form=None, status=200):
    return render("program/settings.html", program=current_program(), errors=errors or {}, form=form,
                  skills=Skill.select().order_by(Skill.active.desc(), Skill.position, Skill.name),
                  questions=ProfileQuestion.select().order_by(ProfileQuestion.active.desc(), ProfileQuestion.id),
                  cohorts=Cohort.select().order_by(Cohort.name), kinds=QUESTION_KINDS, status=status)


@bp.route("")
@admins_only
def settings():
    return settings_page()


def read_date(value):
    try:
        return datetime.date.fromisoformat(value) if value else None
    except ValueError:
        return "bad"


def program_errors(form):
    errors = {}
    name = form.get("name", "").strip()
    start, end = read_date(form.get("term_start", "")), read_date(form.get("term_end", ""))
    if not name or len(name) > 120:
        errors["name"] = "Give the programme a name of up to 120 characters."
    if "bad" in (start, end):
        errors["term_end" if end == "bad" else "term_start"] = "Use a date like 2027-01-31."
    elif start and end and end <= start:
        errors["term_end"] = "The term must end after it starts."
    cadence = form.get("cadence_days", "")
    if not (cadence.isascii() and cadence.isdigit()) or not 7 <= int(cadence) <= 92:
        errors["cadence_days"] = "Choose between 7 and 92 days."
    return errors, name, start, end


@bp.route("", methods=["POST"])
@admins_only
def save_settings():
    errors, name, start, end = program_errors(request.form)
    if errors:
        return settings_page(errors, request.form, status=422)
    program = current_program()
    program.name, program.term_start, program.term_end = name, start, end
    program.cadence_days = int(request.form["cadence_days"])
    program.ask_diversity = request.form.get("ask_diversity") == "yes"
    program.save()
    log("changed programme settings", f"{name}; meet every {program.cadence_days} days")
    flash("Programme settings saved.", "success")
    return redirect(url_for("program.settings"))


@bp.route("/skills", methods=["POST"])
@admins_only
def add_skill():
    name = " ".join(request.form.get("name", "").split())
    problem = None if 0 < len(name) <= 60 else "Give the skill a name of up to 60 characters."
    if not problem and Skill.select().where(fn.LOWER(Skill.name) == name.lower()).exists():
        problem = f"“{name}” is already in the catalogue."
    if problem:
        return settings_page({"skill": problem}, request.form, status=422)
    Skill.create(name=name, position=Skill.select().count())
    log("added skill", name)
    return redirect(url_for("program.settings") + "#skills")


@bp.route("/skills/<int:skill_id>/<any(retire, restore):action>", methods=["POST"])
@admins_only
def toggle_skill(skill_id, action):
    skill = Skill.get_or_none(Skill.id == skill_id) or abort(404)
    skill.active = action == "restore"
    skill.save()
    log(f"{action}d skill", skill.name)
    return redirect(url_for("program.settings") + "#skills")


@bp.route("/questions", methods=["POST"])
@admins_only
def add_question():
    text, kind = request.form.get("text", "").strip(), request.form.get("kind", "")
    options = [o.strip() for o in request.form.get("options", "").replace(",", "\n").splitlines() if o.strip()]
    errors = {}
    if not 0 < len(text) <= 200:
        errors["question_text"] = "Write the question in up to 200 characters."
    if kind not in QUESTION_KINDS:
        errors["kind"] = "Choose what kind of answer it takes."
    elif kind in ("single_choice", "multiple_choice") and not 2 <= len(options) <= 12:
        errors["options"] = "List 2 to 12 choices, one per line."
    if errors:
        return settings_page(errors, request.form, status=422)
    ProfileQuestion.create(text=text, kind=kind, required=request.form.get("required") == "yes",
                           options=json.dumps(options if "choice" in kind else [], ensure_ascii=False))
    log("added profile question", text)
    return redirect(url_for("program.settings") + "#questions")


@bp.route("/questions/<int:question_id>/retire", methods=["POST"])
@admins_only
def retire_question(question_id):
    question = ProfileQuestion.get_or_none(ProfileQuestion.id == question_id) or abort(404)
    question.active = False
    question.save()
    log("retired profile question", question.text)
    return redirect(url_for("program.settings") + "#questions")


@bp.route("/cohorts", methods=["POST"])
@admins_only
def add_cohort():
    name = " ".join(request.form.get("name", "").split())
    problem = None if 0 < len(name) <= 80 else "Give the cohort a name of up to 80 characters."
    if not problem and Cohort.select().where(fn.LOWER(Cohort.name) == name.lower()).exists():
        problem = f"There is already a cohort “{name}”."
    if problem:
        return settings_page({"cohort": problem}, request.form, status=422)
    Cohort.create(name=name)
    log("added cohort", name)
    return redirect(url_for("program.settings") + "#cohorts")
