"""The programme manager's reports page: ask for the programme report (named or anonymised),
watch its progress, download it."""
from flask import Blueprint, abort, redirect, render_template, send_file, url_for
from flask_login import current_user
from flask_wtf import FlaskForm
from wtforms import BooleanField

from tenants.access import admins_only
from tenants.audit import record
from tenants.rendering import htmx, render
from tenants.reports import building
from tenants.reports.models import ProgrammeReport

bp = Blueprint("reports", __name__)


class ReportForm(FlaskForm):
    anonymised = BooleanField("Anonymised: participants appear as “Mentor 14”, “Mentee 3”")


def latest(anonymised):
    return (ProgrammeReport.select().where(ProgrammeReport.anonymised == anonymised)
            .order_by(ProgrammeReport.id.desc()).first())


@bp.route("/admin/reports")
@admins_only
def page():
    return render("reports/page.html", form=ReportForm(formdata=None),
                  reports=[report for report in (latest(False), latest(True)) if report])


@bp.route("/admin/reports", methods=["POST"])
@admins_only
def ask():
    form = ReportForm()
    if not form.validate_on_submit():  # only the CSRF token can be wrong here
        abort(400)
    report = building.ask(form.anonymised.data, current_user.email)
    record(current_user.email, "asked for the programme report", "anonymised" if report.anonymised else "named")
    if htmx and not htmx.boosted:
        return render_template("reports/_report.html", report=report)
    return redirect(url_for("reports.page") + "#report")


def report_of(report_id):
    return ProgrammeReport.get_or_none(ProgrammeReport.id == report_id) or abort(404)


@bp.route("/admin/reports/<int:report_id>")
@admins_only
def progress(report_id):
    report = report_of(report_id)
    return render_template("reports/_report.html", report=report)


@bp.route("/admin/reports/<int:report_id>/download")
@admins_only
def download(report_id):
    report = report_of(report_id)
    if report.status != "done" or not report.file or not building.path_of(report).exists():
        abort(404)
    return send_file(building.path_of(report), mimetype="application/pdf", as_attachment=True, max_age=0,
                     download_name=building.file_name(report))
