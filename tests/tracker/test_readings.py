"""Each pairing's stored reading follows every event in the transaction that wrote it, its stored
journey is journey() of the same events, and the nightly recompute brings in what time alone
changes (and reads the pairings nobody read yet)."""
import datetime
import json
import random

from tenants.models import now
from tenants.pair_space import events
from tenants.pair_space.models import PairingEvent
from tenants.pairing.models import Pairing
from tenants.people.models import User
from tenants.phases import PHASES, journey, phase_of
from tenants.tracker import readings
from tenants.tracker.models import FlagRaised, PhaseChange, PhaseReading
from tests.factories import password_hash
from tests.pair_space.test_space import local_day, post
from tests.phases.histories import KINDS, realistic_history
from tests.tracker.conftest import as_user, in_tenant, reading_of, write


def stored_journey(pairing_id):
    return [(change.on, change.phase, json.loads(change.reasons)) for change in
            PhaseChange.select().where(PhaseChange.pairing == pairing_id).order_by(PhaseChange.number)]


def test_an_action_in_the_pair_space_is_read_in_the_request_that_wrote_it(app, pairs):
    before = reading_of(app, pairs["ivy"])
    assert "Meetings held: 0 of 2" in before.reasons and before.reds == 1  # neglect: no meeting in 70 days
    ivy = as_user(app, "ivy@acme.example")
    logged = post(ivy, pairs["ivy"], "meetings/past", {"past-day": local_day(-1), "past-minutes": "60",
                                                       "past-initiated_by": "mentor", "past-agenda": ""})
    assert logged.status_code == 302
    after = reading_of(app, pairs["ivy"])
    assert "Meetings held: 1 of 2" in after.reasons
    assert [name for name, _, _ in after.read("flags")] == ["stalled_learning"]  # the meeting ended the neglect


def test_the_stored_journey_and_reading_are_those_of_the_engine_on_the_same_events(app, acme):
    rng, today, seen = random.Random(13), now().date(), set()
    with in_tenant(app):
        for n, kind in enumerate(KINDS):
            start = today - datetime.timedelta(days=rng.randint(120, 260))
            mentor = User.create(email=f"mentor{n}@acme.example", name=f"Mentor {n}", role="mentor",
                                 password_hash=password_hash())
            mentee = User.create(email=f"mentee{n}@acme.example", name=f"Mentee {n}", role="mentee",
                                 password_hash=password_hash())
            pairing = Pairing.create(mentor=mentor, mentee=mentee, started=datetime.datetime.combine(start, datetime.time(9)))
            history = realistic_history(rng, start, today, kind)
            for event in history:  # one by one, as the pair space writes them: a reading after each
                events.write(pairing, event.kind, by=event.by, on=event.on, **event.data)
            expected = phase_of(history, today)
            reading = PhaseReading.get(PhaseReading.pairing == pairing)
            assert stored_journey(pairing.id) == journey(history, today), kind
            assert (reading.phase, reading.since, reading.ended, reading.read("reasons"), reading.read("next_steps")) \
                == (expected.phase, expected.since, expected.ended, expected.reasons, expected.next_steps), kind
            assert reading.read("flags") == [list(flag) for flag in expected.flags], kind
            seen.update((phase, "Moved back" in reasons[0]) for _, phase, reasons in journey(history, today))
    assert {phase for phase, _ in seen} == set(PHASES) and any(back for _, back in seen)  # every phase, and a regression


def test_the_nightly_recompute_raises_the_flags_that_time_alone_brings(app, pairs):
    with in_tenant(app):  # a month passes without anything happening: move Maya and Robert's history back
        for event in PairingEvent.select().where(PairingEvent.pairing == pairs["maya"]):
            event.on -= datetime.timedelta(days=30)
            event.save()
    assert reading_of(app, pairs["maya"]).read("flags") == []  # nobody acted: nothing was read again
    with in_tenant(app):
        assert readings.read_every_pairing() == 3
        assert [flag.name for flag in FlagRaised.select().where(FlagRaised.pairing == pairs["maya"])] == ["neglect"]
    flags = reading_of(app, pairs["maya"]).read("flags")
    assert flags == [["neglect", "amber", flags[0][2]]] and "No meeting held for 50 days" in flags[0][2]


def test_the_nightly_recompute_reads_pairings_never_read_and_leaves_ended_ones(app, pairs):
    from tenants.pairing.board import end_pairing

    with in_tenant(app):
        end_pairing(Pairing.get_by_id(pairs["sam"]), "Sam left", "hr@acme.example")
        ended = PhaseReading.get(PhaseReading.pairing == pairs["sam"])
        assert ended.ended == now().date()
        PhaseReading.update(read_on=ended.read_on - datetime.timedelta(days=1)).where(
            PhaseReading.pairing == pairs["sam"]).execute()
        PhaseReading.delete().where(PhaseReading.pairing == pairs["maya"]).execute()  # as if published before the tracker
        PhaseChange.delete().where(PhaseChange.pairing == pairs["maya"]).execute()
        assert readings.read_every_pairing() == 2
        assert PhaseReading.get(PhaseReading.pairing == pairs["maya"]).phase == "role-making"
        assert PhaseReading.get(PhaseReading.pairing == pairs["sam"]).read_on < now().date()  # not read again
        assert len(stored_journey(pairs["maya"])) == 2


def test_an_ended_pairing_raises_no_new_flag(app, pairs):
    from tenants.pairing.board import end_pairing

    with in_tenant(app):
        end_pairing(Pairing.get_by_id(pairs["sam"]), "Sam left", "hr@acme.example")
        write(Pairing.get_by_id(pairs["sam"]), [(0, "offer_made", "mentor", {"offer": 9100})])
        assert FlagRaised.select().where(FlagRaised.pairing == pairs["sam"], FlagRaised.level == "red").count() == 0
    assert reading_of(app, pairs["sam"]).ended == now().date()


def test_a_meeting_logged_on_the_day_before_the_start_in_utc_counts_on_the_start_day(app, pairs):
    with in_tenant(app):
        pairing = Pairing.get_by_id(pairs["sam"])
        events.write(pairing, "meeting_held", by="mentee", on=pairing.started.date() - datetime.timedelta(days=1))
    assert "Meetings held: 1 of 2" in reading_of(app, pairs["sam"]).reasons


def test_events_written_inside_later_are_read_once_when_the_block_ends(app, pairs):
    with in_tenant(app):
        pairing = Pairing.get_by_id(pairs["ivy"])
        with readings.later():
            write(pairing, [(60, "meeting_held", "mentor", {}), (65, "meeting_held", "mentee", {})])
            assert "Meetings held: 0 of 2" in PhaseReading.get(PhaseReading.pairing == pairing).reasons
        assert "Meetings held: 2" in PhaseReading.get(PhaseReading.pairing == pairing).reasons


def test_published_pairings_are_read_once_each_when_published(app, acme):
    from tenants.pairing.board import publish
    from tenants.pairing.models import PairingProposal

    with in_tenant(app):
        maya, robert = (User.get(User.email == email) for email in ("maya@acme.example", "robert@acme.example"))
        proposal = PairingProposal.create(created_by="hr@acme.example", mode="best_total")
        proposal.write([{"mentor_id": maya.id, "mentee_id": robert.id, "score": 7.5, "reason": "AI tools", "reasons": []}], [])
        (pairing,) = publish(proposal.id, "hr@acme.example")
        reading = PhaseReading.get(PhaseReading.pairing == pairing)
        assert (reading.phase, reading.since, reading.read("flags")) == ("role-taking", now().date(), [])
        assert [phase for _, phase, _ in stored_journey(pairing.id)] == ["role-taking"]
