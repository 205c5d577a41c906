"""Signing in, out and back in: one set of views serves two realms.

Consultancy staff live in the control database and sign in at /console/login; tenant
users live in their tenant's database and sign in at /t/<slug>/login. The session names
its realm, so a user of tenant A is anonymous on tenant B and on the console.

A session also carries its account's session version: signing out, choosing a new password,
leaving a consultancy's staff or losing an invitation raises the version, and every session
started under the old one (a copied cookie too) is signed out at once.
"""
from dataclasses import dataclass
from typing import Callable
from urllib.parse import urlsplit

from flask import Blueprint, flash, g, redirect, render_template, request, session, url_for
from flask_login import LoginManager, current_user, login_user, logout_user
from flask_wtf import FlaskForm
from wtforms import PasswordField
from wtforms.validators import DataRequired, EqualTo, Length

import tenants.audit
from saas import control, links, lockout, mail
from saas.control import Membership, Staff, Tenant, now
from saas.tenancy import TENANT_PREFIX
from tenants.forms import email_field
from tenants.passwords import hash_password, password_matches
from tenants.people.models import User, find_user, user_by_id
from tenants.rendering import render
from tenants.scope import current_tenant, in_tenant_scope
from tenants.signed_links import LinkProblem, fingerprint, make_token, read_token

login_manager = LoginManager()

# Emailed links that let someone choose a password: how long each kind works.
LINK_HOURS = {"reset": 1, "welcome": 14 * 24}
WRONG_PASSWORD = "That email and password do not match an account here."


# --- realms -------------------------------------------------------------------------------

@dataclass
class Realm:
    """Where accounts of one kind live and what signing in to them means."""
    blueprint: str
    find: Callable[[str], object]
    load: Callable[[int], object]
    key: Callable[[], str]
    title: Callable[[], str]
    home: str
    audit: Callable[..., object]
    layout: str
    # Tenant users are invited by their admin, who may withdraw the invitation.
    invitation_withdrawn: Callable[[object], bool] = lambda account: False
    welcomed: Callable[[object], None] = lambda account: None


def _audit_console(actor, action, detail=""):
    control.audit(actor, action, detail=detail)


def _audit_tenant(actor, action, detail=""):
    tenants.audit.record(actor, action, detail=detail)


CONSOLE = Realm("console_auth", lambda email: Staff.get_or_none(Staff.email == email),
                lambda pk: Staff.get_or_none(Staff.id == pk), lambda: "console",
                lambda: "Consultancy console", "console.home", _audit_console, "console/base.html")
TENANT = Realm("tenant_auth", find_user, user_by_id,
               lambda: "tenant:" + current_tenant().slug, lambda: current_tenant().name,
               "home.page", _audit_tenant, "tenant/base.html",
               invitation_withdrawn=lambda user: user.invitation_revoked is not None,
               welcomed=lambda user: setattr(user, "accepted", user.accepted or now()))


def current_realm():
    return TENANT if in_tenant_scope() else CONSOLE


def sign_in(realm, account):
    """Start a fresh session for `account` in `realm`."""
    session.clear()
    login_user(account)
    session["realm"] = realm.key()
    session["version"] = account.session_version
    lockout.signed_in(lockout_key(realm, account.email))
    realm.audit(account.email, "signed in")


def lockout_key(realm, email):
    return f"{realm.key()}:{email}"


def current_session_of(account):
    """Whether this session was started under `account`'s present session version."""
    return account is not None and session.get("version") == account.session_version


@login_manager.user_loader
def load_account(account_id):
    """The signed-in account, only if the session's realm is the one of this request."""
    realm = current_realm()
    if realm is TENANT and session.get("acting_in") == current_tenant().slug:
        return acting_admin()
    kind, _, pk = account_id.partition(":")
    if session.get("realm") != realm.key() or kind != ("user" if realm is TENANT else "staff"):
        return None
    account = realm.load(int(pk)) if pk.isdigit() else None
    if not current_session_of(account) or realm.invitation_withdrawn(account):
        return None
    return account


def acting_admin():
    """A consultant who entered this tenant from the console: a tenant admin in all but record.

    Asked on every request: only while they are still on the staff of the consultancy that
    owns this tenant, in a session that has not been ended.
    """
    staff = Staff.get_or_none(Staff.id == session.get("acting_staff"))
    if staff is None or session.get("realm") != "console" or session.get("_user_id") != staff.get_id() \
            or not current_session_of(staff):
        return None
    still_theirs = (Membership.select().join(Tenant, on=(Tenant.consultancy == Membership.consultancy))
                    .where(Membership.staff == staff, Tenant.slug == current_tenant().slug,
                           Tenant.status == "active").exists())
    if not still_theirs:
        return None
    g.acting_staff = staff
    return User(id=None, email=staff.email, name=staff.name, role="admin")


@login_manager.unauthorized_handler
def ask_to_sign_in():
    realm = current_realm()
    target = url_for(f"{realm.blueprint}.login", next=request.full_path.rstrip("?"))
    if request.headers.get("HX-Request") == "true":
        return "", 401, {"HX-Redirect": target}
    return redirect(target)


# --- forms ----------------------------------------------------------------------------------

class SignInForm(FlaskForm):
    email = email_field("Email")
    password = PasswordField("Password", validators=[DataRequired(), Length(max=1024)])


class ForgotPasswordForm(FlaskForm):
    email = email_field("Email")


class NewPasswordForm(FlaskForm):
    password = PasswordField("New password", validators=[
        DataRequired(), Length(min=10, max=1024, message="Use 10 to 1,024 characters.")])
    confirm = PasswordField("Repeat the new password", validators=[
        DataRequired(), EqualTo("password", message="The two passwords are not the same.")])


# --- links that let someone choose a password --------------------------------------------

def password_link(realm, account, kind):
    """An emailed link to choose a password: `kind` is "reset" or "welcome" (first password).

    It carries a fingerprint of the current password hash, so it works once.
    """
    token = make_token(f"{kind}:{realm.key()}", {"id": account.id, "fp": fingerprint(account.password_hash)})
    return links.link(f"{realm.blueprint}.{kind}", token=token)


def account_for_link(realm, kind, token):
    """The account a password link names, or raise LinkProblem."""
    data = read_token(f"{kind}:{realm.key()}", token, LINK_HOURS[kind] * 3600)
    account = realm.load(data["id"])
    if account is None:
        raise LinkProblem("This link is for an account that no longer exists.")
    if realm.invitation_withdrawn(account):
        raise LinkProblem("This invitation was withdrawn by your programme manager.")
    if data["fp"] != fingerprint(account.password_hash):
        raise LinkProblem("This link has already been used.")
    return account


# --- views ----------------------------------------------------------------------------------

def _safe_next(target):
    """Only follow `next` to a path on this site."""
    parts = urlsplit(target or "")
    if target and target.startswith("/") and not target.startswith("//") and not parts.netloc:
        return target
    return None


def auth_blueprint(realm, url_prefix):
    bp = Blueprint(realm.blueprint, __name__, url_prefix=url_prefix)

    @bp.route("/login", methods=["GET", "POST"])
    def login():
        form = SignInForm()
        status = 200
        headers = {}
        if form.validate_on_submit():
            key = lockout_key(realm, form.email.data)
            account = realm.find(form.email.data)
            if account is not None and realm.invitation_withdrawn(account):
                account = None  # a withdrawn invitation signs nobody in; say no as for a stranger
            refusal = lockout.refusal(key)
            if refusal:
                form.form_errors.append(refusal.message)
                status, headers = 429, {"Retry-After": str(refusal.seconds)}
            elif password_matches(account and account.password_hash, form.password.data):
                sign_in(realm, account)
                return redirect(_safe_next(request.args.get("next")) or url_for(realm.home))
            else:
                lockout.failed(key)
                form.form_errors.append(WRONG_PASSWORD)
                status = 401
        elif form.errors:
            status = 422
        body, status, page_headers = render("auth/login.html", form=form, realm=realm, status=status)
        return body, status, {**page_headers, **headers}

    @bp.route("/logout", methods=["POST"])
    def logout():
        if current_user.is_authenticated and not g.get("acting_staff"):
            realm.audit(current_user.email, "signed out")
            current_user.end_sessions()
        logout_user()
        session.clear()
        flash("You are signed out.", "info")
        return redirect(url_for(f"{realm.blueprint}.login"))

    @bp.route("/forgot", methods=["GET", "POST"])
    def forgot():
        form = ForgotPasswordForm()
        if form.validate_on_submit():
            account = realm.find(form.email.data)
            if account is not None and not realm.invitation_withdrawn(account):
                mail.send_mail(account.email, f"Reset your password for {realm.title()}",
                               render_template("mail/reset_password.txt", name=account.name,
                                               link=password_link(realm, account, "reset"),
                                               where=realm.title(), hours=LINK_HOURS["reset"]))
            flash("If that address has an account here, a reset link is on its way. "
                  f"It works once, for {LINK_HOURS['reset']} hour.", "info")
            return redirect(url_for(f"{realm.blueprint}.login"))
        return render("auth/forgot.html", form=form, realm=realm, status=422 if form.errors else 200)

    def choose_password(kind, token):
        try:
            account = account_for_link(realm, kind, token)
        except LinkProblem as problem:
            return render("auth/link_problem.html", problem=str(problem), realm=realm, kind=kind, status=400)
        form = NewPasswordForm()
        if form.validate_on_submit():
            account.password_hash = hash_password(form.password.data)
            account.session_version += 1  # a new password ends every session of the old one
            if kind == "welcome":
                realm.welcomed(account)
            account.save()
            realm.audit(account.email, "set a password" if kind == "welcome" else "reset password")
            sign_in(realm, account)
            flash("Your password is saved. Welcome!" if kind == "welcome" else "Your password is changed.",
                  "success")
            return redirect(url_for(realm.home))
        return render("auth/choose_password.html", form=form, realm=realm, kind=kind, account=account,
                      status=422 if form.errors else 200)

    bp.add_url_rule("/reset/<token>", "reset", lambda token: choose_password("reset", token),
                    methods=["GET", "POST"])
    bp.add_url_rule("/welcome/<token>", "welcome", lambda token: choose_password("welcome", token),
                    methods=["GET", "POST"])
    return bp


def init_app(app):
    login_manager.init_app(app)
    app.register_blueprint(auth_blueprint(CONSOLE, "/console"))
    app.register_blueprint(auth_blueprint(TENANT, TENANT_PREFIX))
