"""The demo's tenants hold every phase and every risk flag, each pairing with its stored reading
and a stored journey equal to journey() of its events."""
import json

import pytest

from saas import demo
from saas.tenancy import tenant_scope
from tenants.models import now
from tenants.pair_space.events import events_of
from tenants.pairing.models import Pairing
from tenants.phases import FLAGS, PHASES, journey
from tenants.tracker.models import PhaseChange, PhaseReading
from tenants.tracker.readings import history_of, programme_rules


@pytest.fixture
def database_url():
    """SQLite only: the demo is the same data on either database, and takes a few seconds to load."""
    return ""


def test_the_demo_shows_every_phase_and_every_flag_with_stored_readings(app):
    phases, flags = set(), set()
    with app.app_context():
        demo.load()
        for slug, *_ in demo.CLIENTS:
            with tenant_scope(slug):
                rules, today = programme_rules(), now().date()
                for pairing in Pairing.select():
                    reading = PhaseReading.get(PhaseReading.pairing == pairing)
                    stored = [(c.on, c.phase, json.loads(c.reasons)) for c in
                              PhaseChange.select().where(PhaseChange.pairing == pairing).order_by(PhaseChange.number)]
                    assert stored == journey(history_of(events_of(pairing)), today, rules)
                    if pairing.status == "active":
                        phases.add(reading.phase)
                        flags.update(name for name, _, _ in reading.read("flags"))
    assert phases == set(PHASES) and flags == set(FLAGS)
