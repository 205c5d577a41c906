"""Inviting many people at once: a checked file is kept until the admin confirms it, then
everyone in it is added (all or nobody) and invited."""
import dataclasses
import json

from tenants import platform
from tenants.audit import record
from tenants.jobs import job
from tenants.models import now
from tenants.people import invitations
from tenants.people.importer import ImportProblem, Participant, commit_rows
from tenants.people.models import ImportBatch, User
from tenants.scope import database


def keep_for_import(preview, filename, actor):
    """Remember a previewed file whose every row is ready, until the admin confirms."""
    return ImportBatch.create(created_by=actor, filename=filename[:200], total=len(preview.rows),
                              rows=json.dumps([dataclasses.asdict(p) for p in preview.rows], ensure_ascii=False))


def start_import(batch_id):
    """Claim a previewed batch (or one whose import failed) for importing; False if someone already
    did (a double submit)."""
    return ImportBatch.update(status="importing", problem="").where(
        ImportBatch.id == batch_id, ImportBatch.status.in_(("previewed", "failed"))).execute() == 1


def import_failed(batch_id, problem):
    ImportBatch.update(status="failed", problem=problem).where(ImportBatch.id == batch_id,
                                                               ImportBatch.status == "importing").execute()


@job(retries=2, on_failure=import_failed, refusals=(ImportProblem,))
def run_import(batch_id):
    """Add everyone in the batch (all or nobody), then send each their invitation.

    It may run again, after a crash or from "Try again": people already added are not added
    again, and each invitation goes out once (it is keyed by the batch and the person).
    """
    batch = ImportBatch.get_by_id(batch_id)
    rows = [Participant(**row) for row in json.loads(batch.rows)]
    progress = f"import-{batch_id}"
    if batch.added is None:
        with database.atomic():
            commit_rows(rows, progress=lambda done, total: platform.report_progress(progress, round(80 * done / total)))
            ImportBatch.update(added=now()).where(ImportBatch.id == batch_id).execute()
    people = list(User.select().where(User.email.in_([row.email for row in rows])).order_by(User.id))
    for done in range(0, len(people), 50):
        with database.atomic():  # their "invited" marks and audit lines: one write to the disk per 50
            for user in people[done:done + 50]:
                invitations.invite(user, batch.created_by, key=f"import-{batch_id}:{user.id}")
        platform.report_progress(progress, 80 + round(20 * (done + 50) / len(people)))
    ImportBatch.update(status="done", done=len(people)).where(ImportBatch.id == batch_id).execute()
    record(batch.created_by, "imported people", detail=f"{len(people)} from {batch.filename}")
    platform.numbers_changed()
    platform.seats_changed()
    return len(people)
