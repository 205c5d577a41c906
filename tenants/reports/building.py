"""Asking for the programme report and building it: a job gathers the figures, lays them out
as a PDF (tenants.pdfs) and keeps the file until the figures change.

Asked for while the figures are those of the kept report, the kept report is the answer. Asked
for twice at once, one report is built: `running` is unique per kind (named or anonymised). A
report whose job died shows no sign of life; asking again then queues it again.
"""
import datetime
import os

from tenants import platform
from tenants.certificates.document import HEX_COLOUR, logo_url
from tenants.jobs import job
from tenants.models import now
from tenants.pdfs import DocumentInfo, render_pdf
from tenants.reports.figures import SIDES, gather
from tenants.reports.models import ProgrammeReport
from tenants.scope import current_tenant

FOLDER = "reports"
DEFAULT_COLOUR = "#1f5f8b"


def running_key(anonymised):
    return "anonymised" if anonymised else "named"


def kept(anonymised, fingerprint):
    """The newest finished report of this kind built from figures with `fingerprint`, if its file is there."""
    report = (ProgrammeReport.select().where(ProgrammeReport.anonymised == anonymised, ProgrammeReport.status == "done",
                                             ProgrammeReport.fingerprint == fingerprint,
                                             ProgrammeReport.file.is_null(False))
              .order_by(ProgrammeReport.id.desc()).first())
    return report if report is not None and path_of(report).exists() else None


def ask(anonymised, actor):
    """The report to show for a request: the kept one while the figures are unchanged, the one
    being built, or a new one, queued."""
    current = kept(anonymised, gather(anonymised).fingerprint())
    if current is not None:
        return current
    return ProgrammeReport.start_or_join(running_key(anonymised), build_report, anonymised=anonymised,
                                         requested_by=actor)


def failed(report_id, problem):
    ProgrammeReport.update(status="failed", running=None, step=problem, finished=now()).where(
        ProgrammeReport.id == report_id).execute()


@job(on_failure=failed)
def build_report(report_id):
    """Gather, draw and lay out the report; keep its file and forget older ones of its kind."""
    report = ProgrammeReport.get_or_none(ProgrammeReport.id == report_id)
    if report is None or report.status in ("done", "failed"):
        return None
    ProgrammeReport.touch(report_id, status="running", step="Reading the figures", percent=5)
    figures = gather(report.anonymised)
    ProgrammeReport.touch(report_id, step="Drawing the charts and laying out the pages", percent=30)
    pdf = report_pdf(figures, report.anonymised, now())
    ProgrammeReport.touch(report_id, step="Keeping the file", percent=95)
    name = f"report-{report_id}.pdf"
    partial = platform.files(FOLDER) / f".{name}.partial"
    partial.write_bytes(pdf)
    os.replace(partial, platform.files(FOLDER) / name)
    ProgrammeReport.update(status="done", running=None, file=name, fingerprint=figures.fingerprint(), percent=100,
                           step="", finished=now(), touched=now()).where(ProgrammeReport.id == report_id).execute()
    forget_older(ProgrammeReport.get_by_id(report_id))
    return name


def forget_older(report):
    """Remove the files of earlier reports of the same kind: the newest says all they said."""
    for earlier in ProgrammeReport.select().where(ProgrammeReport.anonymised == report.anonymised,
                                                  ProgrammeReport.id < report.id, ProgrammeReport.file.is_null(False)):
        path_of(earlier).unlink(missing_ok=True)
        ProgrammeReport.update(file=None).where(ProgrammeReport.id == earlier.id).execute()


def path_of(report):
    return platform.files(FOLDER) / report.file


def file_name(report):
    """programme-report-<slug>-<date>.pdf (with "-anonymised" before the date when it is)."""
    kind = "-anonymised" if report.anonymised else ""
    return f"programme-report-{current_tenant().slug}{kind}-{report.finished.date().isoformat()}.pdf"


# --- the document -------------------------------------------------------------------------------

def report_pdf(figures, anonymised, made):
    """The report as PDF bytes: the tenant's letterhead, the figures, charts and appendix."""
    tenant = current_tenant()
    programme = figures.programme["name"]
    info = DocumentInfo(
        title=f"Programme report: {programme}{' (anonymised)' if anonymised else ''}",
        author=tenant.name,
        subject=(f"Reverse-mentoring programme report of {tenant.name}, {made.strftime('%-d %B %Y')}: phases, "
                 f"risks and outcomes of {len(figures.pairings)} pairings."),
        created=made.replace(tzinfo=datetime.timezone.utc),
        keywords=("programme report", "reverse mentoring", programme))
    return render_pdf("pdf/programme_report.html", info, "report.css", figures=figures, anonymised=anonymised,
                      organisation=tenant.name, colour=colour_of(tenant), logo=logo_url(platform.logo()), made=made,
                      sides=SIDES)


def colour_of(tenant):
    colour = tenant.branding.get("color") or ""
    return colour if HEX_COLOUR.match(colour) else DEFAULT_COLOUR  # it goes into a stylesheet
