"""What the two partners see of their phase: the journey as three steps (where they are, since
when, and what would move them forward, in the words of the engine's next steps for their role)
and the phase changes among the events of their timeline.

Never the reasons or the flags' evidence: those quote the other partner's pulse answers, which
a partner never sees."""
from dataclasses import dataclass
from datetime import date

from tenants.phases import PHASES
from tenants.tracker.models import PhaseChange, PhaseReading

# Each phase in the partners' words, with what it means for them.
WORDS = {
    "role-taking": ("Getting to know each other",
                    "You try each other out: the charter, first meetings, offers and how they are answered."),
    "role-making": ("Building the partnership", "You shape how you work together, and trust grows with each exchange."),
    "routinization": ("A steady rhythm", "You meet regularly, help each other freely and no longer keep score."),
}


@dataclass(frozen=True)
class Step:
    phase: str
    title: str
    meaning: str
    state: str  # "done", "current" or "ahead"
    entered: date | None  # the last day the pairing entered this phase


@dataclass(frozen=True)
class Journey:
    phase: str
    title: str
    since: date
    steps: list  # [Step], in the phases' order
    next_steps: list  # [sentence] for the viewer's role
    ended: date | None


def journey_of(seat):
    """The viewer's view of their pairing's phase, or None before its first reading."""
    reading = PhaseReading.get_or_none(PhaseReading.pairing == seat.pairing.id)
    if reading is None:
        return None
    entered = {change.phase: change.on for change in
               PhaseChange.select().where(PhaseChange.pairing == seat.pairing.id).order_by(PhaseChange.number)}
    current = PHASES.index(reading.phase)
    steps = [Step(phase, *WORDS[phase], "done" if n < current else "current" if n == current else "ahead",
                  entered.get(phase) if n <= current else None)
             for n, phase in enumerate(PHASES)]
    return Journey(reading.phase, WORDS[reading.phase][0], reading.since, steps,
                   reading.read("next_steps").get(seat.role, []), reading.ended)


def with_phase_changes(timeline, pairing):
    """The pair space's timeline, [(date, sentence, kind)] newest first, with the phase changes
    of the days it covers among its events (above the events of their day, which caused them)."""
    changes = list(PhaseChange.select().where(PhaseChange.pairing == pairing.id, PhaseChange.number > 0)
                   .order_by(PhaseChange.number))
    oldest = timeline[-1][0] if timeline else None
    said, before = [], PHASES[0]
    for change in changes:
        up = PHASES.index(change.phase) > PHASES.index(before)
        before = change.phase
        if oldest is None or change.on >= oldest:
            said.append(((change.on, 1), (change.on, f"Your pairing {'entered' if up else 'moved back to'} {change.phase}",
                                          "phase-up" if up else "phase-down")))
    events = [((on, 0), (on, sentence, kind)) for on, sentence, kind in timeline]
    return [entry for _, entry in sorted(events + said, key=lambda pair: pair[0], reverse=True)]
