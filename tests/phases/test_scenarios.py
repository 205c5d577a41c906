"""The tracker's rules, one scenario a row: events -> phase, since, flags; both sides of every threshold.

Days count from the start (day 0, Monday 5 January 2026). Two histories recur:
READY_FOR_ROLE_MAKING enters role-making on day 58 (its second pulse round), and
READY_FOR_ROUTINIZATION goes on to routinization on day 118 (its fourth).
"""
from fractions import Fraction

import pytest

from tenants.phases import MENTEE, MENTOR, Event, Rules, phase_of
from tests.phases.factories import (answer, cancelled, day, ended, met, offered, progress, pulse, reopened, signed,
                                    started, withdrawn)

READY_FOR_ROLE_MAKING = [
    started(), *signed(1), met(3), met(20, MENTEE),
    *offered(5, MENTOR, 1), *offered(7, MENTEE, 2),
    *pulse(28, 1), *pulse(58, 2),
]
LATER_MEETINGS = [met(45), met(75), met(100)]
GOALS = [progress(50, MENTOR), progress(80, MENTEE)]
READY_FOR_ROUTINIZATION = READY_FOR_ROLE_MAKING + LATER_MEETINGS + GOALS + [*pulse(88, 3), *pulse(118, 4)]

# Entering role-making by day 40 and ready for routinization by day 80, all but the 90 days.
EARLY = [
    started(), *signed(1), met(3), met(20, MENTEE), met(45), met(70, MENTEE), met(85),
    *offered(5, MENTOR, 1), *offered(7, MENTEE, 2), progress(50, MENTOR), progress(51, MENTEE),
    *pulse(20, 1), *pulse(40, 2), *pulse(60, 3), *pulse(80, 4),
]


def without(events, *unwanted):
    """The events less those given (compared by value)."""
    return [event for event in events if event not in unwanted]


def replaced_round(events, number, *answers):
    return [event for event in events if not (event.kind == "pulse" and event.data["round"] == number)] + list(answers)


RT, RM, RO = "role-taking", "role-making", "routinization"
AMBER, RED = "amber", "red"

SCENARIOS = [
    # (what it shows, events, read on day, phase, since day, flags, rules)

    # role-taking -> role-making
    ("a new pairing is in role-taking", [started()], 0, RT, 0, {}, None),
    ("every condition holds once the second round completes", READY_FOR_ROLE_MAKING, 58, RM, 58, {}, None),
    ("the day before, only one round is complete", READY_FOR_ROLE_MAKING, 57, RT, 0, {}, None),
    ("the mentee has not signed the charter",
     without(READY_FOR_ROLE_MAKING, *signed(1, MENTEE)), 58, RT, 0, {}, None),
    ("a reopened charter needs both signatures again",
     READY_FOR_ROLE_MAKING + [reopened(30)], 58, RT, 0, {}, None),
    ("both sign the reopened charter",
     READY_FOR_ROLE_MAKING + [reopened(30), *signed(40)], 58, RM, 58, {}, None),
    ("reopened and signed again on one day counts as signed",
     READY_FOR_ROLE_MAKING + [reopened(40), *signed(40)], 58, RM, 58, {}, None),
    ("one meeting is not enough (and 55 days without one is neglect)",
     without(READY_FOR_ROLE_MAKING, met(20, MENTEE)), 58, RT, 0, {"neglect": AMBER}, None),
    ("a countered offer is not an accepted one",
     without(READY_FOR_ROLE_MAKING, *offered(7, MENTEE, 2)) + offered(7, MENTEE, 2, "countered"), 58, RT, 0, {}, None),
    ("an offer accepted by its own author does not count",
     without(READY_FOR_ROLE_MAKING, *offered(7, MENTEE, 2)) + offered(7, MENTEE, 2, None)
     + [Event(day(8), "offer_answered", MENTEE, offer=2, answer="accepted")], 58, RT, 0, {"unanswered_offer": AMBER},
     None),
    ("an answer after the offer was withdrawn does not count",
     without(READY_FOR_ROLE_MAKING, *offered(7, MENTEE, 2)) + offered(7, MENTEE, 2, answered=9) + [withdrawn(8, 2, MENTEE)],
     58, RT, 0, {}, None),
    ("a partner's mean of 2.8 in the latest round holds role-making back",
     replaced_round(READY_FOR_ROLE_MAKING, 2, *pulse(58, 2, mentee="2.8")), 58, RT, 0, {"diverging": AMBER}, None),
    ("a partner's mean of exactly 3.0 is enough",
     replaced_round(READY_FOR_ROLE_MAKING, 2, *pulse(58, 2, mentee="3.0")), 58, RM, 58, {"diverging": AMBER}, None),
    ("one qualifying round is not enough", replaced_round(READY_FOR_ROLE_MAKING, 2), 58, RT, 0, {}, None),
    ("one qualifying round is enough where the tenant asks for one",
     replaced_round(READY_FOR_ROLE_MAKING, 2), 58, RM, 28, {}, Rules(qualifying_rounds=1)),
    ("a round only the mentor answered is not complete",
     replaced_round(READY_FOR_ROLE_MAKING, 2, answer(58, 2, MENTOR, "4.0")), 58, RT, 0, {}, None),
    ("a round counts on the day of its later answer",
     replaced_round(READY_FOR_ROLE_MAKING, 2, *pulse(50, 2, mentee_on=60)), 59, RT, 0, {}, None),
    ("the guard lets one amber flag through",
     READY_FOR_ROLE_MAKING + [cancelled(50), cancelled(55, MENTOR)], 58, RM, 58, {"cancellations": AMBER}, None),
    ("the guard stops two amber flags",
     replaced_round(READY_FOR_ROLE_MAKING, 2, *pulse(58, 2, mentor="4.6", mentee="3.6"))
     + [cancelled(50), cancelled(55, MENTOR)], 58, RT, 0, {"cancellations": AMBER, "diverging": AMBER}, None),
    ("the guard stops a red flag",
     replaced_round(READY_FOR_ROLE_MAKING, 2, *pulse(58, 2, trust=2)), 58, RT, 0, {"low_trust": RED}, None),
    ("rounds completed on the day the pairing started do not count",
     [started(), *signed(0), met(0), met(0, MENTEE), *offered(0, MENTOR, 1, answered=0),
      *offered(0, MENTEE, 2, answered=0), *pulse(0, 1)], 10, RT, 0, {}, Rules(qualifying_rounds=1)),

    # role-making -> routinization
    ("every condition for routinization holds on day 118", READY_FOR_ROUTINIZATION, 118, RO, 118, {}, None),
    ("on day 117 the fourth round is not complete", READY_FOR_ROUTINIZATION, 117, RM, 58, {}, None),
    ("routinization comes on day 90, a day without events", EARLY, 95, RO, 90, {}, None),
    ("on day 89 the pairing is not old enough", EARLY, 89, RM, 40, {}, None),
    ("four meetings are enough", without(READY_FOR_ROUTINIZATION, met(100)), 118, RO, 118, {}, None),
    ("three meetings are not",
     without(READY_FOR_ROUTINIZATION, met(100), met(3)), 118, RM, 58, {}, None),
    ("45 days between two meetings is allowed",
     without(READY_FOR_ROUTINIZATION, met(45), met(75)) + [met(65)], 118, RO, 118, {}, None),
    ("46 days between two meetings rules routinization out",
     without(READY_FOR_ROUTINIZATION, met(45), met(75)) + [met(66)], 118, RM, 58, {}, None),
    ("a pair mean of 3.6 qualifies",
     replaced_round(READY_FOR_ROUTINIZATION, 4, *pulse(118, 4, mentor="3.6", mentee="3.6")), 118, RO, 118, {}, None),
    ("a pair mean of 3.5 does not",
     replaced_round(READY_FOR_ROUTINIZATION, 4, *pulse(118, 4, mentor="3.6", mentee="3.4")), 118, RM, 58, {}, None),
    ("partners 0.6 apart qualify",
     replaced_round(READY_FOR_ROUTINIZATION, 4, *pulse(118, 4, mentor="4.4", mentee="3.8")), 118, RO, 118, {}, None),
    ("partners 0.8 apart do not",
     replaced_round(READY_FOR_ROUTINIZATION, 4, *pulse(118, 4, mentor="4.4", mentee="3.6")), 118, RM, 58, {}, None),
    # 4.4 - 3.6 is 0.8000000000000003 in floating point: only exact arithmetic lets 0.8 pass a limit of 0.8.
    ("a gap equal to the tenant's limit qualifies",
     replaced_round(READY_FOR_ROUTINIZATION, 4, *pulse(118, 4, mentor="4.4", mentee="3.6")), 118, RO, 118, {},
     Rules(routinization_partner_gap=Fraction("0.8"))),
    ("a gap just over the tenant's limit does not",
     replaced_round(READY_FOR_ROUTINIZATION, 4, *pulse(118, 4, mentor="4.4", mentee="3.6")), 118, RM, 58, {},
     Rules(routinization_partner_gap=Fraction("0.79"))),
    ("the mentee has recorded a goal but no progress on it",
     without(READY_FOR_ROUTINIZATION, progress(80, MENTEE)) + [progress(80, MENTEE, 0)], 118, RM, 58, {}, None),

    # risk flags, each side of its threshold
    ("45 days without a meeting is no flag", [started(), met(10), progress(30, MENTOR)], 55, RT, 0, {}, None),
    ("46 days is amber neglect", [started(), met(10), progress(30, MENTOR)], 56, RT, 0, {"neglect": AMBER}, None),
    ("60 days is still amber", [started(), met(10), progress(30, MENTOR)], 70, RT, 0, {"neglect": AMBER}, None),
    ("61 days is red neglect", [started(), met(10), progress(30, MENTOR)], 71, RT, 0, {"neglect": RED}, None),
    ("with no meeting at all, neglect counts from the start", [started()], 46, RT, 0, {"neglect": AMBER}, None),
    ("the tenant's own neglect limit", [started(), met(10)], 41, RT, 0, {"neglect": AMBER},
     Rules(neglect_amber_days=30)),
    ("two meetings cancelled in a row", [started(), met(5), cancelled(10), cancelled(12, MENTOR)], 20, RT, 0,
     {"cancellations": AMBER}, None),
    ("a meeting held between two cancellations", [started(), cancelled(10), met(11), cancelled(12)], 20, RT, 0, {}, None),
    ("a meeting cancelled and one held on the same day",
     [started(), cancelled(10), cancelled(12), met(12)], 20, RT, 0, {}, None),
    ("an offer waiting 14 days", [started(), *offered(1, MENTOR, 1, None)], 15, RT, 0, {}, None),
    ("an offer waiting 15 days", [started(), *offered(1, MENTOR, 1, None)], 16, RT, 0, {"unanswered_offer": AMBER}, None),
    ("two offers waiting too long",
     [started(), *offered(1, MENTOR, 1, None), *offered(2, MENTEE, 2, None)], 17, RT, 0, {"unanswered_offer": RED}, None),
    ("a declined offer is answered", [started(), *offered(1, MENTOR, 1, "declined", 10)], 20, RT, 0, {}, None),
    ("a withdrawn offer waits for nothing", [started(), *offered(1, MENTOR, 1, None), withdrawn(3, 1)], 20, RT, 0, {}, None),
    ("four of the last six interactions by one partner",
     [started(), met(1), met(2), met(3), met(4, MENTEE), met(5, MENTEE), *offered(6, MENTOR, 1, "declined")], 7, RT, 0,
     {}, None),
    ("five of the last six",
     [started(), met(1), met(2), met(3), met(4), met(5, MENTEE), *offered(6, MENTOR, 1, "declined")], 7, RT, 0,
     {"one_sided": AMBER}, None),
    ("five interactions are too few to judge", [started(), met(1), met(2), met(3), met(4), met(5)], 7, RT, 0, {}, None),
    ("the partners' means 1.0 apart", [started(), *pulse(20, 1, mentor="4.0", mentee="3.0")], 21, RT, 0,
     {"diverging": AMBER}, None),
    ("0.8 apart", [started(), *pulse(20, 1, mentor="4.0", mentee="3.2")], 21, RT, 0, {}, None),
    ("a trust answer of 2", [started(), *pulse(20, 1, trust=2)], 21, RT, 0, {"low_trust": RED}, None),
    ("a trust answer of 3", [started(), *pulse(20, 1, trust=3)], 21, RT, 0, {}, None),
    ("only each partner's latest answer speaks for trust",
     [started(), *pulse(20, 1, trust=1), *pulse(40, 2, trust=4)], 41, RT, 0, {}, None),
    ("a low trust answer in a round the other has not answered yet",
     [started(), *pulse(20, 1), answer(40, 2, MENTEE, "3.0", trust=1)], 41, RT, 0, {"low_trust": RED}, None),
    ("the pair mean falls by 0.8", [started(), *pulse(20, 1, "4.6", "4.4"), *pulse(40, 2, "3.6", "3.8")], 41, RT, 0,
     {"decline": AMBER}, None),
    ("the pair mean falls by 0.7", [started(), *pulse(20, 1, "4.6", "4.4"), *pulse(40, 2, "3.8", "3.8")], 41, RT, 0,
     {}, None),
    ("59 days without a goal update", [started(), met(30)], 59, RT, 0, {}, None),
    ("60 days without a goal update", [started(), met(30)], 60, RT, 0, {"stalled_learning": AMBER}, None),
    ("59 days after the last goal update", [started(), met(80), progress(50, MENTEE, 0)], 109, RT, 0, {}, None),
    ("60 days after it", [started(), met(80), progress(50, MENTEE, 0)], 110, RT, 0, {"stalled_learning": AMBER}, None),

    # moving back, at most once in 30 days
    ("one amber flag does not move a pairing back",
     READY_FOR_ROLE_MAKING + [progress(30, MENTOR)], 70, RM, 58, {"neglect": AMBER}, None),
    ("a red flag moves it back on the day it is raised",
     READY_FOR_ROLE_MAKING + [progress(30, MENTOR)], 90, RT, 81, {"neglect": RED, "stalled_learning": AMBER}, None),
    ("two amber flags move it back",
     READY_FOR_ROLE_MAKING + [progress(30, MENTOR), cancelled(60), cancelled(62, MENTOR)], 66, RT, 66,
     {"neglect": AMBER, "cancellations": AMBER}, None),
    ("routinization falls back to role-making", READY_FOR_ROUTINIZATION, 175, RM, 146,
     {"neglect": RED, "stalled_learning": AMBER}, None),
    ("30 days later it may fall again", READY_FOR_ROUTINIZATION, 176, RT, 176,
     {"neglect": RED, "stalled_learning": AMBER}, None),
    ("with no wait, it falls again the next day", READY_FOR_ROUTINIZATION, 147, RT, 147,
     {"neglect": AMBER, "stalled_learning": AMBER}, Rules(days_between_regressions=0)),
    ("back in role-taking, promotion waits for rounds completed after the fall",
     READY_FOR_ROLE_MAKING + [progress(30, MENTOR), met(85), met(86, MENTEE), progress(85, MENTEE)], 100, RT, 81,
     {}, None),
    ("and comes with the second of them",
     READY_FOR_ROLE_MAKING + [progress(30, MENTOR), met(85), met(86, MENTEE), progress(85, MENTEE), *pulse(90, 3),
                              *pulse(100, 4)], 100, RM, 100, {}, None),

    # ending, and the day of reading
    ("an ended pairing keeps the reading of its last day",
     READY_FOR_ROLE_MAKING + [ended(40)], 100, RT, 0, {}, None),
    ("events after the end change nothing",
     READY_FOR_ROLE_MAKING + [ended(40), *pulse(90, 3, trust=1)], 100, RT, 0, {}, None),
    ("events after today change nothing", READY_FOR_ROUTINIZATION, 58, RM, 58, {}, None),
]


@pytest.mark.parametrize(("events", "today", "phase", "since", "flags", "rules"),
                         [pytest.param(*row[1:], id=row[0]) for row in SCENARIOS])
def test_scenario(events, today, phase, since, flags, rules):
    reading = phase_of(events, day(today), rules or Rules())
    assert (reading.phase, reading.since, {flag.name: flag.level for flag in reading.flags}) == (phase, day(since), flags)


def test_there_are_at_least_forty_scenarios_each_named_once():
    assert len(SCENARIOS) >= 40
    assert len({row[0] for row in SCENARIOS}) == len(SCENARIOS)
