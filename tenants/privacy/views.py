"""Personal data pages: the programme manager corrects, downloads or erases a participant's data;
every participant downloads their own."""
import json

from flask import Blueprint, flash, redirect, url_for
from flask_login import current_user

from tenants.access import admins_only, participants_only
from tenants.audit import record
from tenants.people.views import participant
from tenants.privacy.correction import correct
from tenants.privacy.download import everything_about
from tenants.privacy.erasure import erase
from tenants.privacy.forms import CorrectionForm, ErasureForm
from tenants.rendering import render

bp = Blueprint("privacy", __name__)
PERSON = "/admin/people/<int:person_id>"


def as_json(data, filename):
    body = json.dumps(data, ensure_ascii=False, indent=2, default=str)
    return body, 200, {"Content-Type": "application/json; charset=utf-8",
                       "Content-Disposition": f"attachment; filename={filename}", "Cache-Control": "no-store"}


@bp.route("/my-data.json")
@participants_only
def my_data():
    record(current_user.email, "downloaded their data")
    return as_json(everything_about(current_user), "my-mentorup-data.json")


@bp.route(PERSON + "/data.json")
@admins_only
def their_data(person_id):
    person = participant(person_id)
    record(current_user.email, "downloaded a person's data", detail=f"person #{person.id}")
    return as_json(everything_about(person), f"person-{person.id}-data.json")


@bp.route(PERSON + "/correct", methods=["GET", "POST"])
@admins_only
def correction(person_id):
    person = participant(person_id)
    form = CorrectionForm(data={"name": person.name, "email": person.email})
    form.person = person
    if form.validate_on_submit():
        name, email = form.name.data, form.email.data
        changed = correct(person, name, email, current_user.email)
        flash(f"Corrected the {' and '.join(changed)} of {name}." if changed else "Nothing was changed.", "success")
        return redirect(url_for("people.edit", person_id=person.id))
    return render("privacy/correct.html", person=person, form=form, status=422 if form.errors else 200)


@bp.route(PERSON + "/erase", methods=["GET", "POST"])
@admins_only
def erasure(person_id):
    person = participant(person_id)
    form = ErasureForm()
    form.person = person
    if form.validate_on_submit():
        kept = erase(person, current_user.email)
        flash(f"The person's data is erased; {kept} {'pairing stays' if kept == 1 else 'pairings stay'} "
              "as anonymised history.", "success")
        return redirect(url_for("people.dashboard"))
    return render("privacy/erase.html", person=person, form=form, status=422 if form.errors else 200)
