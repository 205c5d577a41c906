"""The consultancy's staff: invite by email, change roles, remove; always one owner at least."""
from flask import abort, flash, redirect, render_template, request, session, url_for
from flask_login import current_user
from flask_wtf import FlaskForm
from wtforms import PasswordField, SelectField, StringField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, Length, ValidationError

from saas import links, mail
from saas.auth import CONSOLE, sign_in
from saas.console.access import bp, log, membership, owners_only, staff_only
from saas.control import STAFF_ROLES, Membership, Staff, StaffInvitation, audit, control_db, now
from tenants.forms import email_field
from tenants.passwords import hash_password
from tenants.rendering import render
from tenants.signed_links import LinkProblem, make_token, read_token

INVITATION_DAYS = 7


class InviteForm(FlaskForm):
    email = email_field("Email")
    role = SelectField("Role", choices=[SelectChoice(key, label) for key, label in STAFF_ROLES.items()],
                       default="consultant")

    def validate_email(self, field):
        consultancy = membership().consultancy
        if Membership.select().join(Staff).where(Membership.consultancy == consultancy,
                                                 Staff.email == field.data).exists():
            raise ValidationError("This person is already on your staff.")
        if pending_invitations().where(StaffInvitation.email == field.data).exists():
            raise ValidationError("This person already has an invitation waiting. Revoke it to send a new one.")


class JoinForm(FlaskForm):
    name = StringField("Your name", validators=[DataRequired(), Length(max=120)])
    password = PasswordField("Choose a password", validators=[
        DataRequired(), Length(min=10, max=1024, message="Use 10 to 1,024 characters.")])


def pending_invitations():
    return StaffInvitation.select().where(StaffInvitation.consultancy == membership().consultancy,
                                          StaffInvitation.accepted.is_null(),
                                          StaffInvitation.revoked.is_null())


def staff_page(form, status=200):
    members = (Membership.select(Membership, Staff).join(Staff)
               .where(Membership.consultancy == membership().consultancy).order_by(Staff.name))
    return render("console/staff.html", members=members, invitations=pending_invitations(),
                  form=form, roles=STAFF_ROLES, status=status)


@bp.route("/staff")
@staff_only
def staff():
    return staff_page(InviteForm())


@bp.route("/staff/invitations", methods=["POST"])
@owners_only
def invite():
    form = InviteForm()
    if not form.validate_on_submit():
        return staff_page(form, status=422)
    invitation = StaffInvitation.create(consultancy=membership().consultancy, email=form.email.data,
                                        role=form.role.data, invited_by=current_user.id)
    link = links.link("console.join", token=make_token("staff-invitation", {"id": invitation.id}))
    mail.send_mail(invitation.email, f"Join {membership().consultancy.name} on MentorUp",
                   render_template("mail/staff_invitation.txt", inviter=current_user.name,
                                   consultancy=membership().consultancy.name, link=link,
                                   role=STAFF_ROLES[invitation.role], days=INVITATION_DAYS))
    log("invited staff", detail=f"{invitation.email} as {invitation.role}")
    flash(f"Invitation sent to {invitation.email}.", "success")
    return redirect(url_for("console.staff"))


@bp.route("/staff/invitations/<int:invitation_id>/revoke", methods=["POST"])
@owners_only
def revoke(invitation_id):
    invitation = pending_invitations().where(StaffInvitation.id == invitation_id).first() or abort(404)
    invitation.revoked = now()
    invitation.save()
    log("revoked staff invitation", detail=invitation.email)
    flash(f"The invitation to {invitation.email} is revoked.", "info")
    return redirect(url_for("console.staff"))


def colleague(membership_id):
    return (Membership.select().where(Membership.id == membership_id,
                                      Membership.consultancy == membership().consultancy).first() or abort(404))


def owners_left_without(member):
    return (Membership.select().where(Membership.consultancy == member.consultancy_id,
                                      Membership.role == "owner", Membership.id != member.id).count())


def last_owner_refused():
    flash("A consultancy needs at least one owner. Make someone else an owner first.", "error")
    return staff_page(InviteForm(formdata=None), status=409)


@bp.route("/staff/<int:membership_id>/role", methods=["POST"])
@owners_only
def change_role(membership_id):
    member = colleague(membership_id)
    role = request.form.get("role")
    if role not in STAFF_ROLES:
        abort(400)
    if member.role == "owner" and role != "owner" and owners_left_without(member) == 0:
        return last_owner_refused()
    member.role = role
    member.save()
    log("changed staff role", detail=f"{member.staff.email} is now {role}")
    flash(f"{member.staff.name} is now {STAFF_ROLES[role].lower()}.", "success")
    return redirect(url_for("console.staff"))


@bp.route("/staff/<int:membership_id>/remove", methods=["POST"])
@owners_only
def remove(membership_id):
    member = colleague(membership_id)
    if member.role == "owner" and owners_left_without(member) == 0:
        return last_owner_refused()
    member.delete_instance()
    member.staff.end_sessions()  # including any tenant they were working in as its admin
    log("removed staff", detail=member.staff.email)
    flash(f"{member.staff.name} no longer has access to your consultancy.", "success")
    return redirect(url_for("console.staff"))


def invitation_for(token):
    """The pending invitation a token names, or raise LinkProblem."""
    data = read_token("staff-invitation", token, INVITATION_DAYS * 86400)
    invitation = StaffInvitation.get_or_none(StaffInvitation.id == data["id"])
    if invitation is None or invitation.revoked:
        raise LinkProblem("This invitation was withdrawn.")
    if invitation.accepted:
        raise LinkProblem("This invitation has already been used.")
    return invitation


@bp.route("/join/<token>", methods=["GET", "POST"])
def join(token):
    try:
        invitation = invitation_for(token)
    except LinkProblem as problem:
        return render("errors/error.html", title="This invitation cannot be used",
                      message=f"{problem} Ask the person who invited you to send a new one.", status=400)
    existing = Staff.get_or_none(Staff.email == invitation.email)
    if existing is not None:
        if not (current_user.is_authenticated and current_user.get_id() == existing.get_id()):
            flash("You already have a MentorUp account: sign in to accept the invitation.", "info")
            return redirect(url_for("console_auth.login", next=request.path))
        if request.method == "POST":
            accept(invitation, existing)
            return redirect(url_for("console.home"))
        return render("console/join.html", form=None, invitation=invitation)
    form = JoinForm()
    if form.validate_on_submit():
        with control_db.atomic():
            person = Staff.create(email=invitation.email, name=form.name.data.strip(),
                                  password_hash=hash_password(form.password.data), email_verified=now())
            sign_in(CONSOLE, person)
            accept(invitation, person)
        return redirect(url_for("console.home"))
    return render("console/join.html", form=form, invitation=invitation, status=422 if form.errors else 200)


def accept(invitation, person):
    """Make `person` staff of the inviting consultancy, and work in it from now on."""
    Membership.get_or_create(staff=person, consultancy=invitation.consultancy,
                             defaults={"role": invitation.role})
    invitation.accepted = now()
    invitation.save()
    session["consultancy"] = invitation.consultancy_id
    audit(person.email, "joined staff", detail=invitation.role,
          consultancy_id=invitation.consultancy_id)
    flash(f"Welcome to {invitation.consultancy.name}.", "success")
