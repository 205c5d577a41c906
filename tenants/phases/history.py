"""What a pairing's events add up to so far: meetings, offers, charter, goals and pulse rounds.

History takes the events in order (one day at a time, see events.KINDS for the order within a
day) and keeps exactly the facts the phase rules and the risk flags read. Days are ordinals
(date.toordinal()) so that "days since" is a subtraction.
"""
from .events import MENTEE, MENTOR


class Offer:
    """One offer: who made it, when, and what became of it."""

    __slots__ = ("author", "made", "pending", "accepted", "withdrawn")

    def __init__(self, author, made):
        self.author = author
        self.made = made
        self.pending = True  # until answered or withdrawn
        self.accepted = False  # by the other partner, at any time before a withdrawal
        self.withdrawn = False


class Round:
    """A complete pulse round: both partners' item totals (5-25) and the day the later answer came."""

    __slots__ = ("number", "mentor", "mentee", "completed")

    def __init__(self, number, mentor, mentee, completed):
        self.number = number
        self.mentor = mentor
        self.mentee = mentee
        self.completed = completed

    @property
    def pair(self):
        """The two totals added: ten times the pair mean."""
        return self.mentor + self.mentee

    @property
    def gap(self):
        """The totals' difference: five times the gap between the partners' round means."""
        return abs(self.mentor - self.mentee)


class History:
    __slots__ = ("start", "ended", "signed", "reopened", "held", "last_held", "longest_gap", "longest_gap_ends",
                 "cancelled_in_a_row", "cancellations", "interactions", "offers", "pending", "accepted",
                 "answers", "rounds", "latest_answer", "pulse_flags", "goal_updated", "goal_progress")

    def __init__(self, start):
        self.start = start
        self.ended = None
        self.signed = set()  # partners who signed the current charter
        self.reopened = None  # the day the charter was last reopened
        self.held = 0  # meetings held
        self.last_held = None
        self.longest_gap = 0  # days between two consecutive held meetings, at most
        self.longest_gap_ends = None  # (day, day) of that gap
        self.cancelled_in_a_row = 0  # cancellations since the last held meeting
        self.cancellations = []  # (day, by) of those cancellations
        self.interactions = []  # who started each held meeting and made each offer, in order
        self.offers = {}  # offer id -> Offer
        self.pending = {}  # offer id -> Offer, oldest first
        self.accepted = {MENTOR: 0, MENTEE: 0}  # accepted offers by author
        self.answers = {}  # round -> {partner: (total, trust)}
        self.rounds = []  # complete rounds, by number
        self.latest_answer = {}  # partner -> (round, trust): the latest round each answered
        self.pulse_flags = []  # the flags that only a pulse answer changes (flags.flags_on keeps them)
        self.goal_updated = None  # the day of the last goal_progress event
        self.goal_progress = set()  # partners with some progress (> 0) on a goal

    def apply(self, event, day):
        """Add one event, dated `day`, to the history."""
        kind, by = event.kind, event.by
        if kind == "meeting_held":
            if self.last_held is not None and day - self.last_held > self.longest_gap:
                self.longest_gap = day - self.last_held
                self.longest_gap_ends = (self.last_held, day)
            self.held += 1
            self.last_held = day
            self.cancelled_in_a_row = 0
            self.cancellations = []
            self.interactions.append(by)
        elif kind == "pulse":
            self.answered(event.data["round"], by, event.data["items"], day)
        elif kind == "offer_made":
            if event.data["offer"] not in self.offers:  # an id made twice: the first stands
                self.offers[event.data["offer"]] = self.pending[event.data["offer"]] = Offer(by, day)
                self.interactions.append(by)
        elif kind == "offer_answered":
            offer = self.offers.get(event.data["offer"])
            if offer is None or offer.withdrawn or offer.author == by:  # nothing to answer
                return
            self.pending.pop(event.data["offer"], None)
            offer.pending = False
            if event.data["answer"] == "accepted" and not offer.accepted:
                offer.accepted = True
                self.accepted[offer.author] += 1
        elif kind == "offer_withdrawn":
            offer = self.offers.get(event.data["offer"])
            if offer is not None:
                self.pending.pop(event.data["offer"], None)
                offer.pending = False
                offer.withdrawn = True
        elif kind == "goal_progress":
            self.goal_updated = day
            if event.data["progress"] > 0:
                self.goal_progress.add(by)
        elif kind == "meeting_cancelled":
            self.cancelled_in_a_row += 1
            self.cancellations.append((day, by))
        elif kind == "charter_signed":
            self.signed.add(by)
        elif kind == "charter_reopened":
            self.signed = set()
            self.reopened = day
        elif kind == "ended":
            self.ended = day
        elif kind == "started":
            raise ValueError(f"A pairing starts once; a second started event on {event.on.isoformat()}.")

    def answered(self, number, by, items, day):
        answers = self.answers.setdefault(number, {})
        if by in answers:
            raise ValueError(f"The {by} answered pulse round {number} twice; a partner answers a round once.")
        total = items["clarity"] + items["needs"] + items["trust"] + items["effectiveness"] + items["learning"]
        answers[by] = (total, items["trust"])
        self.pulse_flags = None
        if by not in self.latest_answer or number > self.latest_answer[by][0]:
            self.latest_answer[by] = (number, items["trust"])
        if len(answers) == 2:
            complete = Round(number, answers[MENTOR][0], answers[MENTEE][0], day)
            at = len(self.rounds)
            while at and self.rounds[at - 1].number > number:  # rounds are kept by number
                at -= 1
            self.rounds.insert(at, complete)

    def since_meeting(self):
        """The day of the last held meeting, or the start when none was held."""
        return self.start if self.last_held is None else self.last_held

    def since_goal_update(self):
        """The day of the last goal update, or the start when there was none."""
        return self.start if self.goal_updated is None else self.goal_updated
