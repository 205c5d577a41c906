"""The programme report, read back as a reader would: pages, text with names in every script,
metadata, the outline and the contents' page numbers, pages that are not blank; anonymised with
no name in it; kept until the figures change; one job when asked twice at once, run by a real
consumer; the programme manager's alone."""
import datetime
import io
import re

import pytest
from pypdf import PdfReader

from tests.certificates.reading import ink, png_of
from tests.factories import csrf_token, make_tenant
from tests.pair_space.conftest import as_user, in_tenant
from tests.reports.programme import fill

PAIRS = 12
SECTIONS = ["Headline figures", "Onboarding", "Pairing quality", "Phases", "Risk flags", "Outcomes",
            "Appendix: the pairings"]


@pytest.fixture
def programme(app, acme):
    """Tenant acme with 12 pairings and their history; the participants' names."""
    with in_tenant(app):
        return fill(PAIRS)


def ask(client, anonymised=False, slug="acme", **headers):
    data = {"csrf_token": csrf_token(client, f"/t/{slug}/admin/reports")}
    if anonymised:
        data["anonymised"] = "y"
    return client.post(f"/t/{slug}/admin/reports", data=data, headers=headers)


def reports(app, slug="acme"):
    from tenants.reports.models import ProgrammeReport

    with in_tenant(app, slug):
        return list(ProgrammeReport.select().order_by(ProgrammeReport.id))


def download(client, report, slug="acme"):
    response = client.get(f"/t/{slug}/admin/reports/{report.id}/download")
    assert response.status_code == 200, response.status_code
    return response


def text_of(reader):
    """The text of every page, without the marks that isolate a name's direction (U+2068, U+2069)."""
    return "\n".join(page.extract_text() for page in reader.pages).replace("\u2068", "").replace("\u2069", "")


def outline_items(outline):
    for item in outline:
        if isinstance(item, list):
            yield from outline_items(item)
        else:
            yield item


def test_the_report_reads_back_with_its_names_metadata_outline_and_contents(app, admin, programme):
    assert ask(admin).status_code == 302
    report, = reports(app)
    assert report.status == "done"
    response = download(admin, report)
    today = datetime.date.today().isoformat()
    assert f'filename=programme-report-acme-{today}.pdf' in response.headers["Content-Disposition"]
    reader = PdfReader(io.BytesIO(response.data))
    assert len(reader.pages) >= 6  # a cover, a page per chapter, the appendix
    text = text_of(reader)
    for name in ("Zoë Łukasiewicz-Ångström M0", "Анна Кузнецова M1", "Αικατερίνη Παπαδοπούλου M5", "Jürgen Weiß E5"):
        assert name in text
    assert "Juniors (reverse mentors)" in text and "Would recommend the programme" in text
    meta = reader.metadata
    assert meta.title == "Programme report: Reverse mentoring" and meta.author == "Acme"
    assert "12 pairings" in meta.subject and meta.creation_date.date() == datetime.date.today()
    assert SECTIONS == [item.title for item in outline_items(reader.outline) if item.title in SECTIONS]
    # The contents give each chapter's page: the appendix is on the page the outline points to.
    appendix_page = next(reader.get_destination_page_number(item) for item in outline_items(reader.outline)
                         if item.title == SECTIONS[-1]) + 1
    contents = reader.pages[0].extract_text()
    assert re.search(rf"Appendix: the pairings[ .]*{appendix_page}\b", contents), contents
    assert reader.pages[appendix_page - 1].extract_text().startswith("Appendix")
    assert "/StructTreeRoot" in reader.trailer["/Root"]  # tagged, for screen readers
    for number in (1, 2):
        assert ink(png_of(_page(response.data, number))) > 0.01  # drawn, not blank


def _page(pdf, number):
    """A one-page PDF of page `number` (1-based), for pdftoppm."""
    from pypdf import PdfWriter

    writer = PdfWriter()
    writer.add_page(PdfReader(io.BytesIO(pdf)).pages[number - 1])
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def test_the_anonymised_report_names_nobody(app, admin, programme):
    ask(admin, anonymised=True)
    report, = reports(app)
    response = download(admin, report)
    assert "-anonymised-" in response.headers["Content-Disposition"]
    reader = PdfReader(io.BytesIO(response.data))
    text = text_of(reader) + str(reader.metadata)
    for name in programme + ["Maya Chen", "Robert Okafor"]:
        assert name not in text
    # Numbered in the order people joined: Maya and Robert (no pairing) are Mentor 1 and Mentee 1.
    assert "1. Mentor 2 and Mentee 2" in text and f"{PAIRS}. Mentor {PAIRS + 1} and Mentee {PAIRS + 1}" in text


def test_asked_again_while_nothing_changed_gives_the_kept_report(app, admin, programme):
    from tenants.pair_space.models import PulseAnswer

    ask(admin)
    ask(admin)
    first, = reports(app)
    with in_tenant(app):  # a new pulse answer changes the figures
        PulseAnswer.create(pairing=1, by="mentor", round=99, clarity=1, needs=1, trust=1, effectiveness=1, learning=1)
    ask(admin)
    older, newer = reports(app)
    assert older.id == first.id and newer.status == "done" and newer.fingerprint != first.fingerprint
    assert admin.get(f"/t/acme/admin/reports/{first.id}/download").status_code == 404  # its file is forgotten
    download(admin, newer)
    ask(admin, anonymised=True)  # the other kind is a report of its own
    assert len(reports(app)) == 3


def test_a_programme_with_nothing_yet_says_so(app, admin):
    ask(admin)
    report, = reports(app)
    text = text_of(PdfReader(io.BytesIO(download(admin, report).data)))
    assert "No pairing has been published yet." in text and "No pulse has been answered yet." in text
    assert "No closing survey has been answered yet." in text


def test_the_page_shows_progress_and_the_link(app, admin, programme):
    started = ask(admin, **{"HX-Request": "true"}).get_data(as_text=True)
    report, = reports(app)
    assert f"/t/acme/admin/reports/{report.id}/download" in started
    page = admin.get("/t/acme/admin/reports").get_data(as_text=True)
    assert "Programme report" in page and "download it" in page


def test_reports_are_the_programme_managers_of_their_tenant_only(app, admin, programme):
    ask(admin)
    report, = reports(app)
    maya = as_user(app, "maya@acme.example")
    paths = ["/t/acme/admin/reports", f"/t/acme/admin/reports/{report.id}",
             f"/t/acme/admin/reports/{report.id}/download"]
    for path in paths:
        assert maya.get(path).status_code == 403
    assert maya.post("/t/acme/admin/reports", data={}).status_code in (400, 403)
    other = as_user(app, "hr@other.example", "other")
    for path in paths[1:]:
        assert other.get(path.replace("/t/acme/", "/t/other/")).status_code == 404  # no such report there
        assert other.get(path).status_code == 302  # anonymous on acme: asked to sign in
    assert admin.get("/t/acme/admin/reports/999/download").status_code == 404
    assert reports(app, "other") == []


# --- with a real consumer process ---------------------------------------------------------------

@pytest.fixture
def queued_app(tmp_path):
    """An app whose jobs wait for a consumer, with tenant acme's programme."""
    from saas import create_app

    app = create_app({"INSTANCE_PATH": str(tmp_path / "instance"), "TESTING": True, "SECRET_KEY": "test-secret",
                      "JOBS_IMMEDIATE": False})
    make_tenant(app, "acme", [("hr@acme.example", "Hana HR", "admin")])
    with in_tenant(app):
        fill(PAIRS)
    yield app
    app.extensions["databases"].close()


def test_asked_twice_at_once_one_job_and_a_real_consumer_builds_it(queued_app, tmp_path):
    from tests.certificates.test_batches import consumer, stop, wait_for

    admin = as_user(queued_app, "hr@acme.example")
    assert ask(admin).status_code == 302 and ask(admin).status_code == 302
    assert len(reports(queued_app)) == 1
    pending = queued_app.extensions["jobs"].huey.pending()
    assert sum(task.name == "tenants.reports.building.build_report" for task in pending) == 1
    assert 'hx-trigger="every 1s"' in admin.get(f"/t/acme/admin/reports/{reports(queued_app)[0].id}").get_data(
        as_text=True)  # the progress bar polls while it waits
    running = consumer(tmp_path)
    try:
        assert wait_for(lambda: reports(queued_app)[0].status == "done", running)
    finally:
        stop(running)
    reader = PdfReader(io.BytesIO(download(admin, reports(queued_app)[0]).data))
    assert "Appendix: the pairings" in text_of(reader)
