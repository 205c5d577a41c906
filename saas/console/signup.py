"""A consultancy signs up: its first owner, signed in at once, verifying their email by link."""
from flask import Blueprint, flash, redirect, render_template, url_for
from flask_login import current_user
from flask_wtf import FlaskForm
from wtforms import PasswordField, StringField
from wtforms.validators import DataRequired, Length, ValidationError

from saas import links, mail
from saas.auth import CONSOLE, sign_in
from saas.console.access import bp as console
from saas.control import Consultancy, Membership, Staff, audit, control_db, now
from tenants.forms import email_field
from tenants.passwords import hash_password
from tenants.rendering import render
from tenants.signed_links import LinkProblem, make_token, read_token

bp = Blueprint("signup", __name__)
VERIFY_DAYS = 7


class SignUpForm(FlaskForm):
    consultancy = StringField("Consultancy name", validators=[DataRequired(), Length(max=120)])
    name = StringField("Your name", validators=[DataRequired(), Length(max=120)])
    email = email_field("Work email")
    password = PasswordField("Password", validators=[
        DataRequired(), Length(min=10, max=1024, message="Use 10 to 1,024 characters.")])

    def validate_email(self, field):
        if Staff.select().where(Staff.email == field.data).exists():
            raise ValidationError("This email already has an account. Sign in instead, or reset your password.")


@bp.route("/signup", methods=["GET", "POST"])
def signup():
    form = SignUpForm()
    if form.validate_on_submit():
        with control_db.atomic():
            consultancy = Consultancy.create(name=form.consultancy.data.strip())
            owner = Staff.create(email=form.email.data, name=form.name.data.strip(),
                                 password_hash=hash_password(form.password.data))
            Membership.create(staff=owner, consultancy=consultancy, role="owner")
            audit(owner.email, "signed up", detail=consultancy.name,
                  consultancy_id=consultancy.id)
        send_verification(owner)
        sign_in(CONSOLE, owner)
        flash(f"Welcome to MentorUp, {owner.name}. Your first step: add a client organisation.", "success")
        return redirect(url_for("console.home"))
    return render("console/signup.html", form=form, status=422 if form.errors else 200)


def send_verification(staff):
    token = make_token("verify-email", {"id": staff.id, "email": staff.email})
    mail.send_mail(staff.email, "Confirm your email for MentorUp",
                   render_template("mail/verify_email.txt", name=staff.name, days=VERIFY_DAYS,
                                   link=links.link("console.verify_email", token=token)))


@console.route("/verify-email/<token>")
def verify_email(token):
    try:
        data = read_token("verify-email", token, VERIFY_DAYS * 86400)
    except LinkProblem as problem:
        return render("errors/error.html", title="This link cannot be used",
                      message=f"{problem} Sign in and ask for a new one from the banner.", status=400)
    staff = Staff.get_or_none(Staff.id == data["id"], Staff.email == data["email"])
    if staff is None:
        return render("errors/error.html", title="This link cannot be used",
                      message="It is for an account that no longer exists.", status=400)
    if staff.email_verified is None:
        staff.email_verified = now()
        staff.save()
    flash("Thank you: your email is confirmed.", "success")
    return redirect(url_for("console.home"))


@console.route("/verify-email", methods=["POST"])
def resend_verification():
    if current_user.is_authenticated and current_user.email_verified is None:
        send_verification(current_user)
        flash(f"We sent a new confirmation link to {current_user.email}.", "info")
    return redirect(url_for("console.home"))
