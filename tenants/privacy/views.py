"""Personal data pages: the programme manager corrects, downloads or erases a participant's data;
every participant downloads their own."""
import json

from flask import Blueprint, flash, redirect, request, url_for
from flask_login import current_user

from tenants.access import admins_only, participants_only
from tenants.audit import record
from tenants.people.views import participant
from tenants.privacy.correction import correct, correction_errors
from tenants.privacy.download import everything_about
from tenants.privacy.erasure import erase
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
    person, errors, form = participant(person_id), {}, {}
    if request.method == "POST":
        form = {"name": request.form.get("name", "").strip(), "email": request.form.get("email", "").strip().lower()}
        errors = correction_errors(person, form["name"], form["email"])
        if not errors:
            changed = correct(person, form["name"], form["email"], current_user.email)
            flash(f"Corrected the {' and '.join(changed)} of {form['name']}." if changed else "Nothing was changed.",
                  "success")
            return redirect(url_for("people.edit", person_id=person.id))
    return render("privacy/correct.html", person=person, errors=errors, form=form, status=422 if errors else 200)


@bp.route(PERSON + "/erase", methods=["GET", "POST"])
@admins_only
def erasure(person_id):
    person, errors = participant(person_id), {}
    if request.method == "POST":
        if " ".join(request.form.get("confirm", "").split()).casefold() == " ".join(person.name.split()).casefold():
            kept = erase(person, current_user.email)
            flash(f"The person's data is erased; {kept} {'pairing stays' if kept == 1 else 'pairings stay'} "
                  "as anonymised history.", "success")
            return redirect(url_for("people.dashboard"))
        errors["confirm"] = f"Type their name, {person.name}, exactly as shown, to erase them."
    return render("privacy/erase.html", person=person, errors=errors, status=422 if errors else 200)
