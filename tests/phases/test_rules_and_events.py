"""Rules from a tenant's settings, and events, are checked where they are made, with a sentence saying why."""
import json
from dataclasses import FrozenInstanceError, fields
from datetime import date, datetime
from fractions import Fraction

import pytest

from tenants.phases import MENTEE, MENTOR, Event, Rules, phase_of
from tests.phases.factories import answer, day, met, started

STARTING_VALUES = {  # the issue's thresholds: a change here is a change of the product
    "role_making_meetings": 2, "role_making_accepted_offers": 1, "role_making_pulse": Fraction(3),
    "routinization_days": 90, "routinization_meetings": 4, "routinization_meeting_gap": 45,
    "routinization_pulse": Fraction("3.6"), "routinization_partner_gap": Fraction("0.75"),
    "qualifying_rounds": 2, "ambers_to_regress": 2, "days_between_regressions": 30,
    "neglect_amber_days": 45, "neglect_red_days": 60, "cancellations_in_a_row": 2, "offer_answer_days": 14,
    "unanswered_offers_red": 2, "one_sided_window": 6, "one_sided_count": 5, "diverging_gap": Fraction(1),
    "low_trust_score": 2, "decline_drop": Fraction("0.75"), "stalled_learning_days": 60,
}


def test_the_starting_values_are_the_issues():
    assert {spec.name: getattr(Rules(), spec.name) for spec in fields(Rules)} == STARTING_VALUES


def test_every_rule_is_explained_with_its_unit_meaning_and_starting_value():
    explained = Rules.explained()
    assert [rule.name for rule in explained] == list(STARTING_VALUES)
    for rule in explained:
        assert rule.default == STARTING_VALUES[rule.name]
        assert rule.unit in ("days", "count", "score", "score gap")
        assert rule.meaning.endswith(".") and len(rule.meaning) > 30, rule.name


def test_overrides_from_json_become_exact_rules():
    rules = Rules.from_overrides(json.loads('{"neglect_amber_days": 30, "routinization_pulse": 3.8, "decline_drop": "0.7"}'))
    assert rules.neglect_amber_days == 30
    assert rules.routinization_pulse == Fraction(19, 5)
    assert rules.decline_drop == Fraction(7, 10)
    assert rules.neglect_red_days == 60


def test_overrides_name_only_what_differs_and_come_back_the_same():
    rules = Rules.from_overrides({"routinization_partner_gap": 0.8, "qualifying_rounds": 3})
    assert rules.overrides() == {"routinization_partner_gap": 0.8, "qualifying_rounds": 3}
    assert Rules.from_overrides(json.loads(json.dumps(rules.overrides()))) == rules
    assert Rules().overrides() == {}


@pytest.mark.parametrize(("overrides", "said"), [
    ({"neglect_days": 30}, "Unknown phase rule(s): neglect_days"),
    ({"neglect_amber_days": "soon"}, "neglect_amber_days must be a number, not 'soon'"),
    ({"neglect_amber_days": True}, "neglect_amber_days must be a number, not True"),
    ({"neglect_amber_days": None}, "neglect_amber_days must be a number, not None"),
    ({"neglect_amber_days": 30.5}, "neglect_amber_days must be a whole number, not 30.5"),
    ({"neglect_amber_days": -1}, "neglect_amber_days must be from 0 to 3650, not -1"),
    ({"qualifying_rounds": 0}, "qualifying_rounds must be from 1 to 1000, not 0"),
    ({"routinization_pulse": 6}, "routinization_pulse must be from 1 to 5, not 6"),
    ({"decline_drop": "nan"}, "decline_drop must be a number, not 'nan'"),
    ({"diverging_gap": float("inf")}, "diverging_gap must be a number, not inf"),
    ({"neglect_amber_days": 70}, "neglect_red_days must be at least neglect_amber_days"),
    ({"one_sided_count": 7}, "one_sided_count must be at most one_sided_window"),
])
def test_bad_overrides_are_refused_with_a_sentence(overrides, said):
    with pytest.raises(ValueError, match=said.replace("(", r"\(").replace(")", r"\)")):
        Rules.from_overrides(overrides)


def test_overrides_must_be_a_mapping():
    with pytest.raises(ValueError, match="mapping of rule names"):
        Rules.from_overrides([("neglect_amber_days", 30)])


def test_rules_are_frozen_checked_and_hashable():
    with pytest.raises(FrozenInstanceError):
        Rules().neglect_amber_days = 10
    with pytest.raises(ValueError, match="must be a whole number"):
        Rules(neglect_amber_days=Fraction(1, 2))
    assert Rules(diverging_gap=1) == Rules() and hash(Rules(diverging_gap=1)) == hash(Rules())


@pytest.mark.parametrize(("make", "said"), [
    (lambda: Event(day(1), "meeting_hled", MENTOR), "Unknown event kind 'meeting_hled'"),
    (lambda: Event(datetime(2026, 1, 6, 9), "meeting_held", MENTOR), "must be a datetime.date"),
    (lambda: Event("2026-01-06", "meeting_held", MENTOR), "must be a datetime.date"),
    (lambda: Event(day(1), "meeting_held"), "needs by='mentor' or by='mentee'"),
    (lambda: Event(day(1), "charter_signed", "coach"), "needs by='mentor' or by='mentee', not 'coach'"),
    (lambda: Event(day(1), "offer_made", MENTOR), "needs offer=<the offer's id>"),
    (lambda: Event(day(1), "offer_made", MENTOR, offer=[1]), "must be a number or a text"),
    (lambda: Event(day(1), "offer_answered", MENTEE, offer=1, answer="maybe"), "answer must be one of accepted"),
    (lambda: Event(day(1), "goal_progress", MENTEE, goal=1, progress=120), "progress must be a whole number from 0 to 100"),
    (lambda: Event(day(1), "pulse", MENTEE, round=0, items={}), "round must be a whole number from 1"),
    (lambda: Event(day(1), "pulse", MENTEE, round=1, items={"trust": 3}), "items must answer exactly clarity"),
    (lambda: Event(day(1), "pulse", MENTEE, round=1, items={"clarity": 3, "needs": 3, "trust": 6, "effectiveness": 3,
                                                            "learning": True}), "trust=6, learning=True"),
])
def test_a_malformed_event_is_refused_where_it_is_made(make, said):
    with pytest.raises(ValueError, match=said):
        make()


def test_events_compare_by_value_and_show_as_code():
    assert Event(day(1), "offer_made", MENTOR, offer=3) == Event(day(1), "offer_made", MENTOR, offer=3)
    assert Event(day(1), "offer_made", MENTOR, offer=3) != Event(day(1), "offer_made", MENTOR, offer=4)
    assert repr(met(1)) == "Event(datetime.date(2026, 1, 6), 'meeting_held', 'mentor')"


@pytest.mark.parametrize(("events", "said"), [
    ([met(1)], "must include its started event on or before 2026-03-01"),
    ([started(5), met(1)], "A meeting_held event of 2026-01-06 comes before the pairing started on 2026-01-10"),
    ([started(), started(3)], "A pairing starts once; a second started event on 2026-01-08"),
    ([started(), answer(3, 1, MENTEE, "3.0"), answer(4, 1, MENTEE, "4.0")], "The mentee answered pulse round 1 twice"),
])
def test_a_history_that_cannot_be_read_is_refused(events, said):
    with pytest.raises(ValueError, match=said):
        phase_of(events, date(2026, 3, 1))


def test_a_pairing_that_starts_after_the_day_read_is_refused():
    with pytest.raises(ValueError, match="started event on or before 2026-01-04"):
        phase_of([started()], date(2026, 1, 4))


def test_the_day_read_must_be_a_date():
    with pytest.raises(ValueError, match="today must be a datetime.date"):
        phase_of([started()], datetime(2026, 3, 1, 12))
