"""A cohort's certificates in one zip, for the programme manager: a job that first issues what
the cohort has earned and not had yet, then puts each participant's signed PDF in the zip.

One batch runs per cohort at a time: asking again while it runs joins it. A batch whose job
died (its worker was killed) shows no sign of life; asking again then runs it again, and the
rerun issues only what is still missing and writes the zip afresh, so each certificate is in
it once.
"""
import os
import zipfile

from tenants import platform
from tenants.certificates.downloads import zip_names
from tenants.certificates.issuing import due_from, issue, letterhead, pdf_of
from tenants.certificates.models import Certificate, CertificateBatch
from tenants.jobs import job
from tenants.models import now
from tenants.pairing.models import Pairing
from tenants.people.models import User


def running_key(cohort):
    return f"cohort-{cohort.id if cohort else 'everyone'}"


def start_batch(cohort, actor):
    """The batch for `cohort` (None: everyone): the one already running, or a new one, queued."""
    return CertificateBatch.start_or_join(running_key(cohort), build_batch, cohort=cohort, requested_by=actor)


def members(cohort):
    users = User.select(User.id).where(User.role.in_(("mentor", "mentee")))
    return users.where(User.cohort == cohort) if cohort else users


def certificates_of(cohort):
    """The cohort's certificates that stand (revoked ones are not handed out), oldest first."""
    return (Certificate.select().where(Certificate.user.in_(members(cohort)), Certificate.revoked.is_null())
            .order_by(Certificate.id))


@job()
def build_batch(batch_id):
    """Issue what the cohort earned, then zip its certificates; progress counts the certificates
    issued, and the zip as one more step."""
    batch = CertificateBatch.get_or_none(CertificateBatch.id == batch_id)
    if batch is None or batch.status in ("done", "failed"):
        return None
    CertificateBatch.touch(batch_id, status="running", done=0, total=0)
    try:
        head, people = letterhead(), members(batch.cohort)
        dues = [due for pairing in Pairing.select().where(Pairing.mentor.in_(people) | Pairing.mentee.in_(people))
                .order_by(Pairing.id) for due in due_from(pairing, head)]
        CertificateBatch.touch(batch_id, total=len(dues) + 1)
        issue(dues, progress=lambda done: CertificateBatch.touch(batch_id, done=done))
        name = write_zip(batch_id, list(certificates_of(batch.cohort)))
    except Exception:
        CertificateBatch.update(status="failed", running=None, finished=now()).where(
            CertificateBatch.id == batch_id).execute()
        raise
    CertificateBatch.update(status="done", running=None, file=name, done=len(dues) + 1, finished=now(),
                            touched=now()).where(CertificateBatch.id == batch_id).execute()
    forget_older(CertificateBatch.get_by_id(batch_id))
    return name


def write_zip(batch_id, certificates):
    """The zip of `certificates`, written whole under its final name (a rerun replaces it)."""
    folder = platform.files("certificate-zips")
    name = f"batch-{batch_id}.zip"
    partial = folder / f".{name}.partial"
    with zipfile.ZipFile(partial, "w", zipfile.ZIP_STORED) as archive:  # PDFs are compressed already
        for certificate, entry in zip(certificates, zip_names(certificates)):
            archive.writestr(entry, pdf_of(certificate))
    os.replace(partial, folder / name)
    return name


def forget_older(batch):
    """Remove the zips of this cohort's earlier batches: the newest says all they said."""
    older = CertificateBatch.select().where(CertificateBatch.cohort == batch.cohort if batch.cohort
                                            else CertificateBatch.cohort.is_null(),
                                            CertificateBatch.id < batch.id, CertificateBatch.file.is_null(False))
    for earlier in older:
        (platform.files("certificate-zips") / earlier.file).unlink(missing_ok=True)
        CertificateBatch.update(file=None).where(CertificateBatch.id == earlier.id).execute()


def zip_path(batch):
    return platform.files("certificate-zips") / batch.file
