"""The pulse: every few weeks from the pairing's start (30 days, a programme setting) a round
opens for a while (14 days); each partner answers it once, five items on a 1–5 scale and an
optional comment. The partner never sees the answers; the programme manager sees the scores,
and the comment only when the participant shares it."""
import datetime
from dataclasses import dataclass

import peewee

from tenants.pair_space import events
from tenants.pair_space.models import PulseAnswer
from tenants.pair_space.space import Refused, writable
from tenants.scope import database

# Our own wording, answered from 1 (not at all) to 5 (completely).
ITEMS = {
    "clarity": "I know where I stand with my partner.",
    "needs": "My partner understands what I need.",
    "trust": "I trust my partner to keep what I share confidential and to come through.",
    "effectiveness": "Our meetings are worth the time.",
    "learning": "I am learning what I came to learn.",
}
SCALE = {1: "Not at all", 2: "A little", 3: "Somewhat", 4: "Mostly", 5: "Completely"}


@dataclass(frozen=True)
class Round:
    number: int  # 1, 2, …
    opens: datetime.date
    closes: datetime.date  # the last day it is open

    def open_on(self, day):
        return self.opens <= day <= self.closes


def round_on(started, day, every, open_days):
    """The round open on `day` for a pairing that started on `started`, or None.

    Round n opens n × `every` days after the start (none on the first day: there is nothing
    to say about a partner yet) and stays open `open_days` days.
    """
    number = (day - started).days // every
    if number < 1:
        return None
    found = round_numbered(started, number, every, open_days)
    return found if found.open_on(day) else None


def round_numbered(started, number, every, open_days):
    opens = started + datetime.timedelta(days=number * every)
    return Round(number, opens, opens + datetime.timedelta(days=open_days - 1))


def next_round(started, day, every, open_days):
    """The next round to open after `day`."""
    return round_numbered(started, max(1, (day - started).days // every + 1), every, open_days)


def rounds_until(started, day, every, open_days):
    """Every round that had opened by `day`, oldest first."""
    return [round_numbered(started, n, every, open_days) for n in range(1, (day - started).days // every + 1)]


def answered(pairing, role, number):
    return PulseAnswer.select().where(PulseAnswer.pairing == pairing, PulseAnswer.by == role,
                                      PulseAnswer.round == number).exists()


def answer(seat, current, scores, comment, share_comment):
    """The viewer's answer to the open round `current`; once per round, each item 1 to 5."""
    writable(seat)
    if current is None:
        raise Refused("No pulse round is open now.")
    for item in ITEMS:
        if scores.get(item) not in SCALE:
            raise Refused("Answer from 1 to 5.", item)
    twice = Refused(f"You already answered round {current.number}: the next one opens later.")
    if answered(seat.pairing, seat.role, current.number):
        raise twice
    try:
        with database.atomic():
            PulseAnswer.create(pairing=seat.pairing, by=seat.role, round=current.number, comment=comment,
                               share_comment=bool(comment) and share_comment, **{item: scores[item] for item in ITEMS})
            events.write(seat.pairing, "pulse", by=seat.role, round=current.number,
                         items={item: scores[item] for item in ITEMS})
    except peewee.IntegrityError:  # a second answer sent at the same moment
        raise twice from None
