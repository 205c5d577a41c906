"""Events in a line each for the phase tests, and hypothesis strategies for whole histories.

Days are numbers from the start (day 0 = Monday 5 January 2026), so that a scenario reads
like a diary: met(20), offered(5, MENTOR, 1), pulse(58, 2, mentor="3.0").
"""
from datetime import date, timedelta
from fractions import Fraction

from hypothesis import strategies as st

from tenants.phases import MENTEE, MENTOR, PULSE_ITEMS, Event, Rules

START = date(2026, 1, 5)
PARTNERS = (MENTOR, MENTEE)
OTHER = {MENTOR: MENTEE, MENTEE: MENTOR}


def day(n):
    return START + timedelta(days=n)


def started(n=0):
    return Event(day(n), "started")


def signed(n, *partners):
    return [Event(day(n), "charter_signed", partner) for partner in partners or PARTNERS]


def reopened(n):
    return Event(day(n), "charter_reopened")


def met(n, by=MENTOR):
    return Event(day(n), "meeting_held", by)


def cancelled(n, by=MENTEE):
    return Event(day(n), "meeting_cancelled", by)


def offered(n, by, offer, answer="accepted", answered=None):
    """An offer made on day n, answered by the other partner on day `answered` (n + 1 by default); answer=None: never."""
    made = [Event(day(n), "offer_made", by, offer=offer)]
    if answer is None:
        return made
    return made + [Event(day(n + 1 if answered is None else answered), "offer_answered", OTHER[by], offer=offer,
                         answer=answer)]


def withdrawn(n, offer, by=MENTOR):
    return Event(day(n), "offer_withdrawn", by, offer=offer)


def progress(n, by, percent=20, goal=1):
    return Event(day(n), "goal_progress", by, goal=goal, progress=percent)


def pulse(n, number, mentor="4.0", mentee="4.0", trust=None, mentee_on=None):
    """Both partners' answers to round `number`, with these round means ("3.6": items adding up to 18)."""
    return [answer(n, number, MENTOR, mentor, trust),
            answer(n if mentee_on is None else mentee_on, number, MENTEE, mentee, trust)]


def answer(n, number, by, mean, trust=None):
    return Event(day(n), "pulse", by, round=number, items=items(mean, trust))


def items(mean, trust=None):
    """Five answers whose mean is exactly `mean`, with trust as given (else as even as can be)."""
    total = Fraction(mean) * 5
    assert total.denominator == 1, f"no five answers have the mean {mean}"
    total = int(total)
    answers = dict.fromkeys(PULSE_ITEMS, 0)
    if trust is not None:
        answers["trust"] = trust
        total -= trust
    others = [name for name in PULSE_ITEMS if trust is None or name != "trust"]
    for place, name in enumerate(others):
        answers[name] = total // len(others) + (place < total % len(others))
    assert all(1 <= value <= 5 for value in answers.values()), f"no five answers have the mean {mean} with trust {trust}"
    return answers


def ended(n):
    return Event(day(n), "ended")


# Hypothesis: histories of every shape, with the odd mistake a real log has (an answer by the
# offer's author, an answer before the offer, an id used twice, rounds answered out of order).

@st.composite
def histories(draw, span=220):
    """(events, today): a pairing's history over up to `span` days, and the day it is read.

    Partners keep rhythms (meetings, offers, pulses and goal updates every so many days, with
    a lead partner and a level of satisfaction that drifts). Steady pairs keep good rhythms and
    so reach routinization; then a quiet spell, a low trust answer or a few stray events of any
    kind (an answer before its offer, an id used twice, …) bring regressions.
    """
    length = draw(st.integers(0, span) | st.integers(span // 2, span))
    when = st.integers(0, length)
    often = st.sampled_from((True,) * 8 + (False,))  # hypothesis leans towards the first choice
    steady = draw(st.booleans())
    events = [started()]
    for who in PARTNERS:
        if steady or draw(often):
            events.append(Event(day(draw(st.integers(0, min(length, 10 if steady else 30)))), "charter_signed", who))
    lead = draw(st.sampled_from(PARTNERS))
    one_sided = not steady and not draw(often)
    leads = st.sampled_from((lead,) * draw(st.integers(1, 6)) + (OTHER[lead],) * 2) if one_sided \
        else st.sampled_from(PARTNERS)
    stops = length if steady or draw(often) else draw(when)
    for on in rhythm(draw, draw(st.integers(7, 35) if steady else st.integers(7, 40) | st.integers(7, 60)), stops):
        events.append(Event(day(on), "meeting_held" if draw(often) else "meeting_cancelled", draw(leads)))
    outcomes = st.sampled_from(("accepted",) * 6 + ("countered", "declined", None))
    for number, on in enumerate(rhythm(draw, draw(st.integers(10, 30) if steady else st.integers(7, 60)), length), 1):
        author = draw(leads) if one_sided else PARTNERS[number % 2]
        events.extend(offered(on, author, number, draw(outcomes), on + draw(st.integers(0, 20))))
    for who in PARTNERS:
        every = draw(st.integers(10, 45) if steady else st.integers(10, 50) | st.integers(10, 120))
        for on in rhythm(draw, every, length):
            events.append(progress(on, who, draw(st.sampled_from((10, 40, 0)))))
    level = Fraction(draw(st.integers(18, 25) if steady else st.integers(10, 25)), 5)
    every = draw(st.integers(15, 40))
    drift = st.sampled_from((0, 0, 1, -1) if steady else (0, 0, 1, -1, 2, -2, -3))
    for number in range(1, length // every + 2):
        level = min(Fraction(5), max(Fraction(1), level + Fraction(draw(drift), 5)))
        for who in PARTNERS:
            if draw(often):
                on = min(length, max(0, number * every + draw(st.integers(-5, 10))))
                answers = {name: min(5, max(1, round(level) + nudge))
                           for name, nudge in zip(PULSE_ITEMS, draw(st.sampled_from(NUDGES)))}
                if not draw(often) and not draw(often):
                    answers["trust"] = draw(st.integers(1, 2))
                events.append(Event(day(on), "pulse", who, round=number, items=answers))
    events.extend(draw(st.lists(stray_events(when), max_size=4)))
    if not draw(often):  # a quiet spell (a holiday, a busy quarter) in which nothing at all happens
        first, days = draw(when), draw(st.integers(5, 80))
        events = [event for event in events if not first < (event.on - START).days <= first + days]
    if not draw(often):
        events.append(ended(draw(when)))
    read = draw(st.integers(max(0, length - 30), length + 30) | st.integers(0, length + 30))
    return events, day(read)


def rhythm(draw, every, until):
    """Days from the first weeks to `until`, about `every` days apart."""
    days = []
    on = draw(st.integers(0, 20))
    while on <= until:
        days.append(on)
        on += max(1, every + draw(st.integers(-6, 6)))
    return days


NUDGES = ((0, 0, 0, 0, 0), (1, 0, 0, 0, 0), (0, -1, 0, 0, 0), (0, 0, 1, 0, -1), (1, 1, 0, 0, 0), (0, 0, 0, -1, -1),
          (1, 1, 1, 0, 0), (-1, -1, -1, 0, 0), (0, 1, 0, 1, 0), (0, 0, -1, 0, 0))  # one pulse's answers around its level


def stray_events(when):
    """Events out of any rhythm: the charter reopened, an offer withdrawn, answered by its author
    or before it was made, an id used twice, an odd meeting."""
    partner = st.sampled_from(PARTNERS)
    offer = st.integers(1, 12)
    return st.one_of(
        st.builds(lambda n, who: met(n, who), when, partner),
        st.builds(lambda n, who: signed(n, who)[0], when, partner),
        st.builds(lambda n: reopened(n), when),
        st.builds(lambda n, o, who: withdrawn(n, o, who), when, offer, partner),
        st.builds(lambda n, o, who: Event(day(n), "offer_answered", who, offer=o, answer="accepted"), when, offer, partner),
        st.builds(lambda n, o, who: Event(day(n), "offer_made", who, offer=o), when, offer, partner),
        st.builds(lambda n, who: cancelled(n, who), when, partner),
    )


RULE_VALUES = {  # values a tenant might choose, edges included
    "role_making_meetings": st.integers(1, 4),
    "role_making_accepted_offers": st.integers(1, 2),
    "role_making_pulse": st.sampled_from(("2.8", "3", "3.2", "3.5")),
    "routinization_days": st.integers(0, 200),
    "routinization_meetings": st.integers(1, 6),
    "routinization_meeting_gap": st.integers(0, 60),
    "routinization_pulse": st.sampled_from(("3.2", "3.5", "3.6", "3.65", "3.7")),
    "routinization_partner_gap": st.sampled_from(("0.4", "0.6", "0.75", "0.8", "1")),
    "qualifying_rounds": st.integers(1, 3),
    "ambers_to_regress": st.integers(1, 3),
    "days_between_regressions": st.sampled_from((0, 1, 30)) | st.integers(0, 40),
    "cancellations_in_a_row": st.integers(1, 3),
    "offer_answer_days": st.integers(0, 20),
    "unanswered_offers_red": st.integers(1, 3),
    "diverging_gap": st.sampled_from(("0.6", "0.8", "1", "1.2")),
    "low_trust_score": st.integers(1, 3),
    "decline_drop": st.sampled_from(("0.5", "0.7", "0.75", "0.8", "1")),
    "stalled_learning_days": st.integers(0, 80),
}


@st.composite
def tenant_rules(draw):
    """Rules(), or Rules with a few thresholds changed as a tenant might (and some it might not)."""
    if draw(st.booleans()):
        return Rules()
    changes = {name: draw(RULE_VALUES[name])
               for name in draw(st.lists(st.sampled_from(sorted(RULE_VALUES)), min_size=1, max_size=4, unique=True))}
    if draw(st.booleans()):
        amber = changes["neglect_amber_days"] = draw(st.integers(0, 50))
        changes["neglect_red_days"] = draw(st.integers(amber, amber + 30))
    if draw(st.booleans()):
        window = changes["one_sided_window"] = draw(st.integers(1, 8))
        changes["one_sided_count"] = draw(st.integers(1, window))
    return Rules.from_overrides(changes)


@st.composite
def histories_and_rules(draw):
    events, today = draw(histories())
    return events, today, draw(tenant_rules())
