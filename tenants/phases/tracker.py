"""The phase rules, and the replay of a pairing's history that applies them day after day.

Each day, after that day's events: a pairing in role-making or routinization with a red flag
or enough amber ones moves back a phase (at most once in `days_between_regressions`);
otherwise it moves up when every condition of the next phase holds and the promotion guard
lets it. One change a day at most.

The replay visits only the days on which something can change: the days with events, and
the days on which time alone can raise a flag or open a door (a meeting or an answer overdue,
goals gone quiet, the pairing old enough for routinization, a regression's wait over). On
any other day the facts and the flags are those of the day before, so nothing changes.
tests/phases/test_oracle.py checks this against a replay of every single day.
"""
from dataclasses import dataclass, field
from datetime import date, datetime
from operator import attrgetter

from .events import MENTEE, MENTOR
from .flags import AMBER, RED, Flag, flags_on
from .history import History
from .reasons import (PHASES, ended_reason, entry_reasons, next_steps, progress_reasons, regression_reasons,
                      started_reasons)
from .rules import Rules


@dataclass(frozen=True)
class Reading:
    """Where a pairing stands on a day, and why."""

    phase: str  # one of PHASES
    since: date  # the day the pairing entered this phase
    reasons: list[str]  # why it is in this phase, then what is still missing for the next
    flags: list[Flag]  # red ones first
    next_steps: dict[str, list[str]] = field(default_factory=dict)  # {"mentor": [...], "mentee": [...]}
    ended: date | None = None  # the day an `ended` event closed the pairing; the reading is of that day


def phase_of(events, today, rules=Rules()):
    """The reading of a pairing on `today`, from its events in any order (later ones are ignored)."""
    replay, day = replayed(events, today, rules)
    history = replay.history
    flags = flags_on(history, day, rules)
    reasons = list(replay.changes[-1][2])
    if history.ended is not None:
        reasons.insert(0, ended_reason(day))
        steps = {MENTOR: [], MENTEE: []}
    else:
        missing = list(unmet(replay.phase + 1, history, day, replay.since, rules)) if replay.phase < 2 else []
        reasons.extend(progress_reasons(history, day, replay.phase, replay.since, missing, flags, rules))
        steps = next_steps(history, day, replay.phase, missing, flags, rules)
    return Reading(PHASES[replay.phase], date.fromordinal(replay.since), reasons, flags, steps,
                   None if history.ended is None else date.fromordinal(history.ended))


def journey(events, today, rules=Rules()):
    """Every phase change from the start to `today`: [(date, phase, reasons)], the start first."""
    replay, _ = replayed(events, today, rules)
    return [(date.fromordinal(day), PHASES[phase], list(reasons)) for day, phase, reasons in replay.changes]


# The conditions of each promotion, by name; a promotion happens when none is unmet and the
# guard passes (no red flag, fewer ambers than ambers_to_regress).

def unmet(phase, history, day, since, rules):
    """The names of the conditions for entering `phase` (1: role-making, 2: routinization) not met on `day`."""
    need, rounds = rules.points, history.rounds[-rules.qualifying_rounds:]
    if phase == 1:
        if len(history.signed) < 2:
            yield "charter"
        if history.held < rules.role_making_meetings:
            yield "meetings"
        if min(history.accepted[MENTOR], history.accepted[MENTEE]) < rules.role_making_accepted_offers:
            yield "offers"
        if len(rounds) < rules.qualifying_rounds or any(min(r.mentor, r.mentee) < need.role_making for r in rounds):
            yield "pulse"
    else:
        if day - history.start < rules.routinization_days:
            yield "days"
        if history.held < rules.routinization_meetings:
            yield "meetings"
        if history.longest_gap > rules.routinization_meeting_gap:
            yield "meeting_gap"
        if len(rounds) < rules.qualifying_rounds or any(
                r.pair < need.routinization or r.gap > need.routinization_gap for r in rounds):
            yield "pulse"
        if len(history.goal_progress) < 2:
            yield "goals"
    if any(r.completed <= since for r in rounds):  # the guard: rounds completed after entering this phase
        yield "fresh_pulse"


def guard_passes(flags, rules):
    return not any(flag.level == RED for flag in flags) and len(flags) < rules.ambers_to_regress  # all amber


def must_regress(flags, rules):
    return any(flag.level == RED for flag in flags) or sum(flag.level == AMBER for flag in flags) >= rules.ambers_to_regress


class Replay:
    """The phase as the history grows: settle(day) after each day's events, wait(first, last) between them."""

    def __init__(self, history, rules):
        self.history = history
        self.rules = rules
        self.phase = 0
        self.since = history.start
        self.regressed = None  # the day of the last regression
        self.changes = [(history.start, 0, started_reasons(history))]

    def settle(self, day):
        """Apply the phase rules on `day`, whose events are all in the history."""
        history, rules, phase = self.history, self.rules, self.phase
        if phase:
            flags = flags_on(history, day, rules, evidence=False)
            if flags and (self.regressed is None or day - self.regressed >= rules.days_between_regressions) \
                    and must_regress(flags, rules):
                flags = flags_on(history, day, rules)
                self.change(day, phase - 1, regression_reasons(day, PHASES[phase], PHASES[phase - 1], flags))
                self.regressed = day
                return
            if phase == 2:
                return
        for _ in unmet(phase + 1, history, day, self.since, rules):
            return
        if guard_passes(flags if phase else flags_on(history, day, rules, evidence=False), rules):
            self.change(day, phase + 1, entry_reasons(history, day, phase + 1, rules))

    def change(self, day, phase, reasons):
        self.phase = phase
        self.since = day
        self.changes.append((day, phase, reasons))

    def wait(self, first, last):
        """Settle the days from `first` to `last`, which have no events, where the rules can act on them."""
        day = first - 1
        while self.phase:  # in role-taking only an event can change anything
            day = self.next_turn(day)
            if day is None or day > last:
                return
            self.settle(day)

    def next_turn(self, after):
        """The first day after `after` on which time alone can raise a flag or allow a change (None: no such day)."""
        history, rules = self.history, self.rules
        turns = [history.since_meeting() + rules.neglect_amber_days + 1,
                 history.since_meeting() + rules.neglect_red_days + 1,
                 history.since_goal_update() + rules.stalled_learning_days]
        turns.extend(offer.made + rules.offer_answer_days + 1 for offer in history.pending.values())
        if self.phase == 1:
            turns.append(history.start + rules.routinization_days)
        if self.regressed is not None:
            turns.append(self.regressed + max(rules.days_between_regressions, 1))
        return min((turn for turn in turns if turn > after), default=None)


by_order = attrgetter("order")


def replayed(events, today, rules):
    """The replay of the events up to `today` (or up to the pairing's end), and the day it stops on."""
    if not isinstance(today, date) or isinstance(today, datetime):
        raise ValueError(f"today must be a datetime.date, not {today!r}.")
    last = today.toordinal()
    ordered = sorted([event for event in events if event.order[0] <= last], key=by_order)
    if not ordered or ordered[0].kind != "started":
        starts = [event.on for event in ordered if event.kind == "started"]
        if not starts:
            raise ValueError(f"A pairing's events must include its started event on or before {today.isoformat()}.")
        raise ValueError(f"A {ordered[0].kind} event of {ordered[0].on.isoformat()} comes before the pairing "
                         f"started on {starts[0].isoformat()}.")
    history = History(ordered[0].order[0])
    replay = Replay(history, rules)
    day = history.start
    for event in ordered[1:]:  # ordered[0] is the start itself
        if event.order[0] != day:
            replay.settle(day)
            if history.ended is not None:
                return replay, day
            if replay.phase:
                replay.wait(day + 1, event.order[0] - 1)
            day = event.order[0]
        history.apply(event, day)
    replay.settle(day)
    if history.ended is not None:
        return replay, day
    replay.wait(day + 1, last)
    return replay, last
