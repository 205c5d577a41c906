"""What a pairing's partners did, one event a row: the only input of the phase engine.

An Event is checked when it is made, so a misspelt kind or a pulse with a missing item fails
where it is written, not as a wrong phase months later.
"""
from datetime import date, datetime

MENTOR = "mentor"
MENTEE = "mentee"
PARTNERS = (MENTOR, MENTEE)
OTHER = {MENTOR: MENTEE, MENTEE: MENTOR}

PULSE_ITEMS = ("clarity", "needs", "trust", "effectiveness", "learning")  # each answered 1 to 5
ANSWERS = ("accepted", "countered", "declined")

# Every kind, in the order the engine applies events that fall on the same day: a pairing
# starts before anything else; a charter reopened and signed on one day counts as signed; a
# meeting cancelled and one held on one day leave the pair having met; meetings count
# before offers among the day's interactions; an offer is made before it is answered; an
# ending comes last, after everything else of its day.
KINDS = (
    "started",
    "charter_reopened",
    "charter_signed",
    "meeting_cancelled",  # by = who cancelled it
    "meeting_held",  # by = who initiated it
    "offer_made",  # by = its author; data: offer (an id)
    "offer_answered",  # by = who answered; data: offer, answer (one of ANSWERS)
    "offer_withdrawn",  # data: offer
    "goal_progress",  # by = the goal's owner; data: progress 0-100 (and usually goal, an id)
    "pulse",  # by = who answered; data: round (1, 2, …), items {item: 1-5}
    "ended",
)
RANK = {kind: rank for rank, kind in enumerate(KINDS)}
BY_PARTNER = {"charter_signed", "meeting_cancelled", "meeting_held", "offer_made", "offer_answered",
              "goal_progress", "pulse"}  # kinds that must say which partner acted


class Event:
    """One thing that happened in a pairing: Event(on, kind, by=None, **data).

    `on` is a datetime.date, `by` is "mentor", "mentee" or None, and data holds the kind's
    own fields (offer, answer, goal, progress, round, items), readable as `event.data`.
    """

    __slots__ = ("on", "kind", "by", "data", "order")

    def __init__(self, on, kind, by=None, **data):
        if not isinstance(on, date) or isinstance(on, datetime):
            raise ValueError(f"An event's date must be a datetime.date, not {on!r}.")
        if kind not in RANK:
            raise ValueError(f"Unknown event kind {kind!r}; the phase engine knows {', '.join(KINDS)}.")
        if by not in PARTNERS and (by is not None or kind in BY_PARTNER):
            raise ValueError(f"A {kind} event needs by='mentor' or by='mentee', not {by!r}.")
        problem = data_problem(kind, data)
        if problem:
            raise ValueError(f"A {kind} event of {on.isoformat()}: {problem}.")
        self.on = on
        self.kind = kind
        self.by = by
        self.data = data
        # Sorting by this puts a history in the order the engine applies it (see KINDS).
        self.order = (on.toordinal(), RANK[kind], by == MENTEE)

    def __repr__(self):
        data = "".join(f", {key}={value!r}" for key, value in self.data.items())
        by = f", {self.by!r}" if self.by else ""
        return f"Event({self.on!r}, {self.kind!r}{by}{data})"

    def __eq__(self, other):
        if not isinstance(other, Event):
            return NotImplemented
        return (self.on, self.kind, self.by, self.data) == (other.on, other.kind, other.by, other.data)

    __hash__ = None  # data is a dict


def data_problem(kind, data):
    """What is wrong with an event's data, in words; None when it is usable."""
    if kind in ("offer_made", "offer_answered", "offer_withdrawn"):
        if "offer" not in data:
            return "it needs offer=<the offer's id>"
        try:
            hash(data["offer"])
        except TypeError:
            return f"the offer id must be a number or a text, not {data['offer']!r}"
    if kind == "offer_answered" and data.get("answer") not in ANSWERS:
        return f"answer must be one of {', '.join(ANSWERS)}, not {data.get('answer')!r}"
    if kind == "goal_progress" and not whole_in(data.get("progress"), 0, 100):
        return f"progress must be a whole number from 0 to 100, not {data.get('progress')!r}"
    if kind == "pulse":
        if not whole_in(data.get("round"), 1, None):
            return f"round must be a whole number from 1, not {data.get('round')!r}"
        items = data.get("items")
        if not isinstance(items, dict) or set(items) != set(PULSE_ITEMS):
            return f"items must answer exactly {', '.join(PULSE_ITEMS)}, not {items!r}"
        wrong = [name for name in PULSE_ITEMS if not whole_in(items[name], 1, 5)]
        if wrong:
            return f"each item is answered 1 to 5; {', '.join(f'{name}={items[name]!r}' for name in wrong)}"
    return None


def whole_in(value, low, high):
    return (isinstance(value, int) and not isinstance(value, bool)
            and value >= low and (high is None or value <= high))
