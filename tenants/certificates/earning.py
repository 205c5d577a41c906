"""Who earns a certificate: a pure rule over what a pairing did, with its reason in words.

    earned(PairingRecord(...), EarningRule(...)) -> Verdict(earned, reason, on)

A pairing earns both its partners a certificate when it reached routinization, or when it is
over (it ended, or the programme term did) with enough meetings held and both partners'
closing surveys answered. An early end counts as an end: the meetings and the surveys are
what tell a pairing that did the work from one that gave up.
"""
from dataclasses import dataclass
from datetime import date

MEETINGS = 6  # the programme's starting value: "at least six meetings held"
MEETINGS_BOUNDS = (1, 100)


@dataclass(frozen=True)
class EarningRule:
    """The programme's thresholds, as its settings keep them."""
    routinization: bool = True  # reaching routinization earns a certificate
    meetings: int = MEETINGS  # an ended pairing earns one with at least this many meetings held…
    closing_surveys: bool = True  # …and both partners' closing surveys answered

    def __post_init__(self):
        low, high = MEETINGS_BOUNDS
        if isinstance(self.meetings, bool) or not isinstance(self.meetings, int) or not low <= self.meetings <= high:
            raise ValueError(f"The meetings a certificate needs must be a whole number from {low} to {high}, "
                             f"not {self.meetings!r}.")


@dataclass(frozen=True)
class PairingRecord:
    """What the rule reads of one pairing."""
    routinization: date | None  # the day it first reached routinization, if it did
    meetings_held: int
    closing_surveys: int  # how many of the two partners answered theirs
    over: date | None  # the day the pairing ended, or the programme term did, if either has


@dataclass(frozen=True)
class Verdict:
    earned: bool
    reason: str  # one sentence, for the programme manager and the certificate's record
    on: date | None = None  # the day it was earned


def earned(record, rule=EarningRule()):
    """Whether `record` earns its partners a certificate under `rule`, and why (or why not)."""
    if rule.routinization and record.routinization is not None:
        return Verdict(True, f"Reached routinization on {said(record.routinization)}.", record.routinization)
    surveys_needed = 2 if rule.closing_surveys else 0
    if record.over is not None and record.meetings_held >= rule.meetings and record.closing_surveys >= surveys_needed:
        surveys = " and both closing surveys answered" if rule.closing_surveys else ""
        return Verdict(True, f"Completed the programme on {said(record.over)} with "
                             f"{meetings(record.meetings_held)} held{surveys}.", record.over)
    missing = []
    if record.over is None:
        missing.append("the pairing or the programme term to end")
    if record.meetings_held < rule.meetings:
        missing.append(f"{meetings(rule.meetings)} held ({record.meetings_held} so far)")
    if record.closing_surveys < surveys_needed:
        missing.append(f"both closing surveys ({record.closing_surveys} answered)")
    if rule.routinization:
        return Verdict(False, "Not earned yet: it has not reached routinization, and completing the programme "
                              f"needs {listing(missing)}.")
    return Verdict(False, f"Not earned yet: completing the programme needs {listing(missing)}.")


def meetings(count):
    return f"{count} meeting{'' if count == 1 else 's'}"


def listing(parts):
    return parts[0] if len(parts) == 1 else f"{', '.join(parts[:-1])} and {parts[-1]}"


def said(day):
    return f"{day.day} {day:%B %Y}"
