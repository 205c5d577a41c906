"""The start page at /: where each kind of visitor goes next — a participant or programme
manager to their organisation, consultancy staff to the console, anyone with a certificate
code to its check.

Finding an organisation answers an exact name, web address or email domain with at most
one organisation, and is rate-limited per address (saas/limits.py), so the page cannot be
used to list the clients.
"""
import re

from flask import Blueprint, redirect, request
from flask_wtf import FlaskForm
from wtforms import StringField
from wtforms.validators import DataRequired, Length

from saas.organisations import find_organisation
from tenants.rendering import render

bp = Blueprint("front_door", __name__)
CERTIFICATE_CODE = re.compile(r"^[A-Za-z0-9-]{4,64}$")


class FindForm(FlaskForm):
    organisation = StringField("Your organisation's name, or your work email", validators=[
        DataRequired(message="Type your organisation's name or your work email."), Length(max=254)])


@bp.route("/")
def page():
    return render("front_door/page.html", form=FindForm(formdata=None), searched=False)


@bp.route("/", methods=["POST"])
def find():
    form = FindForm()
    if not form.validate_on_submit():
        return render("front_door/page.html", "front_door/_find.html", form=form, searched=False, status=422)
    return render("front_door/page.html", "front_door/_find.html", form=form, searched=True,
                  found=find_organisation(form.organisation.data))


@bp.route("/verify")
def verify():
    """The certificate form's target: on to /verify/<code>, where a certificate is checked."""
    code = "".join(request.args.get("code", "").split())
    if not CERTIFICATE_CODE.match(code):
        return render("front_door/page.html", form=FindForm(formdata=None), searched=False,
                      code_error="Type the code printed on the certificate (letters, digits and dashes).",
                      code=request.args.get("code", "")[:64], status=422)
    return redirect(f"/verify/{code}")
