"""kill -9 of the job consumer in the middle of a job: the next consumer takes the work back once
the dead one's lease runs out, and it ends as a person expects (everyone invited exactly once).
These are also where the large jobs (import, proposal, publication) run in a real worker.

To kill it in the middle for certain, the test freezes it (SIGSTOP) as soon as the work shows
it has begun, or holds a write lock on the tenant's data so that the job waits at its next
write; it checks that the work is unfinished, then kills."""
import collections
import re
import sqlite3
from contextlib import contextmanager
from pathlib import Path

import psycopg2

from saas.control import JobRun, OutgoingMail
from saas.tenancy import tenant_scope
from tests.jobs.conftest import link_in, outbox, ran, wait_for
from tests.jobs.factories import import_file, people_csv, publish, ready_pairs, run_proposal, signed_in_admin


@contextmanager
def writes_held(settings, slug, table):
    """Hold back writes to a tenant's `table` (on SQLite, to its whole file); reads go on."""
    if settings.get("DATABASE_URL"):
        holder = psycopg2.connect(settings["DATABASE_URL"])
        holder.cursor().execute(f'LOCK TABLE "tenant_{slug.replace("-", "_")}"."{table}" IN EXCLUSIVE MODE')
    else:
        holder = sqlite3.connect(Path(settings["INSTANCE_PATH"]) / "tenants" / f"{slug}.sqlite3", isolation_level=None)
        holder.execute("BEGIN IMMEDIATE")
    try:
        yield
    finally:
        holder.rollback()
        holder.close()


def runs_of(web, name):
    with web.app_context():
        return list(JobRun.select().where(JobRun.name == name))


def mails_to(web, domain, status=None):
    with web.app_context():
        query = OutgoingMail.select().where(OutgoingMail.to.endswith(domain))
        return query.where(OutgoingMail.status == status).count() if status else query.count()


def test_a_worker_killed_mid_import_is_replaced_and_everyone_is_invited_once(web, settings, start_consumer):
    admin = signed_in_admin(web, "crash-import")
    first = start_consumer("first")
    status = import_file(admin, "crash-import", people_csv("crash-import", 600))
    wait_for(lambda: mails_to(web, "@crash-import.example"), "the first invitations", first)
    first.freeze()
    assert mails_to(web, "@crash-import.example") < 600, "the kill must come mid-way"
    first.kill()
    assert "importing" in admin.get(status).get_data(as_text=True).lower()

    second = start_consumer("second")
    wait_for(lambda: "Done: 600 people added" in admin.get(status).get_data(as_text=True),
             "the import, finished by the second worker", second)
    wait_for(lambda: mails_to(web, "@crash-import.example", "sent") == 600, "every invitation sent", second)
    invitations = outbox(web, "You are invited to", "@crash-import.example")
    assert collections.Counter(to for to, _, _ in invitations) == {f"p{n}@crash-import.example": 1 for n in range(600)}
    assert all(link_in(body, "/t/crash-import/welcome/") for _, _, body in invitations)
    (run,) = runs_of(web, "tenants.people.imports.run_import")
    assert (run.status, run.attempts) == ("done", 2)


def test_a_worker_killed_mid_proposal_is_replaced_and_it_is_published(web, settings, start_consumer):
    admin = signed_in_admin(web, "crash-pairs")
    with web.app_context(), tenant_scope("crash-pairs"):
        ready_pairs("crash-pairs", 250)
    run_proposal(admin, "crash-pairs")
    board = admin.get("/t/crash-pairs/admin/pairing").get_data(as_text=True)
    progress = re.search(r'hx-get="(/t/crash-pairs/admin/pairing/proposals/\d+/progress)"', board).group(1)
    first = start_consumer("first")
    with writes_held(settings, "crash-pairs", "pairing_proposal"):  # the job computes, then waits to save
        wait_for(lambda: 'value="95"' in admin.get(progress, headers={"HX-Request": "true"}).get_data(as_text=True),
                 "the proposal computed and waiting to be saved", first)
        first.kill()
    assert "Pairing everyone in the programme" in admin.get("/t/crash-pairs/admin/pairing").get_data(as_text=True)

    second = start_consumer("second")
    board = wait_for(lambda: "Publish 250 pairs" in (page := admin.get("/t/crash-pairs/admin/pairing").get_data(
        as_text=True)) and page, "the proposal, made by the second worker", second)
    assert admin.get(progress, headers={"HX-Request": "true"}).headers["HX-Refresh"] == "true"  # the poll stops
    (run,) = runs_of(web, "tenants.pairing.board.propose_in_the_background")
    assert run.status == "done" and run.attempts >= 2

    publish(admin, "crash-pairs", re.search(r"/proposals/(\d+)/publish", board).group(1))
    wait_for(lambda: "Last proposal (published)" in admin.get("/t/crash-pairs/admin/pairing").get_data(as_text=True),
             "the publication, by a job as well", second)
    wait_for(lambda: mails_to(web, "@crash-pairs.example", "sent") == 500, "both partners of each pair told", second)
    introductions = outbox(web, "Meet your reverse-mentoring partner", "@crash-pairs.example")
    assert set(collections.Counter(to for to, _, _ in introductions).values()) == {1} and len(introductions) == 500
    assert all(link_in(body, "/t/crash-pairs/") for _, _, body in introductions)
    ran(web, "tenants.pairing.board.publish_pairs")
