"""Certificates on the web: participants download theirs; the programme manager downloads one or
a cohort's zip, revokes, and sets the earning rule. (The public check, /verify/<code>, is the
platform's: it is no tenant's page.)

Pair-space actions can earn a certificate: after each one that succeeded, a job checks the
pairing (`check_after_pair_space_actions`), so the pair space itself knows nothing of certificates.
"""
from flask import Blueprint, abort, flash, redirect, request, send_file, url_for
from flask_login import current_user, login_required

from tenants import platform
from tenants.access import admins_only
from tenants.audit import record
from tenants.certificates import batches, issuing
from tenants.certificates.downloads import content_disposition, slug
from tenants.certificates.forms import BatchForm, EarningForm, RevokeForm
from tenants.certificates.models import Certificate, CertificateBatch, CertificateSettings, earning_rule
from tenants.pages import page_asked, page_of
from tenants.program.models import Cohort, cohorts, current_program
from tenants.rendering import htmx, render

bp = Blueprint("certificates", __name__)


# --- downloads ----------------------------------------------------------------------------

def visible_to(user, certificate_id):
    """The certificate if `user` may have it (its holder, or a programme manager), else 404."""
    found = Certificate.get_or_none(Certificate.id == certificate_id)
    if found is None or not (user.role == "admin" or found.user_id == user.id):
        abort(404)
    return found


@bp.route("/certificates/<int:certificate_id>/download")
@login_required
def download(certificate_id):
    certificate = visible_to(current_user, certificate_id)
    if certificate.revoked:
        return render("certificates/revoked.html", certificate=certificate, status=410)
    response = send_file(platform.files("certificates") / certificate.file, mimetype="application/pdf", max_age=0)
    response.headers["Content-Disposition"] = content_disposition(certificate.programme, certificate.name)
    return response


# --- the programme manager ---------------------------------------------------------------------

def cohort_choices():
    return [("", "Everyone")] + [(str(c.id), c.name) for c in cohorts()]


def admin_page(status=200, **forms):
    batch_form = forms.pop("batch_form", None) or BatchForm(formdata=None)
    batch_form.cohort.choices = cohort_choices()
    latest = CertificateBatch.select().order_by(CertificateBatch.id.desc()).first()
    listing = Certificate.select().order_by(Certificate.issued.desc(), Certificate.id.desc())
    return render("certificates/admin.html", certificates=page_of(listing, page_asked(request.args)),
                  rule=earning_rule(), batch=latest, batch_form=batch_form,
                  revoke_forms=forms.pop("revoke_forms", {}),
                  blank_revoke=lambda certificate_id: RevokeForm(formdata=None, prefix=f"c{certificate_id}"),
                  status=status)


@bp.route("/admin/certificates")
@admins_only
def admin():
    return admin_page()


@bp.route("/admin/certificates/<int:certificate_id>/revoke", methods=["POST"])
@admins_only
def revoke(certificate_id):
    certificate = visible_to(current_user, certificate_id)
    form = RevokeForm(prefix=f"c{certificate.id}")
    if not form.validate_on_submit():
        return admin_page(422, revoke_forms={certificate.id: form})
    if not issuing.revoke(certificate, current_user.email, form.reason.data):
        flash("This certificate was already revoked.", "info")
        return redirect(url_for("certificates.admin"))
    record(current_user.email, "revoked certificate", f"{certificate.code} of {certificate.name}: {form.reason.data}")
    flash(f"The certificate of {certificate.name} is revoked: its verify page says so from now on.", "success")
    return redirect(url_for("certificates.admin"))


@bp.route("/admin/certificates/batches", methods=["POST"])
@admins_only
def start_batch():
    form = BatchForm()
    form.cohort.choices = cohort_choices()
    if not form.validate_on_submit():
        return admin_page(422, batch_form=form)
    cohort = Cohort.get_by_id(int(form.cohort.data)) if form.cohort.data else None
    batch = batches.start_batch(cohort, current_user.email)
    if htmx and not htmx.boosted:
        return render("certificates/_batch.html", batch=batch)
    return redirect(url_for("certificates.admin") + "#zip")


def batch_of(batch_id):
    return CertificateBatch.get_or_none(CertificateBatch.id == batch_id) or abort(404)


@bp.route("/admin/certificates/batches/<int:batch_id>")
@admins_only
def batch_progress(batch_id):
    batch = batch_of(batch_id)
    return render("certificates/_batch.html", batch=batch)


@bp.route("/admin/certificates/batches/<int:batch_id>/download")
@admins_only
def download_batch(batch_id):
    batch = batch_of(batch_id)
    if batch.status != "done" or not batch.file:
        abort(404)
    who = slug(batch.cohort.name, "cohort") if batch.cohort else "everyone"
    return send_file(batches.zip_path(batch), mimetype="application/zip", as_attachment=True, max_age=0,
                     download_name=f"certificates-{slug(current_program().name, 'programme')}-{who}.zip")


@bp.route("/admin/certificates/settings", methods=["POST"])
@admins_only
def save_settings():
    form = EarningForm()
    if not form.validate_on_submit():
        return render("certificates/settings.html", form=form, status=422)
    settings = CertificateSettings.select().order_by(CertificateSettings.id).first() or CertificateSettings()
    settings.routinization, settings.meetings = form.routinization.data, form.meetings.data
    settings.closing_surveys = form.closing_surveys.data
    settings.save()
    record(current_user.email, "changed how certificates are earned", str(settings.rule))
    flash("Saved. Pairings that now earn a certificate get it tomorrow morning.", "success")
    return redirect(url_for("program.settings") + "#certificates")


# --- what other pages need ------------------------------------------------------------------------

def certificate_of(seat):
    """The certificate of the viewer in the pairing of `seat` (tenants.pair_space.space.Seat), or None."""
    return Certificate.get_or_none(Certificate.pairing == seat.pairing, Certificate.user == seat.me.id)


def certificates_of(user):
    return list(Certificate.select().where(Certificate.user == user.id).order_by(Certificate.issued))


@bp.app_template_global()
def earning_form():
    """The earning rule's form as the programme settings page shows it."""
    rule = earning_rule()
    return EarningForm(formdata=None, routinization=rule.routinization, meetings=rule.meetings,
                       closing_surveys=rule.closing_surveys)


@bp.app_context_processor
def for_templates():
    return {"certificate_of": certificate_of, "certificates_of": certificates_of, "earning_rule": earning_rule}


@bp.after_app_request
def check_after_pair_space_actions(response):
    pairing_id = (request.view_args or {}).get("pairing_id")
    # Only the pairing's partners get past the pair space's guard: anyone else's post was a 404.
    if (request.method == "POST" and pairing_id is not None and response.status_code < 400
            and (request.endpoint or "").startswith("pair_space.")):
        issuing.check_pairing.queue(pairing_id)
    return response
