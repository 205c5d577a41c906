"""Inviting many people at once: upload a CSV, see every problem by line, then add them all."""
from flask import abort, flash, redirect, request, url_for
from flask_login import current_user

from tenants.access import admins_only
from tenants.jobs import IN_THE_BACKGROUND_FROM
from tenants.people import importer, imports
from tenants.people.models import ImportBatch
from tenants.people.views import bp
from tenants.rendering import htmx, render


@bp.route("/import")
@admins_only
def upload():
    return render("people/import.html", preview=None, problem=None)


@bp.route("/import/template.csv")
@admins_only
def import_template():
    return importer.template_csv(), 200, {"Content-Type": "text/csv; charset=utf-8",
                                         "Content-Disposition": "attachment; filename=mentorup-participants.csv"}


@bp.route("/import", methods=["POST"])
@admins_only
def preview_import():
    upload = request.files.get("file")
    if upload is None or not upload.filename:
        return render("people/import.html", preview=None, problem="Choose a CSV file to upload.", status=422)
    try:
        checked = importer.check_rows(importer.read_csv(upload.read(importer.MAX_BYTES + 1)))
        if checked.ready:
            importer.check_seats(len(checked.rows))
    except importer.ImportProblem as problem:
        return render("people/import.html", preview=None, problem=str(problem), status=422)
    batch = imports.keep_for_import(checked, upload.filename, current_user.email) if checked.ready else None
    return render("people/import.html", preview=checked, batch=batch, problem=None,
                  status=200 if checked.ready else 422)


@bp.route("/import/<int:batch_id>", methods=["POST"])
@admins_only
def confirm_import(batch_id):
    batch = ImportBatch.get_or_none(ImportBatch.id == batch_id) or abort(404)
    if not imports.start_import(batch.id):
        flash("This file is already being imported (or was): nothing was added twice.", "info")
        return redirect(url_for("people.import_status", batch_id=batch.id))
    if batch.total >= IN_THE_BACKGROUND_FROM:
        imports.run_import.queue(batch.id)
        return redirect(url_for("people.import_status", batch_id=batch.id))
    try:
        added = imports.run_import(batch.id)
    except importer.ImportProblem as problem:
        return render("people/import.html", preview=None, problem=str(problem), status=409)
    flash(f"{added} people added; their invitations are on the way.", "success")
    return redirect(url_for("people.dashboard"))


@bp.route("/import/<int:batch_id>")
@admins_only
def import_status(batch_id):
    batch = ImportBatch.get_or_none(ImportBatch.id == batch_id)
    if batch is None and htmx:  # 286: htmx stops polling
        return render("people/_import_progress.html", batch=None, status=286)
    return render("people/import_status.html", "people/_import_progress.html", batch=batch or abort(404))
