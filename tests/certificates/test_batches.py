"""A cohort's certificates in one zip: built by a job that issues what is missing first, each
certificate once; asked for twice, one job; its worker killed, the rerun finishes the work
without issuing anything twice (with real consumer processes)."""
import datetime
import io
import os
import subprocess
import sys
import time
import zipfile
from pathlib import Path

import pytest

from saas import create_app
from tests.certificates.conftest import answer_closing, certificate_id, complete, end, hold_meetings, issued
from tests.certificates.reading import page_of
from tests.certificates.test_signing import status_of
from tests.factories import csrf_token, make_tenant
from tests.pair_space.conftest import as_user, in_tenant, make_pairing

ROOT = Path(__file__).resolve().parents[2]


def start(client, cohort=""):
    return client.post("/t/acme/admin/certificates/batches",
                       data={"cohort": cohort, "csrf_token": csrf_token(client, "/t/acme/admin/certificates")})


def latest_batch(app, slug="acme"):
    from tenants.certificates.models import CertificateBatch

    with in_tenant(app, slug):
        return CertificateBatch.select().order_by(CertificateBatch.id.desc()).first()


def zip_of(client, batch):
    response = client.get(f"/t/acme/admin/certificates/batches/{batch.id}/download")
    assert response.status_code == 200, response.status_code
    return response, zipfile.ZipFile(io.BytesIO(response.data))


def test_the_zip_holds_each_certificate_that_stands_once(app, admin, earned):
    from tenants.people.models import User

    with in_tenant(app):
        User.update(name="Łukasz Żółć").where(User.email == "robert@acme.example").execute()
    assert start(admin).status_code == 302
    batch = latest_batch(app)
    assert (batch.status, batch.running, batch.percent) == ("done", None, 100)
    response, archive = zip_of(admin, batch)
    assert response.headers["Content-Disposition"].startswith(
        "attachment; filename=certificates-reverse-mentoring-everyone.zip")
    assert sorted(archive.namelist()) == ["certificate-Reverse mentoring-Maya Chen.pdf",
                                          "certificate-Reverse mentoring-Robert Okafor.pdf"]  # as issued
    for name in archive.namelist():
        assert page_of(archive.read(name))  # one page each


def test_the_zip_issues_what_was_earned_but_not_issued_yet(app, admin, pair):
    complete(app, pair)  # earned; the morning job has not run
    start(admin)
    _, archive = zip_of(admin, latest_batch(app))
    assert len(archive.namelist()) == 2 and len(issued(app)) == 2


def test_revoked_certificates_are_left_out(app, admin, earned):
    number = certificate_id(app, "maya@acme.example")
    admin.post(f"/t/acme/admin/certificates/{number}/revoke",
               data={f"c{number}-reason": "In error.", "csrf_token": csrf_token(admin, "/t/acme/admin/certificates")})
    start(admin)
    _, archive = zip_of(admin, latest_batch(app))
    assert archive.namelist() == ["certificate-Reverse mentoring-Robert Okafor.pdf"]


def test_a_cohorts_zip_holds_only_its_members_certificates(app, admin, earned):
    from tenants.people.models import User
    from tenants.program.models import Cohort

    with in_tenant(app):
        spring = Cohort.create(name="Spring 2026")
        User.update(cohort=spring).where(User.email == "robert@acme.example").execute()
    start(admin, str(spring.id))
    response, archive = zip_of(admin, latest_batch(app))
    assert archive.namelist() == ["certificate-Reverse mentoring-Robert Okafor.pdf"]
    assert "certificates-reverse-mentoring-spring-2026.zip" in response.headers["Content-Disposition"]


def test_an_unknown_cohort_is_refused(app, admin, earned):
    refused = start(admin, "999")
    assert refused.status_code == 422 and latest_batch(app) is None


def test_a_newer_zip_replaces_the_older_ones_file(app, admin, earned):
    start(admin)
    first = latest_batch(app)
    start(admin)
    assert latest_batch(app).id != first.id
    assert admin.get(f"/t/acme/admin/certificates/batches/{first.id}/download").status_code == 404


def test_progress_and_zips_are_the_programme_managers_of_that_tenant_only(app, admin, earned):
    start(admin)
    batch = latest_batch(app)
    maya = as_user(app, "maya@acme.example")
    for path in (f"/t/acme/admin/certificates/batches/{batch.id}",
                 f"/t/acme/admin/certificates/batches/{batch.id}/download"):
        assert maya.get(path).status_code == 403
        other = as_user(app, "hr@other.example", "other")
        assert other.get(path.replace("/t/acme/", "/t/other/")).status_code == 404
        assert other.get(path).status_code == 302  # anonymous on acme
    assert "download it" in admin.get(f"/t/acme/admin/certificates/batches/{batch.id}").get_data(as_text=True)


# --- with real consumer processes ---------------------------------------------------------------

PAIRS = 12


@pytest.fixture
def queued_app(tmp_path):
    """An app whose jobs wait for a consumer, with tenant acme: 12 pairings that earned certificates
    (24 to issue), none issued yet."""
    people = [("hr@acme.example", "Hana HR", "admin")]
    for n in range(PAIRS):
        people += [(f"mentor{n}@acme.example", f"Mentor Nummer {n}", "mentor"),
                   (f"mentee{n}@acme.example", f"Mentee Numéro {n}", "mentee")]
    app = create_app({"INSTANCE_PATH": str(tmp_path / "instance"), "TESTING": True, "SECRET_KEY": "test-secret",
                      "JOBS_IMMEDIATE": False})
    make_tenant(app, "acme", people)
    with in_tenant(app):
        for n in range(PAIRS):
            pairing = make_pairing(f"mentor{n}@acme.example", f"mentee{n}@acme.example")
            hold_meetings(pairing, 6)
            end(pairing)
            answer_closing(pairing, "mentor", "mentee")
    yield app
    app.extensions["databases"].close()


def batch_jobs(app):
    """How many zip jobs wait in the queue."""
    pending = app.extensions["jobs"].huey.pending()
    return sum(task.name == "tenants.certificates.batches.build_batch" for task in pending)


def consumer(tmp_path):
    env = {**os.environ, "INSTANCE_PATH": str(tmp_path / "instance"), "SECRET_KEY": "test-secret"}
    return subprocess.Popen([sys.executable, "-m", "huey.bin.huey_consumer", "saas.worker.huey", "-w", "1",
                             "-k", "thread", "-d", "0.05"], cwd=ROOT, env=env,
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)


def wait_for(condition, process, seconds=120):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if condition():
            return True
        assert process.poll() is None, process.communicate()[1].decode()[-3000:]
        time.sleep(0.05)
    return False


def stop(process):
    process.terminate()
    process.communicate(timeout=30)


def test_a_second_request_joins_the_batch_and_one_consumer_runs_it(queued_app, tmp_path):
    """Before it, the two issuing jobs wait in the queue too: after a pair-space action
    (check_pairing, for the first pairing) and the morning's (issue_earned, the others);
    the consumer runs all three in turn, and the zip has all 24, issued once."""
    from tenants.certificates.issuing import check_pairing, issue_earned

    jobs = queued_app.extensions["jobs"]
    with queued_app.app_context():
        jobs.queue_for("acme", check_pairing, 1)
        jobs.queue_for("acme", issue_earned)
    admin = as_user(queued_app, "hr@acme.example")
    assert start(admin).status_code == 302 and start(admin).status_code == 302
    from tenants.certificates.models import CertificateBatch

    with in_tenant(queued_app):
        assert CertificateBatch.select().count() == 1
    assert batch_jobs(queued_app) == 1  # one job, not two
    running = consumer(tmp_path)
    try:
        assert wait_for(lambda: latest_batch(queued_app).status == "done", running)
    finally:
        stop(running)
    _, archive = zip_of(admin, latest_batch(queued_app))
    assert len(archive.namelist()) == 2 * PAIRS
    assert len(issued(queued_app)) == 2 * PAIRS


def test_a_batch_killed_midway_and_rerun_gives_each_certificate_once(queued_app, tmp_path):
    from saas.control import OutboxMessage
    from tenants.certificates.models import Certificate, CertificateBatch

    admin = as_user(queued_app, "hr@acme.example")
    start(admin)
    first = consumer(tmp_path)
    try:
        assert wait_for(lambda: latest_batch(queued_app).done >= 3, first)
    finally:
        first.kill()  # SIGKILL: no goodbye, the batch stays "running"
        first.communicate(timeout=30)
    batch = latest_batch(queued_app)
    assert batch.status == "running" and 3 <= batch.done < batch.total - 1
    halfway = len(issued(queued_app))
    assert 3 <= halfway < 2 * PAIRS

    # Asked again at once, it is the same batch, still believed to run.
    start(admin)
    assert latest_batch(queued_app).id == batch.id and batch_jobs(queued_app) == 0
    # Five minutes of silence later, it has plainly lost its worker: the page says so, and asking reruns it.
    with in_tenant(queued_app):
        silent = CertificateBatch.get_by_id(batch.id).touched - datetime.timedelta(minutes=6)
        CertificateBatch.update(touched=silent).where(CertificateBatch.id == batch.id).execute()
    assert "stopped before it was done" in admin.get("/t/acme/admin/certificates").get_data(as_text=True)
    start(admin)
    assert latest_batch(queued_app).id == batch.id
    second = consumer(tmp_path)
    try:
        assert wait_for(lambda: latest_batch(queued_app).status == "done"
                        and queued_app.extensions["jobs"].huey.pending_count() == 0, second)
    finally:
        stop(second)

    certificates = issued(queued_app)
    assert len(certificates) == 2 * PAIRS and len({code for _, _, code, _ in certificates}) == 2 * PAIRS
    assert sorted(email for email, *_ in certificates) == sorted(
        [f"mentor{n}@acme.example" for n in range(PAIRS)] + [f"mentee{n}@acme.example" for n in range(PAIRS)])
    _, archive = zip_of(admin, latest_batch(queued_app))
    assert len(archive.namelist()) == len(set(archive.namelist())) == 2 * PAIRS
    from saas.certificates import signing_identity

    with queued_app.app_context():
        identity = signing_identity()
    for name in archive.namelist():
        assert status_of(archive.read(name), identity.certificate).intact
    with queued_app.app_context():
        emails = [m.to for m in OutboxMessage.select().where(OutboxMessage.subject.startswith("Your certificate"))]
    # At most one each; only a kill between the claim and the queueing could lose one.
    assert len(emails) == len(set(emails)) >= 2 * PAIRS - 1
    with in_tenant(queued_app):
        assert Certificate.select().where(Certificate.notified.is_null()).count() == 0
