"""Stripe's events are handled by the job worker: a real consumer process, started as in
production (`huey_consumer saas.worker.huey`), re-reads the subscription from the Stripe double."""
import os
import subprocess
import sys
import time

from saas import create_app
from saas.billing.models import StripeEvent, Subscription
from saas.billing.prices import sync_prices
from saas.config import ROOT
from tenants.models import now
from tests.billing.conftest import deliver, of_type, subscribe
from tests.factories import make_consultancy, make_tenant, post_form, sign_in


def test_a_consumer_process_handles_a_webhook_event(tmp_path, stripe_double):
    settings = {"INSTANCE_PATH": str(tmp_path / "instance"), "STRIPE_SECRET_KEY": stripe_double.secret_key,
                "STRIPE_WEBHOOK_SECRET": stripe_double.webhook_secret, "STRIPE_API_BASE": stripe_double.url,
                "STRIPE_MAX_NETWORK_RETRIES": "1"}
    app = create_app({**settings, "STRIPE_MAX_NETWORK_RETRIES": 1, "TESTING": True, "SECRET_KEY": "test-secret"})
    with app.app_context():
        sync_prices()
        kite = make_consultancy("Kite Partners", "kim@kite.example")
    make_tenant(app, "acme", [("maya@acme.example", "Maya Chen", "mentor")], consultancy=kite)
    kim = app.test_client()
    sign_in(kim, "/console/login", "kim@kite.example")
    completed = of_type(subscribe(kim, stripe_double), "checkout.session.completed")

    assert deliver(app.test_client(), stripe_double, completed).status_code == 200
    with app.app_context():
        assert StripeEvent.get().status == "received"  # queued for the worker, not handled here

    consumer = subprocess.Popen([sys.executable, "-m", "huey.bin.huey_consumer", "saas.worker.huey", "--workers", "1",
                                 "--quiet"], cwd=ROOT, env={"PATH": os.environ["PATH"], **settings},
                                stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    try:
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            with app.app_context():
                if StripeEvent.get().status != "received":
                    break
            time.sleep(0.2)
    finally:
        consumer.terminate()
        output = consumer.communicate(timeout=30)[0].decode()
    with app.app_context():
        assert StripeEvent.get().status == "done", output
        assert Subscription.get().stripe_id == completed["data"]["object"]["subscription"]
    app.extensions["databases"].close()


def test_seats_and_a_deleted_clients_subscription_are_settled_by_a_consumer_process(tmp_path, stripe_double):
    """The seat count (queued every minute) and the end of a deleted client's subscription both
    reach Stripe from a real consumer process."""
    from saas.billing.seats import sync_changed_seats
    from tests.billing.conftest import billing_settings
    from tests.jobs.conftest import SHORT_LEASES, Consumer, wait_for

    settings = {"INSTANCE_PATH": str(tmp_path / "instance"), "SECRET_KEY": "test-secret", **SHORT_LEASES,
                "STRIPE_SECRET_KEY": stripe_double.secret_key, "STRIPE_WEBHOOK_SECRET": stripe_double.webhook_secret,
                "STRIPE_API_BASE": stripe_double.url, "STRIPE_MAX_NETWORK_RETRIES": "1"}
    app = create_app({**billing_settings(stripe_double, lambda: now()), "INSTANCE_PATH": settings["INSTANCE_PATH"],
                      "SECRET_KEY": "test-secret", "TESTING": True})
    with app.app_context():
        sync_prices()
        kite = make_consultancy("Kite Partners", "kim@kite.example")
    make_tenant(app, "acme", [("hr@acme.example", "Hana HR", "admin"), ("maya@acme.example", "Maya Chen", "mentor")],
                consultancy=kite)
    kim, hana = app.test_client(), app.test_client()
    sign_in(kim, "/console/login", "kim@kite.example")
    sign_in(hana, "/t/acme/login", "hr@acme.example")
    events = subscribe(kim, stripe_double)
    subscription_id = of_type(events, "customer.subscription.created")["data"]["object"]["id"]
    assert stripe_double.get(subscription_id)["items"]["data"][0]["quantity"] == 1  # Maya
    consumer = Consumer(settings, tmp_path / "consumer.log").start()
    try:
        deliver(app.test_client(), stripe_double, of_type(events, "checkout.session.completed"))
        wait_for(lambda: handled(app), "the subscription recorded", consumer)
        post_form(hana, "/t/acme/admin/people", {"name": "Ann", "email": "ann@acme.example", "role": "mentor"},
                  "/t/acme/admin/people/invite")
        with app.app_context():
            app.extensions["jobs"].schedules[sync_changed_seats.name]()  # what the consumer's clock does each minute
        wait_for(lambda: stripe_double.get(subscription_id)["items"]["data"][0]["quantity"] == 2,
                 "the seats counted into Stripe", consumer)
        assert post_form(kim, "/console/tenants/acme/delete", {"confirm": "acme"}).status_code == 302
        wait_for(lambda: stripe_double.get(subscription_id)["status"] == "canceled", "the subscription ended", consumer)
    finally:
        consumer.stop()
        app.extensions["databases"].close()


def handled(app):
    with app.app_context():
        return StripeEvent.get().status == "done"
