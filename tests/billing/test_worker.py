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
from tests.billing.conftest import deliver, of_type, subscribe
from tests.factories import make_consultancy, make_tenant, sign_in


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
