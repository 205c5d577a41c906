"""Every threshold of the phase tracker, named once, with what it means and its starting value.

A tenant changes them in its programme settings, stored as JSON: Rules.from_overrides(that
dict). Scores (pulse means, gaps) are Fractions so that "3.6" means exactly 3.6.
"""
from dataclasses import dataclass, field, fields, replace
from fractions import Fraction
from functools import cached_property
from math import ceil, floor
from typing import NamedTuple

# What a rule counts, which also says how a settings form should ask for it.
DAYS = "days"
COUNT = "count"
SCORE = "score"  # on the 1-5 pulse scale
SCORE_GAP = "score gap"  # a difference of two scores on that scale
BOUNDS = {DAYS: (0, 3650), COUNT: (1, 1000), SCORE: (1, 5), SCORE_GAP: (0, 4)}


def rule(default, unit, meaning):
    return field(default=default, metadata={"unit": unit, "meaning": meaning})


@dataclass(frozen=True)
class Rules:
    """The thresholds of the phase rules; Rules() are the programme's starting values."""

    # role-taking -> role-making
    role_making_meetings: int = rule(2, COUNT, "Meetings held before a pairing can enter role-making.")
    role_making_accepted_offers: int = rule(
        1, COUNT, "Offers each partner must have authored and had accepted by the other before role-making.")
    role_making_pulse: Fraction = rule(
        Fraction(3), SCORE, "Lowest round mean, from each partner, in the qualifying pulse rounds for role-making.")

    # role-making -> routinization
    routinization_days: int = rule(90, DAYS, "Days since the start before a pairing can enter routinization.")
    routinization_meetings: int = rule(4, COUNT, "Meetings held before a pairing can enter routinization.")
    routinization_meeting_gap: int = rule(
        45, DAYS, "Longest gap, in days, allowed between two consecutive held meetings since the start "
                  "for routinization.")
    routinization_pulse: Fraction = rule(
        Fraction("3.6"), SCORE, "Lowest pair mean in the qualifying pulse rounds for routinization.")
    routinization_partner_gap: Fraction = rule(
        Fraction("0.75"), SCORE_GAP, "Largest gap between the partners' round means in the qualifying pulse rounds "
                                 "for routinization.")

    # Both promotions, and moving back
    qualifying_rounds: int = rule(
        2, COUNT, "Latest complete pulse rounds that must all qualify, completed after the pairing entered its "
                  "phase, before a promotion.")
    ambers_to_regress: int = rule(
        2, COUNT, "Amber flags on one day that move a pairing back a phase (one red flag always does); with "
                  "fewer, and no red flag, a promotion may happen.")
    days_between_regressions: int = rule(30, DAYS, "Days after moving back a phase before a pairing can move back again.")

    # Risk flags
    neglect_amber_days: int = rule(45, DAYS, "Neglect is amber after more than this many days without a held meeting.")
    neglect_red_days: int = rule(60, DAYS, "Neglect is red after more than this many days without a held meeting.")
    cancellations_in_a_row: int = rule(2, COUNT, "Latest meetings all cancelled that raise the cancellations flag.")
    offer_answer_days: int = rule(14, DAYS, "Days an offer may wait for an answer; longer raises the unanswered-offer flag.")
    unanswered_offers_red: int = rule(2, COUNT, "Offers waiting too long that make the unanswered-offer flag red.")
    one_sided_window: int = rule(6, COUNT, "Latest interactions (meetings held, offers made) looked at for the "
                                           "one-sided flag.")
    one_sided_count: int = rule(5, COUNT, "Interactions, of that window, started by one partner that raise the "
                                          "one-sided flag.")
    diverging_gap: Fraction = rule(Fraction(1), SCORE_GAP, "Gap between the partners' means in the latest complete round "
                                                       "that raises the diverging flag.")
    low_trust_score: int = rule(2, SCORE, "A trust answer at or below this, in a partner's latest pulse, raises the "
                                          "red low-trust flag.")
    decline_drop: Fraction = rule(Fraction("0.75"), SCORE_GAP, "Fall of the latest pair mean below the best earlier one "
                                                           "that raises the decline flag.")
    stalled_learning_days: int = rule(60, DAYS, "Days without any goal update (in a pairing at least that old) that "
                                                "raise the stalled-learning flag.")

    def __post_init__(self):
        for spec in fields(self):
            value = getattr(self, spec.name)
            problem = value_problem(spec, value)
            if problem:
                raise ValueError(f"The phase rule {spec.name} {problem}.")
            if spec.type is Fraction and not isinstance(value, Fraction):  # an int may be given; keep one type
                object.__setattr__(self, spec.name, Fraction(value))
        if self.neglect_red_days < self.neglect_amber_days:
            raise ValueError("The phase rule neglect_red_days must be at least neglect_amber_days.")
        if self.one_sided_count > self.one_sided_window:
            raise ValueError("The phase rule one_sided_count must be at most one_sided_window.")

    @classmethod
    def from_overrides(cls, overrides):
        """Rules with a tenant's changes applied: {name: value} from JSON (numbers or numeric texts)."""
        if not isinstance(overrides, dict):
            raise ValueError(f"Phase rule overrides must be a mapping of rule names to values, not {overrides!r}.")
        known = {spec.name: spec for spec in fields(cls)}
        unknown = sorted(set(overrides) - set(known))
        if unknown:
            raise ValueError(f"Unknown phase rule(s): {', '.join(map(str, unknown))}. Known: {', '.join(known)}.")
        return replace(cls(), **{name: parsed(known[name], value) for name, value in overrides.items()})

    def overrides(self):
        """The rules that differ from the starting values, as JSON-ready numbers (the inverse of from_overrides)."""
        default = Rules()
        return {spec.name: plain(getattr(self, spec.name)) for spec in fields(self)
                if getattr(self, spec.name) != getattr(default, spec.name)}

    @cached_property
    def points(self):
        """The score thresholds in whole pulse points (see Points), worked out once."""
        return Points(
            role_making=ceil(self.role_making_pulse * 5),
            routinization=ceil(self.routinization_pulse * 10),
            routinization_gap=floor(self.routinization_partner_gap * 5),
            diverging=ceil(self.diverging_gap * 5),
            decline=ceil(self.decline_drop * 10),
        )

    @classmethod
    def explained(cls):
        """Every rule with its unit, meaning and starting value, in the order of a settings form."""
        return [RuleField(spec.name, spec.metadata["unit"], spec.metadata["meaning"], spec.default)
                for spec in fields(cls)]


class Points(NamedTuple):
    """Score thresholds as whole numbers of pulse points, so that means compare exactly.

    A partner's round mean is their five answers' total / 5, a pair mean the two totals / 10
    and a gap their difference / 5. Totals are whole numbers, so "pair mean >= 3.6" is
    exactly "the totals add up to at least ceil(3.6 * 10)".
    """

    role_making: int  # each partner's total, at least
    routinization: int  # the two totals added, at least
    routinization_gap: int  # the totals' difference, at most
    diverging: int  # the totals' difference, at least
    decline: int  # the fall of the two totals added, at least


class RuleField(NamedTuple):
    name: str
    unit: str  # DAYS, COUNT, SCORE or SCORE_GAP
    meaning: str
    default: int | Fraction


def parsed(spec, value):
    """A JSON value for one rule, as the rule's type; ValueError in words when it cannot be."""
    if isinstance(value, bool) or not isinstance(value, (int, float, str, Fraction)):
        raise ValueError(f"The phase rule {spec.name} must be a number, not {value!r}.")
    try:
        number = Fraction(str(value).strip()) if isinstance(value, (float, str)) else Fraction(value)
    except (ValueError, ZeroDivisionError):
        raise ValueError(f"The phase rule {spec.name} must be a number, not {value!r}.") from None
    if spec.type is int:
        if number.denominator != 1:
            raise ValueError(f"The phase rule {spec.name} must be a whole number, not {value!r}.")
        return int(number)
    return number


def value_problem(spec, value):
    """Why a rule's value cannot be used, in words; None when it can."""
    if isinstance(value, bool) or not isinstance(value, (int, Fraction)):
        return f"must be a number, not {value!r}"
    if spec.type is int and not isinstance(value, int):
        return f"must be a whole number, not {value!r}"
    low, high = BOUNDS[spec.metadata["unit"]]
    if not low <= value <= high:
        return f"must be from {plain(low)} to {plain(high)}, not {plain(value)}"
    return None


def plain(number):
    """A rule's value for JSON and for people: 2, 3.6, 0.75."""
    if isinstance(number, Fraction):
        return int(number) if number.denominator == 1 else float(number)
    return number
