"""The programme manager hears of a low-trust flag at once and of other new red flags in one
digest a day, only when something is new (through the development outbox); once, the nightly
recompute runs in a real job consumer process."""
import datetime
import os
import subprocess
import sys
import time
from pathlib import Path

from saas import create_app
from saas.control import OutboxMessage
from tenants.pairing.models import Pairing
from tenants.tracker import alerts, readings
from tenants.tracker.models import FlagRaised, PhaseChange, PhaseReading
from tests.factories import last_email, make_tenant
from tests.pair_space.test_space import post
from tests.tracker.conftest import FOURS, as_user, in_tenant, make_pairing, reading_of, write

ROOT = Path(__file__).resolve().parents[2]
LOW_TRUST = {"clarity": "4", "needs": "3", "trust": "1", "effectiveness": "3", "learning": "4", "comment": ""}


def sent(app, subject_starts):
    with app.app_context():
        return [message.to for message in OutboxMessage.select().where(OutboxMessage.subject.startswith(subject_starts))]


def test_a_low_trust_answer_emails_the_programme_manager_at_once_and_once(app, pairs):
    ivy = as_user(app, "ivy@acme.example")
    assert post(ivy, pairs["ivy"], "pulse", LOW_TRUST).status_code == 302  # round 2 is open on day 70
    assert sent(app, "A coach check-in is advised") == ["hr@acme.example"]
    mail = last_email(app, "hr@acme.example")
    assert mail.subject == "A coach check-in is advised: Ivy Third & Vera Voss"
    assert "The mentor answered 1 on trust in round 2: a coach check-in is advised at once." in mail.body
    assert f"http://localhost/t/acme/admin/phases/pairs/{pairs['ivy']}" in mail.body
    post(ivy, pairs["ivy"], "meetings/past", {"past-day": datetime.date.today().isoformat(), "past-minutes": "30",
                                              "past-initiated_by": "mentor", "past-agenda": ""})
    assert sent(app, "A coach check-in is advised") == ["hr@acme.example"]  # still on, not new: not told again


def test_new_red_flags_go_in_one_digest_a_day_and_only_when_one_is_new(app, pairs):
    with in_tenant(app):
        assert alerts.send_digest() == 1
    mail = last_email(app, "hr@acme.example")
    assert mail.subject == "Phases: new red flags on 1 pairing"
    assert "Ivy Third & Vera Voss\n- Neglect: No meeting held in the 70 days since the start" in mail.body
    assert "Sam Stone" not in mail.body and "Stalled learning" not in mail.body  # amber flags wait on the dashboard
    with in_tenant(app):
        assert alerts.send_digest() == 0  # one a day at most
        for flag in FlagRaised.select().where(FlagRaised.digested.is_null(False)):
            flag.digested -= datetime.timedelta(days=1)
            flag.save()
        assert alerts.send_digest() == 0  # a new day, but nothing new
        write(Pairing.get_by_id(pairs["sam"]), [(2, "offer_made", "mentor", {"offer": 9006})])  # two offers waiting
        assert alerts.send_digest() == 1
    mail = last_email(app, "hr@acme.example")
    assert "Sam Stone & Uma Umar\n- Unanswered offer: Two offers have waited more than 14 days" in mail.body
    assert "Ivy Third" not in mail.body
    assert len(sent(app, "Phases: new red flags")) == 2


def test_a_low_trust_flag_is_not_told_twice_by_the_digest(app, pairs):
    ivy = as_user(app, "ivy@acme.example")
    post(ivy, pairs["ivy"], "pulse", LOW_TRUST)
    with in_tenant(app):
        alerts.send_digest()
    assert "Low trust" not in last_email(app, "hr@acme.example").body
    assert len(sent(app, "A coach check-in is advised")) == 1


def test_a_real_consumer_runs_the_nightly_recompute_the_alert_and_the_digest(tmp_path):
    app = create_app({"INSTANCE_PATH": str(tmp_path / "instance"), "SECRET_KEY": "test-secret", "TESTING": True,
                      "JOBS_IMMEDIATE": False})
    make_tenant(app, "acme", [("hr@acme.example", "Hana HR", "admin"), ("maya@acme.example", "Maya Chen", "mentor"),
                              ("robert@acme.example", "Robert Okafor", "mentee")])
    with in_tenant(app):
        pairing = make_pairing("maya@acme.example", "robert@acme.example", days_ago=70)
        write(pairing, [(61, "pulse", "mentor", {"round": 2, "items": {**FOURS, "trust": 1}})])
        for model in (PhaseReading, PhaseChange, FlagRaised):  # as if published before the tracker: never read
            model.delete().execute()
        app.extensions["jobs"].queue_for("acme", readings.read_every_pairing)
    env = {**os.environ, "INSTANCE_PATH": str(tmp_path / "instance"), "SECRET_KEY": "test-secret"}
    consumer = subprocess.Popen([sys.executable, "-m", "huey.bin.huey_consumer", "saas.worker.huey", "-w", "1",
                                 "-k", "thread", "-d", "0.1"], cwd=ROOT, env=env,
                                stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)

    def waited_for(subject):
        for _ in range(300):  # up to 30 s
            if sent(app, subject) or consumer.poll() is not None:
                break
            time.sleep(0.1)
        return sent(app, subject)

    try:  # the nightly reads the pairing and queues the low-trust alert; then the digest is queued
        alerted = waited_for("A coach check-in is advised")
        with in_tenant(app):
            app.extensions["jobs"].queue_for("acme", alerts.send_digest)
        digested = waited_for("Phases: new red flags")
    finally:
        consumer.terminate()
        _, errors = consumer.communicate(timeout=10)
    assert alerted == ["hr@acme.example"] and digested == ["hr@acme.example"], errors.decode()[-2000:]
    reading = reading_of(app, pairing.id)
    assert (reading.phase, [name for name, _, _ in reading.read("flags")]) == (
        "role-taking", ["neglect", "low_trust", "stalled_learning"])
