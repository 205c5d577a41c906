"""Realistic pairing histories, for the oracle tests, bench/phases.py and (later) demo data.

    realistic_history(rng, start, today, kind) -> [Event]   rng: a random.Random; kind: one of KINDS

Each kind is a way pairings really go (healthy, slow, neglected, …), drawn from rates of
meetings, offers, answers, pulse scores and goal updates; about 40 events for half a year.
Plain standard library, so that anything can import it.
"""
from datetime import timedelta

from tenants.phases import MENTEE, MENTOR, PULSE_ITEMS, Event

# kind -> how its partners behave; every rate is drawn around these values.
KINDS = {
    # meets every ~3 weeks, answers offers, rates the relationship well and better over time
    "healthy": dict(meet_every=21, cancel=0.08, mentor_leads=0.5, turns=0.7, offer_every=24, accept=0.8,
                    answer_within=6, answers=0.99, pulse=4.1, trend=0.08, gap=0.2, goal_every=30),
    # gets there, but late: a mentee who signs late and meets monthly
    "slow": dict(meet_every=30, cancel=0.15, mentor_leads=0.6, turns=0.5, offer_every=35, accept=0.6, answer_within=10,
                 pulse=3.5, trend=0.05, gap=0.3, goal_every=45, late_charter=True),
    # starts well, then the meetings stop
    "neglected": dict(meet_every=21, cancel=0.25, mentor_leads=0.5, offer_every=30, accept=0.7, answer_within=8,
                      pulse=3.8, trend=-0.05, gap=0.3, goal_every=40, stops_meeting=0.45),
    # the mentor does all the asking
    "one_sided": dict(meet_every=20, cancel=0.1, mentor_leads=0.92, offer_every=20, accept=0.6, answer_within=12,
                      pulse=3.6, trend=0.0, gap=0.5, goal_every=35, offers_by_mentor=0.95),
    # one partner does not trust the other
    "low_trust": dict(meet_every=25, cancel=0.15, mentor_leads=0.6, offer_every=28, accept=0.5, answer_within=10,
                      pulse=3.2, trend=-0.05, gap=0.6, goal_every=40, low_trust=True),
    # good at first, worse every month
    "declining": dict(meet_every=24, cancel=0.2, mentor_leads=0.55, offer_every=26, accept=0.6, answer_within=10,
                      pulse=4.3, trend=-0.3, gap=0.3, goal_every=40),
    # the partners see the relationship very differently
    "diverging": dict(meet_every=22, cancel=0.1, mentor_leads=0.5, offer_every=25, accept=0.7, answer_within=8,
                      pulse=3.7, trend=0.0, gap=1.3, goal_every=35),
    # meets, but learns nothing: goals never move
    "stalled": dict(meet_every=22, cancel=0.1, mentor_leads=0.5, offer_every=28, accept=0.7, answer_within=8,
                    pulse=3.7, trend=0.0, gap=0.3, goal_every=None),
    # offers go unanswered
    "unanswered": dict(meet_every=26, cancel=0.1, mentor_leads=0.5, offer_every=18, accept=0.7, answer_within=30,
                       pulse=3.4, trend=0.0, gap=0.4, goal_every=40, answers=0.5),
    # ended by the programme or the partners part-way
    "ended": dict(meet_every=24, cancel=0.2, mentor_leads=0.5, offer_every=28, accept=0.6, answer_within=10,
                  pulse=3.4, trend=-0.1, gap=0.4, goal_every=40, ends=True),
}


def realistic_history(rng, start, today, kind):
    """The events of one pairing of `kind`, from `start` to `today` (dates), in time order."""
    how = KINDS[kind]
    events = [Event(start, "started")]
    days = (today - start).days

    def on(offset):
        return start + timedelta(days=offset)

    def within(offset):
        return 0 <= offset <= days

    # The charter: both sign in the first weeks (a slow mentee takes longer); now and then it
    # is reopened and signed again.
    for partner in (MENTOR, MENTEE):
        signed = rng.randint(0, 10) + (rng.randint(20, 60) if how.get("late_charter") and partner == MENTEE else 0)
        if within(signed):
            events.append(Event(on(signed), "charter_signed", partner))
    if rng.random() < 0.05 and days > 60:
        reopened = rng.randint(40, days)
        events.append(Event(on(reopened), "charter_reopened"))
        for partner in (MENTOR, MENTEE):
            again = reopened + rng.randint(0, 20)
            if within(again):
                events.append(Event(on(again), "charter_signed", partner))

    # Meetings, roughly every `meet_every` days; a cancelled one is usually rebooked soon.
    last_meeting = days * how["stops_meeting"] if "stops_meeting" in how else days
    offset = rng.randint(3, 14)
    leader = MENTEE
    while within(offset) and offset <= last_meeting:
        # Partners who take turns: the one who did not book the last meeting books this one.
        if rng.random() < how.get("turns", 0):
            leader = MENTEE if leader == MENTOR else MENTOR
        else:
            leader = MENTOR if rng.random() < how["mentor_leads"] else MENTEE
        if rng.random() < how["cancel"]:
            events.append(Event(on(offset), "meeting_cancelled", rng.choice((MENTOR, MENTEE))))
            offset += rng.randint(3, 12)
            continue
        events.append(Event(on(offset), "meeting_held", leader))
        offset += max(1, round(rng.gauss(how["meet_every"], how["meet_every"] / 4)))

    # Offers (a topic, a session, an introduction, feedback) and their answers.
    offer_id = 0
    offset = rng.randint(2, 10)
    while within(offset):
        offer_id += 1
        author = MENTOR if rng.random() < how.get("offers_by_mentor", 0.5) else MENTEE
        events.append(Event(on(offset), "offer_made", author, offer=offer_id))
        answered = offset + rng.randint(0, how["answer_within"])
        if rng.random() < how.get("answers", 0.97) and within(answered):
            if rng.random() < 0.04:
                events.append(Event(on(answered), "offer_withdrawn", author, offer=offer_id))
            else:
                answer = "accepted" if rng.random() < how["accept"] else rng.choice(("countered", "declined"))
                other = MENTEE if author == MENTOR else MENTOR
                events.append(Event(on(answered), "offer_answered", other, offer=offer_id, answer=answer))
        offset += max(1, round(rng.gauss(how["offer_every"], how["offer_every"] / 3)))

    # Goal updates, with progress that only grows.
    if how["goal_every"]:
        for partner, goal in ((MENTOR, 1), (MENTEE, 2)):
            progress = 0
            offset = rng.randint(10, 40)
            while within(offset):
                progress = min(100, progress + rng.randint(0, 25))
                events.append(Event(on(offset), "goal_progress", partner, goal=goal, progress=progress))
                offset += max(1, round(rng.gauss(how["goal_every"], how["goal_every"] / 3)))

    # The monthly pulse: each partner answers most rounds within a week; scores drift by `trend`
    # a month and the partners differ by about `gap`.
    for number in range(1, days // 30 + 1):
        opens = number * 30 - 3
        level = how["pulse"] + how["trend"] * (number - 1)
        for partner in (MENTOR, MENTEE):
            answered = opens + rng.randint(0, 7)
            if rng.random() < 0.92 and within(answered):
                own = level + (how["gap"] / 2 if partner == MENTOR else -how["gap"] / 2)
                items = {item: score(rng.gauss(own, 0.5)) for item in PULSE_ITEMS}
                if how.get("low_trust") and partner == MENTEE and rng.random() < 0.6:
                    items["trust"] = rng.randint(1, 2)
                events.append(Event(on(answered), "pulse", partner, round=number, items=items))

    if how.get("ends") and days > 30:
        ended = rng.randint(30, days)
        events = [event for event in events if event.on <= on(ended)]
        events.append(Event(on(ended), "ended"))
    events.sort(key=lambda event: event.order)
    return events


def score(value):
    """A 1-5 answer near `value`."""
    return min(5, max(1, round(value)))
