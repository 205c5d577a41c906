"""The tenant admin's people page: the onboarding funnel, the participant list, invitations."""
import peewee
from flask import Blueprint, abort, flash, redirect, request, url_for
from flask_login import current_user

from tenants.access import admins_only
from tenants.audit import record
from tenants.csv_export import to_csv
from tenants.forms import number_in
from tenants.onboarding.models import LANGUAGES, LEVELS, Profile
from tenants.pages import page_asked, page_of
from tenants.pairing.models import Pairing, active_pairings
from tenants.people import invitations
from tenants.people.forms import InviteForm, PersonForm, of
from tenants.people.models import FUNNEL, ROLES, User, departments, participants, with_status
from tenants.people.seats import SeatLimitReached
from tenants.program.models import cohorts
from tenants.rendering import confirm_first, render
from tenants.words import plural

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
    if number_in(args.get("cohort", "")) is not None:
        people = people.where(User.cohort == number_in(args["cohort"]))
    return people


def dashboard_page(form=None, status=200):
    chosen = {name: request.args.get(name, "") for name in FILTERS}
    counted = invitations.headcount()
    total = counted["total"]
    return render("people/dashboard.html", "people/_list.html", form=form or InviteForm(formdata=None),
                  funnel=counted["funnel"], stages=FUNNEL, total=total, chosen=chosen,
                  people=page_of(filtered(chosen), page_asked(request.args),
                                 total=None if any(chosen.values()) else total), roles=ROLES,
                  cohorts=cohorts(), departments=departments(),
                  stalled=counted["stalled"], status=status)


@bp.route("")
@admins_only
def dashboard():
    return dashboard_page()


@bp.route("/invite", methods=["POST"])
@admins_only
def invite():
    form = InviteForm()
    if not form.validate():
        return dashboard_page(form, status=422)
    person = User(name=form.name.data, email=form.email.data)
    form.apply_to(person)
    try:
        invitations.invite(person, current_user.email)
    except peewee.IntegrityError:  # the same invitation, submitted twice at once
        form.email.errors.append("Someone with this email is already in the programme.")
        return dashboard_page(form, status=409)
    except SeatLimitReached as full:
        form.form_errors.append(str(full))
        return dashboard_page(form, status=422)
    flash(f"Invitation sent to {person.name}.", "success")
    return redirect(url_for("people.dashboard"))


def participant(person_id):
    return participants().where(User.id == person_id).first() or abort(404)


def described(person):
    return (person.role, person.department, person.manager_id, person.manager_email, person.cohort_id)


@bp.route("/<int:person_id>", methods=["GET", "POST"])
@admins_only
def edit(person_id):
    person = participant(person_id)
    form = PersonForm(data=of(person), person=person)
    if form.validate_on_submit():
        before = described(person)
        form.apply_to(person)
        person.save()
        record(current_user.email, "changed participant", detail=f"{person.email}: {before} → {described(person)}")
        flash(f"Saved {person.name}.", "success")
        return redirect(url_for("people.dashboard"))
    return render("people/edit.html", person=person, form=form, status=422 if form.errors else 200, **about(person))


def about(person):
    """What the person page shows beside the form: their partner, progress and profile."""
    return dict(pairings=list(active_pairings().where((Pairing.mentor == person.id) | (Pairing.mentee == person.id))),
                profile=Profile.get_or_none(Profile.user == person), levels=LEVELS, languages=LANGUAGES)


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
            form = InviteForm(formdata=None)
            form.form_errors.append(str(full))
            return dashboard_page(form, status=422)
        flash(f"A new invitation is on its way to {person.email}.", "success")
    elif asked := confirm_first(f"Revoke {person.name}'s invitation?",
                            f"The link sent to {person.email} stops working at once, and {person.name} cannot sign in "
                            "or reset a password until invited again.", "Revoke the invitation",
                            url_for("people.dashboard")):
        return asked
    else:
        invitations.revoke(person, current_user.email)
        flash(f"{person.name}'s invitation is withdrawn: the link no longer works.", "info")
    return redirect(url_for("people.dashboard"))


@bp.route("/reminders", methods=["POST"])
@admins_only
def remind():
    count = invitations.remind_stalled(actor=current_user.email)
    flash(f"Reminders sent to {plural(count, 'person', 'people')}." if count else "Nobody has stalled.", "info")
    lately = [f"{user.name} (on {user.reminded:%-d %b})" for user in invitations.reminded_lately()]
    if lately:
        flash(f"Reminded in the last week, so not again yet: {', '.join(lately)}.", "info")
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
