"""The engine against a day-by-day oracle: on thousands of histories, the same phases, days and flags.

The oracle below is the issue's rules read as plainly as possible: for every single day from
the start, it recomputes every fact from the events seen so far (no running state), raises
the flags, then checks regression before promotion. Means are Fractions here, not the
engine's whole pulse points. It is slow and obviously right; the engine visits only the days
on which something can change and keeps running totals, and must agree with it everywhere.
"""
import random
from datetime import date, timedelta
from fractions import Fraction

from hypothesis import given, settings
from hypothesis import strategies as st

from tenants.phases import MENTEE, MENTOR, PHASES, Rules, journey, phase_of
from tests.phases.factories import histories, histories_and_rules, tenant_rules
from tests.phases.histories import KINDS, realistic_history

PARTNERS = (MENTOR, MENTEE)


def oracle(events, today, rules):
    """(phase, since, {(flag, level)}, [(day, phase)]) by replaying every day from the start."""
    seen = sorted((e for e in events if e.on <= today), key=lambda e: e.on)
    start = next(e.on for e in seen if e.kind == "started")
    ends = [e.on for e in seen if e.kind == "ended"]
    last = min(ends) if ends else today
    phase, since, regressed = 0, start, None
    changes = [(start, PHASES[0])]
    day = start
    while True:
        facts = Facts([e for e in seen if e.on <= day], start, day)
        flags = raised(facts, day, rules)
        reds = sum(level == "red" for _, level in flags)
        ambers = sum(level == "amber" for _, level in flags)
        if phase > 0 and (reds or ambers >= rules.ambers_to_regress) and (
                regressed is None or (day - regressed).days >= rules.days_between_regressions):
            phase, since, regressed = phase - 1, day, day
            changes.append((day, PHASES[phase]))
        elif phase < 2 and not reds and ambers < rules.ambers_to_regress and promotable(facts, phase + 1, since, day, rules):
            phase, since = phase + 1, day
            changes.append((day, PHASES[phase]))
        if day == last:
            return PHASES[phase], since, flags, changes
        day += timedelta(days=1)


class Facts:
    """Everything the rules read, worked out from scratch from the events up to one day."""

    def __init__(self, events, start, day):
        by_kind = {}  # the day's events sorted by kind once: it is read for every kind
        for e in events:
            by_kind.setdefault(e.kind, []).append(e)

        def of(kind):
            return by_kind.get(kind, [])

        reopened = max((e.on for e in of("charter_reopened")), default=None)
        # A charter reopened and signed on one day is signed.
        self.signed = {e.by for e in of("charter_signed") if reopened is None or e.on >= reopened}

        held = sorted(e.on for e in of("meeting_held"))
        self.held = len(held)
        self.last_held = held[-1] if held else start
        self.gaps = [(b - a).days for a, b in zip(held, held[1:])]
        # On one day, cancellations come before the meetings held.
        meetings = sorted(of("meeting_held") + of("meeting_cancelled"), key=lambda e: (e.on, e.kind == "meeting_held"))
        self.meetings = [e.kind for e in meetings]

        made = {}
        for e in sorted(of("offer_made"), key=lambda e: (e.on, e.by == MENTEE)):
            made.setdefault(e.data["offer"], e)  # an id made twice: the first stands
        self.pending_days = []
        self.accepted = {MENTOR: 0, MENTEE: 0}
        for offer, made_event in made.items():
            withdrawn = min((e.on for e in of("offer_withdrawn") if e.data["offer"] == offer and e.on >= made_event.on),
                            default=None)
            answers = [e for e in of("offer_answered") if e.data["offer"] == offer and e.on >= made_event.on
                       and e.by != made_event.by and (withdrawn is None or e.on <= withdrawn)]
            if not answers and withdrawn is None:
                self.pending_days.append((day - made_event.on).days)
            if any(e.data["answer"] == "accepted" for e in answers):
                self.accepted[made_event.by] += 1

        interactions = [(e.on, 0, e.by == MENTEE, e.by) for e in of("meeting_held")]
        interactions += [(e.on, 1, e.by == MENTEE, e.by) for e in made.values()]
        self.interactions = [by for *_, by in sorted(interactions)]

        answers = {(e.data["round"], e.by): e for e in of("pulse")}
        rounds = sorted({number for number, _ in answers})
        self.complete = []  # (number, mentor mean, mentee mean, completed on)
        for number in rounds:
            if (number, MENTOR) in answers and (number, MENTEE) in answers:
                mentor, mentee = answers[number, MENTOR], answers[number, MENTEE]
                self.complete.append((number, mean(mentor), mean(mentee), max(mentor.on, mentee.on)))
        self.latest_trust = [answers[max(n for n, p in answers if p == partner), partner].data["items"]["trust"]
                             for partner in PARTNERS if any(p == partner for _, p in answers)]

        goals = of("goal_progress")
        self.progressed = {e.by for e in goals if e.data["progress"] > 0}
        self.last_goal = max((e.on for e in goals), default=start)
        self.start = start


def mean(pulse):
    return Fraction(sum(pulse.data["items"].values()), 5)


def raised(facts, day, rules):
    flags = set()
    idle = (day - facts.last_held).days
    if idle > rules.neglect_red_days:
        flags.add(("neglect", "red"))
    elif idle > rules.neglect_amber_days:
        flags.add(("neglect", "amber"))
    latest = facts.meetings[-rules.cancellations_in_a_row:]
    if len(latest) == rules.cancellations_in_a_row and all(kind == "meeting_cancelled" for kind in latest):
        flags.add(("cancellations", "amber"))
    late = sum(days > rules.offer_answer_days for days in facts.pending_days)
    if late:
        flags.add(("unanswered_offer", "red" if late >= rules.unanswered_offers_red else "amber"))
    window = facts.interactions[-rules.one_sided_window:]
    if len(window) == rules.one_sided_window and max(window.count(MENTOR), window.count(MENTEE)) >= rules.one_sided_count:
        flags.add(("one_sided", "amber"))
    if facts.complete:
        _, mentor, mentee, _ = facts.complete[-1]
        if abs(mentor - mentee) >= rules.diverging_gap:
            flags.add(("diverging", "amber"))
        if len(facts.complete) > 1:
            best = max((m + e) / 2 for _, m, e, _ in facts.complete[:-1])
            if best - (mentor + mentee) / 2 >= rules.decline_drop:
                flags.add(("decline", "amber"))
    if any(trust <= rules.low_trust_score for trust in facts.latest_trust):
        flags.add(("low_trust", "red"))
    if (day - facts.start).days >= rules.stalled_learning_days and (day - facts.last_goal).days >= rules.stalled_learning_days:
        flags.add(("stalled_learning", "amber"))
    return flags


def promotable(facts, phase, since, day, rules):
    rounds = facts.complete[-rules.qualifying_rounds:]
    if len(rounds) < rules.qualifying_rounds or any(completed <= since for *_, completed in rounds):
        return False
    if phase == 1:
        return (facts.signed == {MENTOR, MENTEE} and facts.held >= rules.role_making_meetings
                and min(facts.accepted.values()) >= rules.role_making_accepted_offers
                and all(min(m, e) >= rules.role_making_pulse for _, m, e, _ in rounds))
    return ((day - facts.start).days >= rules.routinization_days and facts.held >= rules.routinization_meetings
            and all(gap <= rules.routinization_meeting_gap for gap in facts.gaps)
            and all((m + e) / 2 >= rules.routinization_pulse and abs(m - e) <= rules.routinization_partner_gap
                    for _, m, e, _ in rounds)
            and facts.progressed == {MENTOR, MENTEE})


def assert_agrees(events, today, rules):
    phase, since, flags, changes = oracle(events, today, rules)
    reading = phase_of(events, today, rules)
    assert (reading.phase, reading.since) == (phase, since)
    assert {(flag.name, flag.level) for flag in reading.flags} == flags
    assert [(on, name) for on, name, _ in journey(events, today, rules)] == changes


@settings(max_examples=1500, deadline=None)
@given(histories_and_rules())
def test_the_engine_agrees_with_the_day_by_day_oracle(case):
    events, today, rules = case
    assert_agrees(events, today, rules)


@settings(max_examples=1000, deadline=None)
@given(st.integers(0, 2**32 - 1), st.sampled_from(sorted(KINDS)), st.integers(0, 300), st.integers(-60, 0), tenant_rules())
def test_the_engine_agrees_with_the_oracle_on_realistic_pairings_under_any_rules(seed, kind, age, read, rules):
    today = date(2026, 6, 30)
    events = realistic_history(random.Random(seed), today - timedelta(days=age), today, kind)
    assert_agrees(events, max(events[0].on, today + timedelta(days=read)), rules)


@settings(max_examples=300, deadline=None)
@given(histories(span=400))
def test_the_engine_agrees_with_the_oracle_over_long_histories_with_default_rules(case):
    events, today = case
    assert_agrees(events, today, Rules())


def test_the_engine_agrees_with_the_oracle_on_realistic_pairings_of_every_kind():
    rng = random.Random(13)
    today = date(2026, 6, 30)
    reached = set()
    for number in range(400):
        kind = list(KINDS)[number % len(KINDS)]
        events = realistic_history(rng, today - timedelta(days=rng.randint(20, 300)), today, kind)
        for day in (today, today - timedelta(days=rng.randint(0, 60))):
            if day >= events[0].on:
                assert_agrees(events, day, Rules())
        reached.update(name for _, name, _ in journey(events, today))
        reached.update(f"back to {name}" for (_, name, _), (_, before, _) in
                       zip(journey(events, today)[1:], journey(events, today)) if PHASES.index(name) < PHASES.index(before))
    # The comparison means something only if these histories go everywhere the rules lead.
    assert {"role-making", "routinization", "back to role-taking", "back to role-making"} <= reached


TIME_RULES = [  # rules under which time alone, with no event, moves pairings the most
    Rules(),
    Rules(days_between_regressions=0),
    Rules(days_between_regressions=1, neglect_amber_days=10, neglect_red_days=20),
    Rules(routinization_days=150, qualifying_rounds=1),
    Rules(stalled_learning_days=20, ambers_to_regress=1, offer_answer_days=3),
]


def test_the_engine_agrees_with_the_oracle_when_only_time_passes():
    """Histories cut short and read up to 150 days later: neglect, day 90 and a regression's
    wait come on days without events, which the engine must find by itself."""
    rng = random.Random(90)
    start = date(2026, 1, 5)
    for number in range(250):
        kind = ("healthy", "slow", "declining", "one_sided", "unanswered")[number % 5]
        cut = rng.randint(40, 200)
        events = [event for event in realistic_history(rng, start, start + timedelta(days=300), kind)
                  if (event.on - start).days <= cut]
        assert_agrees(events, start + timedelta(days=cut + rng.randint(0, 150)), TIME_RULES[number % len(TIME_RULES)])
