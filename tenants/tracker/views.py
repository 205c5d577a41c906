"""The phase tracker's pages for the programme manager: the dashboard at /admin/phases (filters,
charts, the pairings the most at risk first), one pairing's drill-down, the CSV file, and the
phase rules on the programme settings page."""
import json

from flask import Blueprint, abort, flash, redirect, request, url_for
from flask_login import current_user

from tenants.access import admins_only
from tenants.audit import record
from tenants.csv_export import to_csv
from tenants.jobs import IN_THE_BACKGROUND_FROM
from tenants.models import now
from tenants.pages import page_asked, page_of
from tenants.pairing.models import Pairing
from tenants.program.models import current_program
from tenants.rendering import render
from tenants.tracker import dashboard as board
from tenants.tracker.forms import checked, rules_form
from tenants.tracker.readings import programme_rules, read_every_pairing

bp = Blueprint("tracker", __name__)


@bp.route("/admin/phases")
@admins_only
def dashboard():
    filters = board.Filters.from_args(request.args)
    return render("tracker/dashboard.html", "tracker/_results.html", filters=filters, today=now().date(),
                  overview=board.overview(filters), flags_of=board.flags_of, read_of=board.read_of,
                  listed=page_of(board.listed(filters), page_asked(request.args)), **board.choices())


@bp.route("/admin/phases/pairs/<int:pairing_id>")
@admins_only
def pairing(pairing_id):
    found = board.drill_down(pairing_id) or abort(404)
    return render("tracker/pairing.html", today=now().date(), **found)


@bp.route("/admin/phases.csv")
@admins_only
def export():
    filters = board.Filters.from_args(request.args)
    record(current_user.email, "exported the phases", json.dumps(filters.args()))
    return to_csv(board.COLUMNS, board.csv_rows(filters, now().date())), 200, {
        "Content-Type": "text/csv; charset=utf-8", "Content-Disposition": "attachment; filename=phases.csv"}


@bp.app_template_global()
def phase_rules_form():
    """The phase rules' form as the programme settings page shows it."""
    return rules_form(programme_rules(), posted=False)


@bp.route("/admin/program/phase-rules", methods=["POST"])
@admins_only
def save_rules():
    form = rules_form(programme_rules())
    rules = checked(form) if form.validate_on_submit() else None
    if rules is None:
        return render("tracker/rules.html", form=form, status=422)
    program = current_program()
    program.phase_rules = json.dumps(rules.overrides())
    program.save()
    record(current_user.email, "changed the phase rules", program.phase_rules)
    if Pairing.select().count() >= IN_THE_BACKGROUND_FROM:
        read_every_pairing.queue(True)
        flash("Phase rules saved. Every pairing is read again with them in the background.", "success")
    else:
        read_every_pairing(True)
        flash("Phase rules saved. Every pairing was read again with them.", "success")
    return redirect(url_for("program.settings") + "#phase-rules")
