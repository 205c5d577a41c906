"""The earning rule: on both sides of each threshold, against the rule as the programme states
it for every combination of a small grid, with its reasons in words; and pure (no Flask, no database)."""
import itertools
import subprocess
import sys
from datetime import date

import pytest

from tenants.certificates.earning import EarningRule, PairingRecord, earned

ROUTINE = date(2026, 6, 18)
OVER = date(2026, 10, 31)


def record(routinization=None, meetings=6, surveys=2, over=OVER):
    return PairingRecord(routinization, meetings, surveys, over)


# (what, record, rule, earned?)
TABLE = [
    ("reached routinization", record(ROUTINE, meetings=0, surveys=0, over=None), EarningRule(), True),
    ("not reached it, still running", record(None, meetings=12, surveys=2, over=None), EarningRule(), False),
    ("routinization does not count when the programme says so", record(ROUTINE, 0, 0, None),
     EarningRule(routinization=False), False),
    ("over, 6 meetings, both surveys", record(meetings=6), EarningRule(), True),
    ("over, 5 meetings, both surveys", record(meetings=5), EarningRule(), False),
    ("over, 6 meetings, one survey", record(surveys=1), EarningRule(), False),
    ("over, 6 meetings, no survey", record(surveys=0), EarningRule(), False),
    ("no survey is needed when the programme does not ask for them", record(surveys=0),
     EarningRule(closing_surveys=False), True),
    ("not over yet, everything else done", record(over=None), EarningRule(), False),
    ("a programme asking 3 meetings: 3", record(meetings=3), EarningRule(meetings=3), True),
    ("a programme asking 3 meetings: 2", record(meetings=2), EarningRule(meetings=3), False),
    ("a programme asking 10 meetings: 10", record(meetings=10), EarningRule(meetings=10), True),
    ("a programme asking 10 meetings: 9", record(meetings=9), EarningRule(meetings=10), False),
    ("routinization reached and over too: routinization says why", record(ROUTINE), EarningRule(), True),
]


@pytest.mark.parametrize("what, pairing, rule, expected", TABLE, ids=[row[0] for row in TABLE])
def test_each_threshold_from_both_sides(what, pairing, rule, expected):
    assert earned(pairing, rule).earned is expected


def by_the_book(pairing, rule):
    """The rule as the programme's settings page states it, written another way."""
    routine = rule.routinization and pairing.routinization is not None
    surveys = pairing.closing_surveys == 2 or not rule.closing_surveys
    return routine or (pairing.over is not None and pairing.meetings_held >= rule.meetings and surveys)


def test_every_combination_of_a_grid_agrees_with_the_rule_as_stated():
    rules = [EarningRule(r, m, s) for r, m, s in itertools.product((True, False), (1, 2, 6, 7), (True, False))]
    pairings = [PairingRecord(reached, held, surveys, over)
                for reached, held, surveys, over in itertools.product(
                    (None, ROUTINE), (0, 1, 5, 6, 7), (0, 1, 2), (None, OVER))]
    for rule, pairing in itertools.product(rules, pairings):
        verdict = earned(pairing, rule)
        assert verdict.earned is by_the_book(pairing, rule), (rule, pairing)
        assert verdict.on == (None if not verdict.earned else
                              ROUTINE if rule.routinization and pairing.routinization else OVER)


def test_more_meetings_or_surveys_never_take_a_certificate_away():
    for held, surveys in itertools.product(range(10), range(3)):
        before = earned(record(meetings=held, surveys=surveys)).earned
        assert before <= earned(record(meetings=held + 1, surveys=surveys)).earned
        assert before <= earned(record(meetings=held, surveys=min(2, surveys + 1))).earned


def test_the_reasons_say_what_happened():
    assert earned(record(ROUTINE)).reason == "Reached routinization on 18 June 2026."
    assert earned(record(meetings=7)).reason == ("Completed the programme on 31 October 2026 with 7 meetings held "
                                                 "and both closing surveys answered.")
    assert earned(record(meetings=1, surveys=0), EarningRule(meetings=1, closing_surveys=False)).reason == \
        "Completed the programme on 31 October 2026 with 1 meeting held."


def test_the_reasons_say_what_is_missing():
    assert earned(record(meetings=4, surveys=1, over=None)).reason == (
        "Not earned yet: it has not reached routinization, and completing the programme needs the pairing or the "
        "programme term to end, 6 meetings held (4 so far) and both closing surveys (1 answered).")
    assert earned(record(meetings=5), EarningRule(routinization=False)).reason == (
        "Not earned yet: completing the programme needs 6 meetings held (5 so far).")


@pytest.mark.parametrize("meetings", [0, 101, 2.5, "6", True])
def test_a_meeting_threshold_out_of_range_is_refused(meetings):
    with pytest.raises(ValueError, match="from 1 to 100"):
        EarningRule(meetings=meetings)


def test_the_rule_imports_neither_flask_nor_the_database():
    code = ("import sys, tenants.certificates.earning, tenants.certificates.codes, tenants.certificates.downloads; "
            "print(sorted(m for m in sys.modules if m.split('.')[0] in ('flask', 'saas', 'peewee')))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "[]"
