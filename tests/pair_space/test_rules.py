"""The pair space's rules on plain data: pulse rounds, reminders, local times."""
import datetime

import pytest

from tenants.pair_space.meetings import utc_start
from tenants.pair_space.pulse import next_round, round_on, rounds_until
from tenants.pair_space.reminders import PairFacts, due
from tenants.pair_space.space import Refused

START = datetime.date(2027, 1, 11)
PEOPLE = {"mentor": (1, "Maya"), "mentee": (2, "Robert")}


def day(n):
    return START + datetime.timedelta(days=n)


# --- pulse rounds ------------------------------------------------------------------------------

def test_no_round_is_open_in_the_first_month():
    assert [round_on(START, day(n), 30, 14) for n in (0, 1, 29)] == [None, None, None]


def test_a_round_opens_every_30_days_and_stays_open_14():
    first = round_on(START, day(30), 30, 14)
    assert (first.number, first.opens, first.closes) == (1, day(30), day(43))
    assert round_on(START, day(43), 30, 14).number == 1
    assert round_on(START, day(44), 30, 14) is None
    assert round_on(START, day(60), 30, 14).number == 2


def test_the_rhythm_is_the_programmes_setting():
    assert round_on(START, day(30), 45, 7) is None
    assert round_on(START, day(45), 45, 7).number == 1
    assert round_on(START, day(52), 45, 7) is None


def test_the_next_round_and_the_rounds_so_far():
    assert next_round(START, day(0), 30, 14).opens == day(30)
    assert next_round(START, day(31), 30, 14).number == 2
    assert [r.number for r in rounds_until(START, day(95), 30, 14)] == [1, 2, 3]


# --- reminders ---------------------------------------------------------------------------------

def facts(**kwargs):
    return PairFacts(pairing_id=1, people=PEOPLE, started=START, **kwargs)


def test_an_offer_waiting_a_week_reminds_whoever_must_answer():
    pair = facts(pending_offers=[("mentor", day(10), "A working session")], last_held=day(15))
    assert due(pair, day(16)) == {}
    assert due(pair, day(17)) == {2: ["Maya's offer (a working session) has waited 7 days for your answer."]}


def test_a_pulse_round_unanswered_for_a_week_reminds_only_who_has_not_answered():
    pair = facts(round=round_on(START, day(37), 30, 14), answered={"mentee"}, last_held=day(35))
    assert due(pair, day(36)) == {}
    assert list(due(pair, day(37))) == [1]
    assert "round 1" in due(pair, day(37))[1][0]


def test_no_meeting_for_30_days_reminds_both_unless_one_is_planned():
    quiet = facts(last_held=day(10))
    assert due(quiet, day(39)) == {}
    assert sorted(due(quiet, day(40))) == [1, 2]
    assert "You and Robert have not met for 30 days" in due(quiet, day(40))[1][0]
    assert due(facts(last_held=day(10), planned=True), day(60)) == {}
    assert sorted(due(facts(), day(30))) == [1, 2]  # never met: counted from the start


def test_everything_due_for_one_person_is_gathered():
    pair = facts(pending_offers=[("mentee", day(1), "An introduction to someone")],
                 round=round_on(START, day(40), 30, 14))
    assert len(due(pair, day(40))[1]) == 3  # the offer, the pulse, no meeting


# --- meeting times -----------------------------------------------------------------------------

def test_a_local_time_is_stored_in_utc():
    assert utc_start(datetime.date(2027, 7, 1), datetime.time(9, 0), "Europe/London") == datetime.datetime(2027, 7, 1, 8)
    assert utc_start(datetime.date(2027, 1, 1), datetime.time(9, 0), "Asia/Kolkata") == datetime.datetime(2027, 1, 1, 3, 30)


def test_a_time_the_clocks_skip_is_refused():
    with pytest.raises(Refused) as refused:
        utc_start(datetime.date(2027, 3, 28), datetime.time(1, 30), "Europe/London")
    assert refused.value.field == "at" and "does not exist" in str(refused.value)
