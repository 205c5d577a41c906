"""Properties every reading has, whatever the history and the tenant's rules (hypothesis)."""
from datetime import timedelta

from hypothesis import given, settings
from hypothesis import strategies as st

from tenants.phases import MENTEE, MENTOR, PHASES, PULSE_ITEMS, Event, journey, phase_of
from tests.phases.factories import histories_and_rules

EXAMPLES = settings(max_examples=300, deadline=None)


@EXAMPLES
@given(histories_and_rules(), st.randoms(use_true_random=False))
def test_the_reading_does_not_depend_on_the_order_of_the_events(case, rng):
    events, today, rules = case
    shuffled = list(events)
    rng.shuffle(shuffled)
    assert phase_of(shuffled, today, rules) == phase_of(events, today, rules)
    assert journey(shuffled, today, rules) == journey(events, today, rules)


@EXAMPLES
@given(histories_and_rules())
def test_the_journey_ends_in_the_reading(case):
    events, today, rules = case
    reading = phase_of(events, today, rules)
    *_, (since, phase, reasons) = journey(events, today, rules)
    assert (since, phase) == (reading.since, reading.phase)
    first = 1 if reading.ended else 0  # an ended pairing's reading says so first
    assert reading.reasons[first:first + len(reasons)] == reasons


@EXAMPLES
@given(histories_and_rules(), st.data())
def test_events_after_the_day_read_change_nothing(case, data):
    events, today, rules = case
    start = min(event.on for event in events if event.kind == "started")
    read = start + timedelta(days=data.draw(st.integers(0, max(0, (today - start).days))))
    until_then = [event for event in events if event.on <= read]
    assert phase_of(events, read, rules) == phase_of(until_then, read, rules)
    assert journey(events, read, rules) == journey(until_then, read, rules)


@EXAMPLES
@given(histories_and_rules(), st.data())
def test_a_round_in_which_both_partners_answer_5_to_everything_adds_no_flag(case, data):
    events, today, rules = case
    start = min(event.on for event in events if event.kind == "started")
    number = 1 + max((event.data["round"] for event in events if event.kind == "pulse"), default=0)
    days = st.integers(0, max(0, (today - start).days))
    perfect = [Event(start + timedelta(days=data.draw(days)), "pulse", partner, round=number,
                     items=dict.fromkeys(PULSE_ITEMS, 5)) for partner in (MENTOR, MENTEE)]
    before = {(flag.name, flag.level) for flag in phase_of(events, today, rules).flags}
    after = {(flag.name, flag.level) for flag in phase_of(events + perfect, today, rules).flags}
    assert after <= before


@EXAMPLES
@given(histories_and_rules())
def test_the_phase_changes_only_on_days_the_rules_allow(case):
    events, today, rules = case
    changes = journey(events, today, rules)
    assert changes[0][1] == PHASES[0] and changes[0][0] == min(e.on for e in events if e.kind == "started")
    days = [on for on, _, _ in changes]
    assert days == sorted(set(days)), "never two changes in a day"
    regressions = []
    for (_, before, _), (on, after, _) in zip(changes, changes[1:]):
        step = PHASES.index(after) - PHASES.index(before)
        assert step in (1, -1), "one phase at a time"
        flags = phase_of(events, on, rules).flags
        reds = sum(flag.level == "red" for flag in flags)
        if step == -1:
            regressions.append(on)
            assert reds or len(flags) >= rules.ambers_to_regress, "a regression needs a red or enough amber flags"
        else:
            assert not reds and len(flags) < rules.ambers_to_regress, "the promotion guard"
    for earlier, later in zip(regressions, regressions[1:]):
        assert (later - earlier).days >= rules.days_between_regressions, "never two regressions too close"
