"""When a job fails for good (an error at its last attempt, or its worker gone at the last
attempt), its work says so in a sentence, offers to try again, and stops polling; a job that
fails once is tried again; an email is sent once however often its sending runs.

These run the jobs in this process, as a worker thread would, so that the test decides when
each message is taken from the queue."""
import datetime
import re
from collections import Counter

import pytest

from saas.control import JobRun, OutboxMessage, OutgoingMail, TenantExport
from saas.jobs import JobQueue
from saas.mail import deliver, send_mail
from saas.tenancy import tenant_scope
from tenants.jobs import job
from tenants.models import now
from tenants.pairing.models import Pairing, PairingProposal
from tenants.people.models import ImportBatch, User
from tests.factories import add_staff, csrf_token, make_consultancy, post_form, ready, sign_in
from tests.jobs.factories import import_file, people_csv, publish, run_proposal


@pytest.fixture
def jobs(app, monkeypatch):
    """The app's queue, queueing for real: `work(jobs)` plays the worker."""
    queue = app.extensions["jobs"]
    monkeypatch.setattr(queue.huey, "immediate", False)
    queue.huey.flush()
    return queue


def work(jobs):
    """Run every message waiting, as a worker would."""
    while (task := jobs.huey.dequeue()) is not None:
        jobs.huey.execute(task)


def worker_died(app, jobs, name):
    """What a worker killed at a run's last attempt leaves behind: the run held, its lease run
    out, and no message (huey lost it with the worker)."""
    jobs.huey.flush()
    with app.app_context():
        return JobRun.update(status="running", attempts=JobRun.max_attempts, worker="gone:1",
                             lease_until=now() - datetime.timedelta(seconds=1)).where(JobRun.name == name).execute()


def sweep(app, jobs):
    with app.app_context():
        jobs.sweep()


# --- the import ---------------------------------------------------------------------------------

@pytest.fixture(autouse=True)
def large(monkeypatch):
    """Files of 3 rows and more, and programmes of 2 people and more (acme has 2), are imported,
    paired and published by a job."""
    from tenants.pairing import board
    from tenants.people import import_views
    monkeypatch.setattr(import_views, "IN_THE_BACKGROUND_FROM", 3)
    monkeypatch.setattr(board, "IN_THE_BACKGROUND_FROM", 2)


def test_an_import_whose_worker_died_says_so_stops_polling_and_can_be_tried_again(app, admin, jobs):
    status = import_file(admin, "acme", people_csv("acme", 6))
    assert worker_died(app, jobs, "tenants.people.imports.run_import") == 1
    assert 'hx-trigger="every 1s"' in admin.get(status).get_data(as_text=True)
    sweep(app, jobs)
    polled = " ".join(admin.get(status, headers={"HX-Request": "true"}).get_data(as_text=True).split())
    assert "The import failed and nobody was added. The background worker doing it stopped" in polled
    assert "hx-trigger" not in polled  # the bar stops polling
    post_form(admin, status, {})  # "Try again"
    work(jobs)
    assert "Done: 6 people added" in admin.get(status).get_data(as_text=True)
    with app.app_context():
        assert Counter(m.to for m in OutboxMessage.select() if m.to.startswith("p")) == \
            {f"p{n}@acme.example": 1 for n in range(6)}


def test_an_import_refused_in_the_worker_says_why_and_is_not_retried(app, admin, jobs):
    status = import_file(admin, "acme", people_csv("acme", 6))
    with app.app_context(), tenant_scope("acme"):
        User.create(email="p4@acme.example", name="Early Bird", role="mentor")  # added meanwhile
    work(jobs)
    page = " ".join(admin.get(status).get_data(as_text=True).split())
    assert "nobody was added. 1 of these people were added to MentorUp since the file was checked" in page
    assert "Try again" in page
    with app.app_context():
        (run,) = JobRun.select().where(JobRun.name == "tenants.people.imports.run_import")
        assert (run.status, run.attempts) == ("failed", 1)  # a refusal is final
    with app.app_context(), tenant_scope("acme"):
        assert User.select().where(User.email.startswith("p")).count() == 1


def test_a_retried_import_whose_people_were_added_only_sends_the_missing_invitations(app, admin, jobs):
    status = import_file(admin, "acme", people_csv("acme", 6))
    work(jobs)
    batch_id = int(status.rsplit("/", 1)[1])
    with app.app_context(), tenant_scope("acme"):  # as if the last invitations had not gone out
        ImportBatch.update(status="failed", problem="It stopped.").where(ImportBatch.id == batch_id).execute()
    page = " ".join(admin.get(status).get_data(as_text=True).split())
    assert "Everyone in the file was added, but sending their invitations stopped" in page
    post_form(admin, status, {})  # "Send the invitations"
    work(jobs)
    assert "Done: 6 people added" in admin.get(status).get_data(as_text=True)
    with app.app_context():
        assert OutboxMessage.select().where(OutboxMessage.to.startswith("p")).count() == 6


def test_a_gone_import_stops_its_poll(admin):
    response = admin.get("/t/acme/admin/people/import/999", headers={"HX-Request": "true"})
    assert response.status_code == 286 and "This import is gone" in response.get_data(as_text=True)
    assert admin.get("/t/acme/admin/people/import/999").status_code == 404


# --- pairing --------------------------------------------------------------------------------------

@pytest.fixture
def paired_people(app, acme):
    with app.app_context(), tenant_scope("acme"):
        ready("maya@acme.example", 2, ["AI tools"], ["Strategic thinking"], "Digital")
        ready("robert@acme.example", 8, ["Strategic thinking"], ["AI tools"], "Board")


def test_a_proposal_whose_worker_died_is_shown_failed_with_its_weights_to_run_again(app, admin, jobs, paired_people):
    run_proposal(admin, "acme")
    board = admin.get("/t/acme/admin/pairing").get_data(as_text=True)
    progress = re.search(r'hx-get="([^"]+/progress)"', board).group(1)
    worker_died(app, jobs, "tenants.pairing.board.propose_in_the_background")
    sweep(app, jobs)
    assert admin.get(progress, headers={"HX-Request": "true"}).headers["HX-Refresh"] == "true"
    board = " ".join(admin.get("/t/acme/admin/pairing").get_data(as_text=True).split())
    assert "The last proposal could not be made. The background worker doing it stopped" in board
    assert "/progress" not in board
    run_proposal(admin, "acme")
    work(jobs)
    assert "Publish 1 pair" in admin.get("/t/acme/admin/pairing").get_data(as_text=True)


def test_a_publication_shows_progress_then_the_pairings(app, admin, jobs, paired_people):
    run_proposal(admin, "acme")
    work(jobs)
    with app.app_context(), tenant_scope("acme"):
        proposal = PairingProposal.get(PairingProposal.status == "draft")
    assert publish(admin, "acme", proposal.id).headers["Location"] == "/t/acme/admin/pairing"
    board = admin.get("/t/acme/admin/pairing").get_data(as_text=True)
    assert "Publishing the pairs and introducing the partners" in board and "Publish 1 pair" not in board
    assert publish(admin, "acme", proposal.id).status_code == 409  # once, even while it runs
    work(jobs)
    board = admin.get("/t/acme/admin/pairing").get_data(as_text=True)
    assert "Last proposal (published)" in board and "Publishing the pairs" not in board
    with app.app_context():
        assert sorted(m.to for m in OutboxMessage.select()) == ["maya@acme.example", "robert@acme.example"]


def test_a_publication_whose_worker_died_before_any_pairing_is_a_draft_again(app, admin, jobs, paired_people):
    run_proposal(admin, "acme")
    work(jobs)
    with app.app_context(), tenant_scope("acme"):
        proposal = PairingProposal.get(PairingProposal.status == "draft")
    publish(admin, "acme", proposal.id)
    worker_died(app, jobs, "tenants.pairing.board.publish_pairs")
    sweep(app, jobs)
    board = " ".join(admin.get("/t/acme/admin/pairing").get_data(as_text=True).split())
    assert "Publishing stopped and nothing was published. The background worker doing it stopped" in board
    publish(admin, "acme", proposal.id)
    work(jobs)
    with app.app_context(), tenant_scope("acme"):
        assert Pairing.select().count() == 1


def test_a_publication_run_again_creates_nothing_twice_and_introduces_nobody_twice(app, admin, paired_people):
    from tenants.pairing import board
    run_proposal(admin, "acme")
    with app.app_context(), tenant_scope("acme"):
        proposal = PairingProposal.get(PairingProposal.status == "draft")
        board.publish(proposal.id, "hr@acme.example")
        board.publish_pairs(proposal.id, "hr@acme.example")  # as a worker taking it back would
        assert Pairing.select().count() == 1
    with app.app_context():
        assert OutboxMessage.select().count() == 2


# --- the console's export -------------------------------------------------------------------------

def test_an_export_whose_worker_died_says_so(app, client, jobs):
    with app.app_context():
        firm = make_consultancy("Acme Advisory", "owner@acme.example")
    from tests.factories import make_tenant
    make_tenant(app, "acme-client", [("hr@acme-client.example", "Hana HR", "admin")], consultancy=firm)
    sign_in(client, "/console/login", "owner@acme.example")
    post_form(client, "/console/tenants/acme-client", {}, "/console/tenants/acme-client/exports")
    worker_died(app, jobs, "saas.provisioning.build_export")
    sweep(app, jobs)
    with app.app_context():
        export = TenantExport.get()
    page = " ".join(client.get(f"/console/tenants/acme-client/exports/{export.id}").get_data(as_text=True).split())
    assert "The export failed. The background worker doing it stopped" in page and "hx-trigger" not in page


# --- the queue itself -----------------------------------------------------------------------------

TEST_JOBS = {}
FAILURES = []


@job(registry=TEST_JOBS, retries=1)
def fails_once(note):
    if not FAILURES:
        FAILURES.append(note)
        raise RuntimeError("the first time, it fails")
    return note


@job(registry=TEST_JOBS)
def emails_twice(to):
    """Sends the same email twice within one run: the second is the same message."""
    return [send_mail(to, "Hello", "Once"), send_mail(to, "Hello", "Once")]


@pytest.fixture
def test_queue(app):
    queue = JobQueue(app, TEST_JOBS)
    queue.huey.immediate = False
    queue.huey.flush()
    queue.retry_after = 0
    FAILURES.clear()
    return queue


def test_a_job_that_fails_once_is_run_again(app, test_queue):
    with app.app_context():
        test_queue.queue_for(None, fails_once, "hello")
    work(test_queue)
    with app.app_context():
        (run,) = JobRun.select()
    assert (run.status, run.attempts, FAILURES) == ("done", 2, ["hello"])


def test_a_run_whose_worker_died_with_attempts_left_is_queued_again(app, test_queue):
    FAILURES.append("no failure this time")
    with app.app_context():
        test_queue.queue_for(None, fails_once, "hello")
        test_queue.huey.flush()
        JobRun.update(status="running", attempts=1, lease_until=now() - datetime.timedelta(seconds=1)).execute()
        test_queue.sweep()
    work(test_queue)
    with app.app_context():
        assert [(r.status, r.attempts) for r in JobRun.select()] == [("done", 2)]


def test_a_run_whose_message_was_lost_is_sent_again(app, test_queue):
    FAILURES.append("no failure this time")
    with app.app_context():
        test_queue.queue_for(None, fails_once, "hello")
        test_queue.huey.flush()  # taken by a worker that died before it claimed the run
        test_queue.sweep()
        assert test_queue.huey.pending_count() == 0  # its lease has not run out: it may be on its way
        JobRun.update(lease_until=now() - datetime.timedelta(seconds=1)).execute()
        test_queue.sweep()
    work(test_queue)
    with app.app_context():
        assert [(r.status, r.attempts) for r in JobRun.select()] == [("done", 1)]


def test_a_duplicate_message_runs_nothing_twice(app, test_queue):
    FAILURES.append("no failure this time")
    with app.app_context():
        test_queue.queue_for(None, fails_once, "hello")
        (run,) = JobRun.select()
        test_queue.send(run)
    work(test_queue)
    with app.app_context():
        assert [(r.status, r.attempts) for r in JobRun.select()] == [("done", 1)]


def test_a_keyed_run_is_queued_once(app, test_queue):
    with app.app_context():
        assert test_queue.queue_for(None, fails_once, "a", key="monday 08:00") is not None
        assert test_queue.queue_for(None, fails_once, "a", key="monday 08:00") is None
        assert JobRun.select().count() == 1


def test_the_keeper_renews_the_leases_of_the_runs_it_holds(app, test_queue):
    from saas.jobs import Keeper
    with app.app_context():
        test_queue.queue_for(None, fails_once, "hello")
        JobRun.update(status="running", attempts=1, lease_until=now()).execute()
        keeper = Keeper(test_queue)
        keeper.hold(JobRun.get())
        keeper.renew()
        assert JobRun.get().lease_until > now() + test_queue.lease / 2


def test_an_email_is_sent_once_however_often_it_is_queued_or_delivered(app, test_queue):
    with app.app_context():
        test_queue.queue_for(None, emails_twice, "ada@example.org")
    work(test_queue)
    with app.app_context():
        mail = OutgoingMail.get()
        deliver(mail.id)  # a late duplicate of its delivery
        assert [(m.to, m.subject) for m in OutboxMessage.select()] == [("ada@example.org", "Hello")]
        assert mail.key and OutgoingMail.get().status == "sent"


# --- links ----------------------------------------------------------------------------------------

def test_links_in_emails_come_from_base_url_not_from_the_request(app, acme):
    client = app.test_client()
    client.environ_base["HTTP_HOST"] = "attacker.example"  # what the request says its host is
    form = "/t/acme/forgot"
    client.post(form, data={"email": "maya@acme.example", "csrf_token": csrf_token(client, form)})
    with app.app_context():
        body = OutboxMessage.get(OutboxMessage.to == "maya@acme.example").body
    assert "attacker" not in body and re.search(r"http://localhost/t/acme/reset/\S+", body)


def test_a_staff_invitation_links_to_base_url(app, client):
    with app.app_context():
        firm = make_consultancy("Acme Advisory", "owner@acme.example")
        add_staff(firm, "other@acme.example")
    client.environ_base["HTTP_HOST"] = "attacker.example"
    sign_in(client, "/console/login", "owner@acme.example")
    post_form(client, "/console/staff", {"email": "new@acme.example", "role": "consultant"},
              "/console/staff/invitations")
    with app.app_context():
        body = OutboxMessage.get(OutboxMessage.to == "new@acme.example").body
    assert re.search(r"http://localhost/console/join/\S+", body)
