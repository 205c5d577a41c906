"""The relationship-phase tracker (Graen & Scandura 1987): role-taking → role-making → routinization.

A pairing's phase is a pure, deterministic function of its events, with its reasons in words,
so that any phase can be explained and recomputed (no Flask, no database here):

    phase_of(events, today, rules=Rules()) -> Reading(phase, since, reasons, flags, next_steps, ended)
    journey(events, today, rules=Rules())  -> [(date, phase, reasons)]: every phase change, the start first
    Event(on, kind, by=None, **data)          one thing the partners did (events.py lists the kinds)
    Rules(...), Rules.from_overrides({...})   every threshold, named once (rules.py)

The rules are those of the tracker's issue, read one day at a time (tracker.py); flags.py
has the risk flags, history.py what the events add up to, reasons.py every sentence.

Where the issue is silent, we decided:
- A history is read day by day; each day's events all count before that day's rules apply,
  in the order of events.KINDS (a charter reopened and signed on one day is signed; a meeting
  cancelled and one held on one day leave the pair having met; among one day's interactions
  meetings come before offers and the mentor's before the mentee's).
- Events dated after `today` are ignored. The history must hold exactly one `started` event on
  or before `today`; none, a second one, or an event dated before it is refused (ValueError).
- An unknown event kind is refused when the Event is made (ValueError), as are a missing or
  malformed field (a pulse must answer exactly the five items, 1 to 5; an answer is accepted,
  countered or declined; progress is 0 to 100) and a partner answering a pulse round twice:
  a misspelt kind would otherwise silently change a phase.
- `ended` closes the pairing: events after its day are ignored and the reading is the one of
  the end day (phase, since and that day's flags), with no next steps and `Reading.ended` set.
- Offers: an answer by the offer's own author, to an unknown or withdrawn offer, or before
  the offer was made changes nothing; an offer made twice under one id counts once. An offer
  counts as accepted once any answer accepted it. `countered` and `declined` end the wait.
- Pulse rounds are ordered by their number: "the latest complete round" is the complete round
  with the highest number, and a partner's latest answer the highest round they answered. A
  round is completed on the day of its later answer.
- "No gap of more than 45 days between consecutive held meetings since the start" counts gaps
  between held meetings only (the wait for the first meeting is neglect's business), and,
  as the issue says, over the whole pairing: one such gap rules routinization out for good.
- Day counts: neglect is "more than N days since the last held meeting (or the start)";
  stalled learning is "N days or more since the last goal update (or the start)"; an offer
  waits too long after more than `offer_answer_days` days.
- Other data on an event (a meeting id, an offer's topic) is allowed and ignored.
- A regression's reasons name every flag raised that day; flags are listed red first.
- Reading.reasons are the reasons of the last change (journey()[-1][2]), then one checklist
  line towards the next phase ("Signed the charter: both · Meetings held: 1 of 2 · … — what is
  missing"), then what would hold a promotion back. A change's reasons use that day's facts
  only, so they read the same whenever they are recomputed. Next steps give the flags'
  remedies first, then what the next phase needs, each to the partner who can act.
- Dates in sentences read "3 March", with the year when it differs from the sentence's day.
- Rules() checks every value when made (some 40 µs): make one per tenant, not per pairing.
"""
from .events import KINDS, MENTEE, MENTOR, PULSE_ITEMS, Event
from .flags import AMBER, FLAGS, RED, Flag
from .reasons import PHASES, ROLE_MAKING, ROLE_TAKING, ROUTINIZATION
from .rules import Rules, RuleField
from .tracker import Reading, journey, phase_of

__all__ = [
    "AMBER", "FLAGS", "KINDS", "MENTEE", "MENTOR", "PHASES", "PULSE_ITEMS", "RED", "ROLE_MAKING", "ROLE_TAKING",
    "ROUTINIZATION", "Event", "Flag", "Reading", "RuleField", "Rules", "journey", "phase_of",
]
