"""Daily reminders arrive through a real SMTP server on loopback, everything due gathered in
one email, and nobody gets more than one a week. Once, the job runs in a real consumer process."""
import datetime
import os
import subprocess
import sys
import time
from pathlib import Path

import pytest

from saas import create_app
from tenants.pair_space import reminders
from tests.factories import make_tenant
from tests.pair_space.conftest import in_tenant, make_pairing
from tests.platform.smtp import Inbox, free_port

ROOT = Path(__file__).resolve().parents[2]
PEOPLE = [("hr@acme.example", "Hana HR", "admin"), ("maya@acme.example", "Maya Chen", "mentor"),
          ("robert@acme.example", "Robert Okafor", "mentee")]


@pytest.fixture
def inbox():
    from aiosmtpd.controller import Controller

    received, port = Inbox(), free_port()
    controller = Controller(received, hostname="127.0.0.1", port=port)
    controller.start()
    received.url = f"smtp://127.0.0.1:{port}"
    yield received
    controller.stop()


def smtp_app(tmp_path, inbox, immediate=True):
    return create_app({"INSTANCE_PATH": str(tmp_path / "instance"), "SMTP_URL": inbox.url, "TESTING": True,
                       "SECRET_KEY": "test-secret", "JOBS_IMMEDIATE": immediate, "BASE_URL": "http://localhost"})


def quiet_pairing(app, offer_days_ago=8):
    """Maya and Robert, paired 40 days ago: no meeting, pulse round 1 open for 10 days, and an
    offer of Maya's waiting `offer_days_ago` days for Robert."""
    from tenants.pair_space.models import Offer

    make_tenant(app, "acme", PEOPLE)
    with in_tenant(app):
        pairing = make_pairing("maya@acme.example", "robert@acme.example", days_ago=40)
        Offer.create(pairing=pairing, by="mentor", kind="session", text="Prompts",
                     made=datetime.datetime.utcnow() - datetime.timedelta(days=offer_days_ago))


def received(inbox):
    return {recipients[0]: message for recipients, message in inbox.messages}


def test_everything_due_is_gathered_into_one_email_a_week(tmp_path, inbox):
    from tenants.pair_space.models import ReminderSent

    app = smtp_app(tmp_path, inbox)
    quiet_pairing(app)
    with in_tenant(app):
        assert reminders.send_reminders() == 2
    mails = received(inbox)
    assert sorted(mails) == ["maya@acme.example", "robert@acme.example"]
    robert = mails["robert@acme.example"].get_content()
    assert mails["robert@acme.example"]["Subject"] == "Your reverse mentoring: 3 things waiting"
    assert "Maya's offer (a working session) has waited 8 days for your answer." in robert
    assert "Your pulse (round 1) is still open" in robert and "You and Maya have not met for 40 days" in robert
    assert "http://localhost/t/acme/pairs/1/" in robert
    assert "for your answer" not in mails["maya@acme.example"].get_content()  # the offer is Robert's to answer
    with in_tenant(app):
        assert reminders.send_reminders() == 0  # a second run the same week sends nothing
        for sent in ReminderSent.select():
            sent.sent -= datetime.timedelta(days=7, minutes=1)
            sent.save()
        assert reminders.send_reminders() == 2
    assert len(inbox.messages) == 4


def test_a_real_consumer_runs_the_reminders_and_delivers_them(tmp_path, inbox):
    app = smtp_app(tmp_path, inbox, immediate=False)
    quiet_pairing(app)
    with app.app_context():
        app.extensions["jobs"].queue_for("acme", reminders.send_reminders)
    env = {**os.environ, "INSTANCE_PATH": str(tmp_path / "instance"), "SMTP_URL": inbox.url,
           "SECRET_KEY": "test-secret", "BASE_URL": "https://mentorup.example"}
    consumer = subprocess.Popen([sys.executable, "-m", "huey.bin.huey_consumer", "saas.worker.huey", "-w", "2",
                                 "-k", "thread", "-d", "0.1"], cwd=ROOT, env=env,
                                stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    try:
        for _ in range(300):  # up to 30 s for the job and both deliveries
            if len(inbox.messages) >= 2 or consumer.poll() is not None:
                break
            time.sleep(0.1)
    finally:
        consumer.terminate()
        _, errors = consumer.communicate(timeout=10)
    mails = received(inbox)
    assert sorted(mails) == ["maya@acme.example", "robert@acme.example"], errors.decode()[-2000:]
    assert "https://mentorup.example/t/acme/pairs/1/" in mails["maya@acme.example"].get_content()
