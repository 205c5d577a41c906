"""Risk flags: named warnings on a pairing on one day, amber or red, each with its evidence.

Only what happened up to that day counts. Between two events a flag can appear (time passes
without a meeting, an answer, a goal update) but never go away: only an event clears one.
"""
from typing import NamedTuple

from .events import MENTEE, MENTOR, OTHER
from .words import day_said, number_of, plural, score_said

AMBER = "amber"
RED = "red"
FLAGS = ("neglect", "cancellations", "unanswered_offer", "one_sided", "diverging", "low_trust", "decline",
         "stalled_learning")


class Flag(NamedTuple):
    name: str  # one of FLAGS
    level: str  # AMBER or RED
    evidence: str  # what raised it, in a sentence


def flags_on(history, day, rules, evidence=True):
    """Every flag raised on `day`, red ones first; evidence=False leaves out the sentences and the order (for speed)."""
    raised = []
    idle = day - history.since_meeting()
    if idle > rules.neglect_amber_days:
        raised.append(Flag("neglect", RED if idle > rules.neglect_red_days else AMBER,
                           evidence and neglected(history, idle, day)))
    if history.cancelled_in_a_row >= rules.cancellations_in_a_row:
        raised.append(Flag("cancellations", AMBER, evidence and cancelled(history, day, rules)))
    if history.pending:
        waiting = [offer for offer in history.pending.values() if day - offer.made > rules.offer_answer_days]
        if waiting:
            level = RED if len(waiting) >= rules.unanswered_offers_red else AMBER
            raised.append(Flag("unanswered_offer", level, evidence and unanswered(waiting, day, rules)))
    window = rules.one_sided_window
    if len(history.interactions) >= window:
        by_mentor = history.interactions[-window:].count(MENTOR)
        leader, count = (MENTOR, by_mentor) if by_mentor * 2 >= window else (MENTEE, window - by_mentor)
        if count >= rules.one_sided_count:
            raised.append(Flag("one_sided", AMBER, evidence and (
                f"The {leader} started {count} of the last {window} interactions (meetings held and offers made).")))
    if history.pulse_flags is None:  # worked out again only after a new pulse answer
        history.pulse_flags = round_flags(history, rules) + trust_flags(history, rules)
    raised.extend(history.pulse_flags)
    quiet = day - history.since_goal_update()
    if quiet >= rules.stalled_learning_days:
        raised.append(Flag("stalled_learning", AMBER, evidence and stalled(history, quiet, day)))
    if evidence and len(raised) > 1:
        raised.sort(key=worst_first)
    return raised


def worst_first(flag):
    return flag.level != RED, FLAGS.index(flag.name)


def round_flags(history, rules):
    """diverging and decline, from the latest complete round."""
    need = rules.points
    raised = []
    if not history.rounds:
        return raised
    latest = history.rounds[-1]
    if latest.gap >= need.diverging:
        raised.append(Flag("diverging", AMBER, (
            f"In round {latest.number} the mentor's mean was {score_said(latest.mentor / 5)} and the mentee's "
            f"{score_said(latest.mentee / 5)}: a gap of {score_said(latest.gap / 5)}.")))
    if len(history.rounds) > 1:
        best = max(history.rounds[:-1], key=lambda earlier: earlier.pair)
        if best.pair - latest.pair >= need.decline:
            raised.append(Flag("decline", AMBER, (
                f"The pair mean fell to {score_said(latest.pair / 10)} in round {latest.number}, "
                f"from {score_said(best.pair / 10)} in round {best.number}.")))
    return raised


def trust_flags(history, rules):
    """low_trust, from each partner's latest answer."""
    low = [(partner, *history.latest_answer[partner]) for partner in (MENTOR, MENTEE)
           if partner in history.latest_answer and history.latest_answer[partner][1] <= rules.low_trust_score]
    if not low:
        return []
    said = " and ".join(f"the {partner} answered {trust} on trust in round {number}" for partner, number, trust in low)
    return [Flag("low_trust", RED, f"{said[0].upper()}{said[1:]}: a coach check-in is advised at once.")]


def neglected(history, idle, day):
    if history.last_held is None:
        return f"No meeting held in the {idle} days since the start on {day_said(history.start, day)}."
    return f"No meeting held for {idle} days (last on {day_said(history.last_held, day)})."


def cancelled(history, day, rules):
    latest = history.cancellations[-rules.cancellations_in_a_row:]
    listed = " and ".join(f"on {day_said(on, day)} by the {by}" for on, by in latest)
    return f"The last {number_of(len(latest))} meetings were cancelled ({listed})."


def unanswered(waiting, day, rules):
    oldest = waiting[0]
    if len(waiting) == 1:
        return (f"The {oldest.author}'s offer of {day_said(oldest.made, day)} has waited {day - oldest.made} days "
                f"for the {OTHER[oldest.author]}'s answer.")
    return (f"{plural(len(waiting), 'offer').capitalize()} have waited more than {rules.offer_answer_days} days for an "
            f"answer; the oldest, the {oldest.author}'s of {day_said(oldest.made, day)}, has waited "
            f"{day - oldest.made} days.")


def stalled(history, quiet, day):
    if history.goal_updated is None:
        return f"No goal update in the {quiet} days since the start on {day_said(history.start, day)}."
    return f"No goal update for {quiet} days (last on {day_said(history.goal_updated, day)})."
