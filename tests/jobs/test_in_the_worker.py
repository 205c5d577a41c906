"""Every job, run once by a real consumer process, its outcome read where a person would: the
emails in the development outbox (with links that start with BASE_URL and work) and the
console. The large jobs (an import, a proposal and its publication) run in test_crashes.py."""
import datetime
import importlib
import io
import re
import zipfile

from saas import create_app
from saas.control import OutgoingMail, Tenant, TenantRollup
from saas.databases import SPARE_SCHEMAS
from saas.tenancy import tenant_scope
from tenants.models import now
from tenants.people.models import User
from tests.factories import make_consultancy, make_tenant, post_form, sign_in
from tests.jobs.conftest import link_in, outbox, ran, wait_for

# Which test runs which job in a real consumer (here, in test_crashes.py for the large ones, or
# next to the capability). A new job fails the last test until it is here.
HERE = "tests.jobs.test_in_the_worker:"
NEW_CLIENT = HERE + "test_a_new_client_and_a_password_reset_are_emailed_with_links_to_base_url"
SCHEDULED = HERE + "test_scheduled_jobs_run_for_every_tenant"
EXPORT = HERE + "test_an_export_is_built_in_the_worker_and_downloaded"
KILLED_MID_IMPORT = "tests.jobs.test_crashes:test_a_worker_killed_mid_import_is_replaced_and_everyone_is_invited_once"
KILLED_MID_PROPOSAL = "tests.jobs.test_crashes:test_a_worker_killed_mid_proposal_is_replaced_and_it_is_published"
BILLING = "tests.billing.test_worker:test_seats_and_a_deleted_clients_subscription_are_settled_by_a_consumer_process"
TRACKER = "tests.tracker.test_alerts:test_a_real_consumer_runs_the_nightly_recompute_the_alert_and_the_digest"
CERTIFICATES = "tests.certificates.test_batches:test_a_second_request_joins_the_batch_and_one_consumer_runs_it"
RUN_BY = {
    "saas.mail.deliver": NEW_CLIENT,
    "saas.rollups.refresh_rollup": NEW_CLIENT,
    "saas.provisioning.keep_spare_schemas": NEW_CLIENT,
    "tenants.people.imports.run_import": KILLED_MID_IMPORT,
    "tenants.pairing.board.propose_in_the_background": KILLED_MID_PROPOSAL,
    "tenants.pairing.board.publish_pairs": KILLED_MID_PROPOSAL,
    "saas.provisioning.build_export": EXPORT,
    "saas.rollups.refresh_all_rollups": SCHEDULED,
    "tenants.people.invitations.remind_stalled": SCHEDULED,
    "saas.mail.forget_old_mail": SCHEDULED,
    "tenants.pair_space.reminders.send_reminders":
        "tests.pair_space.test_reminders:test_a_real_consumer_runs_the_reminders_and_delivers_them",
    "saas.billing.events.handle_event": "tests.billing.test_worker:test_a_consumer_process_handles_a_webhook_event",
    "saas.billing.seats.sync_changed_seats": BILLING,
    "saas.billing.seats.sync_seats": BILLING,
    "saas.billing.subscriptions.end_subscription_of_deleted_tenant": BILLING,
    "tenants.tracker.readings.read_every_pairing": TRACKER,
    "tenants.tracker.alerts.alert_low_trust": TRACKER,
    "tenants.tracker.alerts.send_digest": TRACKER,
    "tenants.certificates.batches.build_batch": CERTIFICATES,
    "tenants.certificates.issuing.check_pairing": CERTIFICATES,
    "tenants.certificates.issuing.issue_earned": CERTIFICATES,
    "tenants.reports.building.build_report":
        "tests.reports.test_programme_report:test_asked_twice_at_once_one_job_and_a_real_consumer_builds_it",
}


def test_a_new_client_and_a_password_reset_are_emailed_with_links_to_base_url(web, consumer):
    with web.app_context():
        make_consultancy("Kite Partners", "owner@kite.example")
    owner = web.test_client()
    sign_in(owner, "/console/login", "owner@kite.example")
    client = {"name": "Orbit Bank", "slug": "orbit", "program": "Orbit Mentoring", "admin_name": "Olga Orbit",
              "admin_email": "olga@orbit.example", "color": "#1f5f8b"}
    assert post_form(owner, "/console/tenants/new", client, content_type="multipart/form-data").status_code == 302
    (_, _, body), = wait_for(lambda: outbox(web, "You are invited to", "@orbit.example"), "the manager's invitation",
                             consumer)
    password = {"password": "olga's new password", "confirm": "olga's new password"}
    assert post_form(web.test_client(), link_in(body, "/t/orbit/welcome/"), password).status_code == 302

    post_form(web.test_client(), "/t/orbit/forgot", {"email": "olga@orbit.example"})
    (_, _, body), = wait_for(lambda: outbox(web, "Reset your password", "@orbit.example"), "the reset email", consumer)
    assert web.test_client().get(link_in(body, "/t/orbit/reset/")).status_code == 200
    wait_for(lambda: _rollup(web, "orbit"), "the console's numbers for the new client", consumer)
    ran(web, "saas.mail.deliver", "saas.rollups.refresh_rollup")
    if web.extensions["databases"].postgres:  # the next client's schema is made ahead
        wait_for(lambda: _spares(web) == SPARE_SCHEMAS, "the spare schemas", consumer)
        ran(web, "saas.provisioning.keep_spare_schemas")


def _spares(web):
    with web.app_context():
        return web.extensions["databases"].control.execute_sql(
            "SELECT count(*) FROM pg_namespace WHERE nspname LIKE 'spare%%'").fetchone()[0]


def _rollup(web, slug):
    with web.app_context():
        return TenantRollup.select().join(Tenant).where(Tenant.slug == slug).exists()


def test_an_export_is_built_in_the_worker_and_downloaded(web, consumer):
    with web.app_context():
        firm = make_consultancy("Export Advisory", "owner@export.example")
    make_tenant(web, "exported", [("hr@exported.example", "Hana HR", "admin")], consultancy=firm)
    owner = web.test_client()
    sign_in(owner, "/console/login", "owner@export.example")
    started = post_form(owner, "/console/tenants/exported", {}, "/console/tenants/exported/exports",
                        headers={"HX-Request": "true"}).get_data(as_text=True)
    progress = re.search(r'hx-get="(/console/tenants/exported/exports/\d+)"', started).group(1)
    ready = wait_for(lambda: "Export ready" in (page := owner.get(progress).get_data(as_text=True)) and page,
                     "the export", consumer)
    download = re.search(r'href="(/console/tenants/exported/exports/\d+/download)"', ready).group(1)
    assert "hr@exported.example" in zipfile.ZipFile(io.BytesIO(owner.get(download).data)).read("csv/user.csv").decode()
    ran(web, "saas.provisioning.build_export")


def test_scheduled_jobs_run_for_every_tenant(web, consumer):
    make_tenant(web, "monday", [("hr@monday.example", "Hana HR", "admin")])
    with web.app_context(), tenant_scope("monday"):
        User.create(email="late@monday.example", name="Lee Late", role="mentor",
                    invited=now() - datetime.timedelta(days=8))
    with web.app_context():
        old = OutgoingMail.create(key="sent long ago", to="old@monday.example", subject="Old", body="…", status="sent",
                                  created=now() - datetime.timedelta(days=15))
    schedules = web.extensions["jobs"].schedules
    with web.app_context():
        schedules["tenants.people.invitations.remind_stalled"]()  # what the consumer's clock does on Mondays
        schedules["saas.rollups.refresh_all_rollups"]()  # … and every 15 minutes
        schedules["saas.mail.forget_old_mail"]()  # … and every night
    (_, _, body), = wait_for(lambda: outbox(web, "A reminder", "@monday.example"), "the reminder", consumer)
    link_in(body, "/t/monday/welcome/")
    wait_for(lambda: _rollup(web, "monday"), "the console's numbers for every tenant", consumer)
    wait_for(lambda: not _mail_kept(web, old.key), "old emails forgotten", consumer)
    ran(web, "saas.rollups.refresh_all_rollups", "tenants.people.invitations.remind_stalled",
        "saas.mail.forget_old_mail")


def _mail_kept(web, key):
    with web.app_context():
        return OutgoingMail.select().where(OutgoingMail.key == key).exists()


def test_every_job_is_run_by_a_real_consumer_in_some_test(tmp_path):
    registered = create_app({"INSTANCE_PATH": str(tmp_path)}).extensions["jobs"].tasks
    assert set(RUN_BY) == set(registered), "add the new job to a test and to RUN_BY"
    for test in RUN_BY.values():
        module, name = test.split(":")
        assert callable(getattr(importlib.import_module(module), name, None)), f"there is no test {test}"
