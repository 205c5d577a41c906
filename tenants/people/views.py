"""The tenant admin's people page: the onboarding funnel, the participant list, invitations."""
import peewee
from flask import Blueprint, abort, flash, redirect, request, url_for
from flask_login import current_user

from tenants.access import admins_only
from tenants.audit import record
from tenants.csv_export import to_csv
from tenants.emails import is_email
from tenants.pages import page_of
from tenants.people import invitations
from tenants.people.models import FUNNEL, ROLES, User, find_user, manager_loop, participants, with_status
from tenants.people.seats import SeatLimitReached
from tenants.program.models import Cohort
from tenants.rendering import render

bp = Blueprint("people", __name__, url_prefix="/admin/people")
FILTERS = ("status", "role", "department", "cohort")
STATUSES = ("not invited", "invited", "revoked", "accepted", "profile complete", "trained")


def filtered(args):
    """The participants the list's filters choose, by name."""
    people = participants().order_by(User.name, User.id)
    if args.get("status") in STATUSES:
        people = people.where(with_status(args["status"]))
    if args.get("role") in ("mentor", "mentee"):
        people = people.where(User.role == args["role"])
    if args.get("department"):
        people = people.where(User.department == args["department"])
    if args.get("cohort", "").isdigit():
        people = people.where(User.cohort == int(args["cohort"]))
    return people


def dashboard_page(errors=None, form=None, status=200):
    chosen = {name: request.args.get(name, "") for name in FILTERS}
    departments = participants().select(User.department).where(User.department != "").distinct()
    total = participants().count()
    return render("people/dashboard.html", "people/_list.html", errors=errors or {}, form=form or {},
                  funnel=invitations.funnel(), stages=FUNNEL, total=total, chosen=chosen,
                  people=page_of(filtered(chosen), request.args.get("page", 1, type=int),
                                 total=None if any(chosen.values()) else total), roles=ROLES,
                  cohorts=list(Cohort.select()), departments=sorted(d.department for d in departments),
                  stalled=invitations.stalled_people().count(), status=status)


@bp.route("")
@admins_only
def dashboard():
    return dashboard_page()


def person_errors(form, person=None):
    """Field errors for the invite and edit forms; also resolves manager and cohort."""
    errors, found = {}, {}
    if person is None:
        name, email = form.get("name", "").strip(), form.get("email", "").strip().lower()
        if not 0 < len(name) <= 120:
            errors["name"] = "Enter their name (up to 120 characters)."
        if not is_email(email):
            errors["email"] = "Enter an email address like name@example.com."
        elif find_user(email):
            errors["email"] = "Someone with this email is already in the programme."
    if form.get("role") not in ("mentor", "mentee"):
        errors["role"] = "Choose mentor (the junior partner) or mentee (the senior partner)."
    if len(form.get("department", "").strip()) > 120:
        errors["department"] = "Keep it under 120 characters."
    manager_email = form.get("manager_email", "").strip().lower()
    if manager_email:
        manager = find_user(manager_email)
        if not is_email(manager_email):
            errors["manager_email"] = "Enter the manager's email address."
        elif person is not None and manager is not None and manager_loop(person, manager):
            errors["manager_email"] = "That would make a management loop: " + " → ".join(manager_loop(person, manager)) + "."
        elif person is not None and manager_email == person.email:
            errors["manager_email"] = "Nobody can be their own manager."
        found["manager"] = manager
    cohort = form.get("cohort", "")
    if cohort and not (cohort.isdigit() and Cohort.get_or_none(Cohort.id == int(cohort))):
        errors["cohort"] = "Choose one of the cohorts."
    found["cohort"] = int(cohort) if cohort.isdigit() else None
    return errors, found


def apply(person, form, found):
    person.role, person.department = form["role"], form.get("department", "").strip()
    person.manager = found.get("manager")
    person.manager_email = "" if person.manager else form.get("manager_email", "").strip().lower()
    person.cohort = found["cohort"]


@bp.route("/invite", methods=["POST"])
@admins_only
def invite():
    errors, found = person_errors(request.form)
    if errors:
        return dashboard_page(errors, request.form, status=422)
    person = User(name=request.form["name"].strip(), email=request.form["email"].strip().lower())
    apply(person, request.form, found)
    try:
        invitations.invite(person, current_user.email)
    except peewee.IntegrityError:  # the same invitation, submitted twice at once
        return dashboard_page({"email": "Someone with this email is already in the programme."},
                              request.form, status=409)
    except SeatLimitReached as full:
        return dashboard_page({"seats": str(full)}, request.form, status=422)
    flash(f"Invitation sent to {person.name}.", "success")
    return redirect(url_for("people.dashboard"))


def participant(person_id):
    return participants().where(User.id == person_id).first() or abort(404)


@bp.route("/<int:person_id>", methods=["GET", "POST"])
@admins_only
def edit(person_id):
    person = participant(person_id)
    errors, form = {}, {}
    if request.method == "POST":
        errors, found = person_errors(request.form, person)
        if not errors:
            before = (person.role, person.department, person.manager_id, person.manager_email, person.cohort_id)
            apply(person, request.form, found)
            person.save()
            record(current_user.email, "changed participant",
                   detail=f"{person.email}: {before} → {(person.role, person.department, person.manager_id, person.manager_email, person.cohort_id)}")
            flash(f"Saved {person.name}.", "success")
            return redirect(url_for("people.dashboard"))
        form = request.form
    return render("people/edit.html", person=person, errors=errors, form=form, roles=ROLES,
                  cohorts=list(Cohort.select()), status=422 if errors else 200)


@bp.route("/<int:person_id>/<any(resend, revoke):action>", methods=["POST"])
@admins_only
def invitation(person_id, action):
    person = participant(person_id)
    if person.accepted or person.password_hash:
        flash(f"{person.name} has already accepted.", "info")
    elif action == "resend":
        try:
            invitations.invite(person, current_user.email)
        except SeatLimitReached as full:
            return dashboard_page({"seats": str(full)}, status=422)
        flash(f"A new invitation is on its way to {person.email}.", "success")
    else:
        invitations.revoke(person, current_user.email)
        flash(f"{person.name}'s invitation is withdrawn: the link no longer works.", "info")
    return redirect(url_for("people.dashboard"))


@bp.route("/reminders", methods=["POST"])
@admins_only
def remind():
    count = invitations.remind_stalled(actor=current_user.email)
    flash(f"Reminders sent to {count} {'person' if count == 1 else 'people'}." if count else "Nobody has stalled.", "info")
    return redirect(url_for("people.dashboard"))


@bp.route("/export.csv")
@admins_only
def export():
    columns = ["name", "email", "role", "status", "department", "job_title", "job_level", "manager_email", "cohort"]
    rows = [{"name": p.name, "email": p.email, "role": p.role, "status": p.status, "department": p.department,
             "job_title": p.job_title, "job_level": p.job_level or "",
             "manager_email": p.manager.email if p.manager else p.manager_email,
             "cohort": p.cohort.name if p.cohort else ""} for p in filtered(request.args)]
    return to_csv(columns, rows), 200, {"Content-Type": "text/csv; charset=utf-8",
                                        "Content-Disposition": "attachment; filename=participants.csv"}


from tenants.people import import_views  # noqa: E402,F401  (its routes join this blueprint)
