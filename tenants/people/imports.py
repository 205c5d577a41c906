"""Inviting many people at once: a checked file is kept until the admin confirms it, then
everyone in it is added (all or nobody) and invited."""
import dataclasses
import json

from tenants import platform
from tenants.audit import record
from tenants.jobs import job
from tenants.people import invitations
from tenants.people.importer import Participant, commit_rows
from tenants.people.models import ImportBatch, User


def keep_for_import(preview, filename, actor):
    """Remember a previewed file whose every row is ready, until the admin confirms."""
    return ImportBatch.create(created_by=actor, filename=filename[:200], total=len(preview.rows),
                              rows=json.dumps([dataclasses.asdict(p) for p in preview.rows], ensure_ascii=False))


def start_import(batch_id):
    """Claim a previewed batch for importing; False if someone already did (a double submit)."""
    return ImportBatch.update(status="importing").where(ImportBatch.id == batch_id,
                                                       ImportBatch.status == "previewed").execute() == 1


@job()
def run_import(batch_id):
    """Add everyone in the batch (all or nobody), then send each their invitation."""
    batch = ImportBatch.get_by_id(batch_id)
    try:
        ids = commit_rows([Participant(**row) for row in json.loads(batch.rows)],
                          progress=lambda done, total: platform.report_progress(f"import-{batch_id}",
                                                                                round(80 * done / total)))
    except Exception:
        ImportBatch.update(status="failed").where(ImportBatch.id == batch_id).execute()
        raise
    for n, user in enumerate(User.select().where(User.id.in_(ids))):
        invitations.invite(user, batch.created_by)
        if n % 50 == 0:
            platform.report_progress(f"import-{batch_id}", 80 + round(20 * n / len(ids)))
    ImportBatch.update(status="done", done=len(ids)).where(ImportBatch.id == batch_id).execute()
    record(batch.created_by, "imported people", detail=f"{len(ids)} from {batch.filename}")
    platform.numbers_changed()
    platform.seats_changed()
    return len(ids)
