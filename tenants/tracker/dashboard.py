"""The programme manager's view of the phases: how the pairings spread over them, how long each
takes to reach, which pairings are at risk and why (worst first), one pairing's metadata,
journey and flags, and the same as CSV rows. Metadata and scores only: never what the partners
wrote (charter text, agendas, notes, offer text, comments)."""
import json
import statistics
from dataclasses import dataclass, fields

from peewee import JOIN, fn

from tenants.forms import number_in
from tenants.goals.models import Goal
from tenants.pair_space import offers
from tenants.pair_space.models import CharterSignature, CharterVersion, Meeting, Offer, PulseAnswer
from tenants.pair_space.pulse import ITEMS
from tenants.pairing.models import Pairing
from tenants.people.models import PARTICIPANT_ROLES, User
from tenants.phases import PHASES, RED
from tenants.phases.reasons import FLAG_NAMES
from tenants.program.models import Cohort, cohorts
from tenants.tracker.models import FlagRaised, PhaseChange, PhaseReading

RISKS = {"red": "At risk (a red flag)", "amber": "To watch (amber flags only)", "none": "No flag"}
STATUSES = {"active": "Active", "ended": "Ended"}
Mentor, Mentee = User.alias(), User.alias()


@dataclass(frozen=True)
class Filters:
    """What the manager narrowed the view to; the empty value means "all"."""
    cohort: int | None = None
    department: str = ""
    phase: str = ""
    risk: str = ""
    status: str = "active"

    @classmethod
    def from_args(cls, args):
        """Filters from a query string; a value that is not one of the choices is left out."""
        cohort, phase, risk, status = (args.get(name, "") for name in ("cohort", "phase", "risk", "status"))
        return cls(cohort=number_in(cohort),
                   department=args.get("department", "")[:120], phase=phase if phase in PHASES else "",
                   risk=risk if risk in RISKS else "", status=status if status in STATUSES else "active")

    def args(self):
        """The query string that gives these filters back (for links, pages and the CSV)."""
        return {spec.name: getattr(self, spec.name) for spec in fields(self)
                if getattr(self, spec.name) not in (None, "") and (spec.name, getattr(self, spec.name)) != ("status", "active")}


def pairings():
    """Every pairing with its two partners and its reading (None until it is first read)."""
    return (Pairing.select(Pairing, Mentor, Mentee, PhaseReading)
            .join_from(Pairing, Mentor, on=(Pairing.mentor == Mentor.id), attr="mentor")
            .join_from(Pairing, Mentee, on=(Pairing.mentee == Mentee.id), attr="mentee")
            .join_from(Pairing, PhaseReading, JOIN.LEFT_OUTER, on=(PhaseReading.pairing == Pairing.id), attr="reading"))


def in_scope(query, filters):
    """`query` narrowed to the cohort, department and status of `filters` (what the charts show)."""
    query = query.where(Pairing.status == filters.status)
    if filters.cohort is not None:
        query = query.where((Mentor.cohort == filters.cohort) | (Mentee.cohort == filters.cohort))
    if filters.department:
        query = query.where((Mentor.department == filters.department) | (Mentee.department == filters.department))
    return query


def listed(filters):
    """The pairings of the list: in scope, of the phase and risk chosen, the most at risk first."""
    query = in_scope(pairings(), filters)
    if filters.phase:
        query = query.where(PhaseReading.phase == filters.phase)
    if filters.risk == "red":
        query = query.where(PhaseReading.reds > 0)
    elif filters.risk == "amber":
        query = query.where(PhaseReading.reds == 0, PhaseReading.ambers > 0)
    elif filters.risk == "none":
        query = query.where(PhaseReading.reds == 0, PhaseReading.ambers == 0)
    return query.order_by(fn.COALESCE(PhaseReading.reds, -1).desc(), fn.COALESCE(PhaseReading.ambers, -1).desc(),
                          PhaseReading.since, Pairing.id)


@dataclass(frozen=True)
class Overview:
    phases: dict  # phase -> pairings in it (of those read)
    unread: int  # pairings not read yet (they are read tonight)
    risks: dict  # "red" | "amber" | "none" -> pairings
    flags: list  # [(flag name in words, level, pairings)], the most raised first
    medians: dict  # phase -> (median days from the start to entering it, pairings that entered it)


def overview(filters):
    """The charts' numbers for the pairings in scope."""
    rows = list(in_scope(pairings(), filters).select(Pairing.id, Pairing.started, PhaseReading.phase,
                                                      PhaseReading.flags, PhaseReading.reds, PhaseReading.ambers)
                .tuples())
    phases = {phase: 0 for phase in PHASES}
    risks = {risk: 0 for risk in RISKS}
    raised = {}
    for _, _, phase, flags, reds, ambers in rows:
        if phase is None:
            continue
        phases[phase] += 1
        risks["red" if reds else "amber" if ambers else "none"] += 1
        for name, level, _ in json.loads(flags):
            raised[name, level] = raised.get((name, level), 0) + 1
    flags = sorted(((FLAG_NAMES[name], level, count) for (name, level), count in raised.items()),
                   key=lambda row: (row[1] != RED, -row[2], row[0]))
    return Overview(phases, sum(phase is None for _, _, phase, *_ in rows), risks, flags,
                    medians([pairing_id for pairing_id, *_ in rows]))


def medians(pairing_ids):
    """{phase: (median days from the start to first entering it, how many pairings entered it)}."""
    starts, reached = {}, {phase: {} for phase in PHASES[1:]}
    for pairing_id, number, on, phase in (PhaseChange.select(PhaseChange.pairing, PhaseChange.number, PhaseChange.on,
                                                            PhaseChange.phase)
                                          .where(PhaseChange.pairing.in_(pairing_ids or [0]))
                                          .order_by(PhaseChange.pairing, PhaseChange.number).tuples()):
        if number == 0:
            starts[pairing_id] = on
        elif phase in reached:
            reached[phase].setdefault(pairing_id, on)  # the first time only
    return {phase: (statistics.median((on - starts[pairing_id]).days for pairing_id, on in entered.items())
                    if entered else None, len(entered))
            for phase, entered in reached.items()}


def choices():
    """The filters' choices: cohorts and the departments of paired participants."""
    departments = (User.select(User.department).distinct()
                   .where(User.role.in_(PARTICIPANT_ROLES), User.department != "",
                          User.id.in_(Pairing.select(Pairing.mentor) | Pairing.select(Pairing.mentee))))
    return {"cohorts": cohorts(),
            "departments": sorted(user.department for user in departments),
            "phases": PHASES, "risks": RISKS, "statuses": STATUSES}


def flags_of(reading):
    """[(flag name in words, level, evidence)] of a stored reading, red first."""
    return [(FLAG_NAMES[name], level, evidence) for name, level, evidence in reading.read("flags")] if reading else []


def read_of(pairing):
    """The stored reading of `pairing`, or None when it was not read yet."""
    reading = getattr(pairing, "reading", None)
    return reading if reading is not None and reading.phase is not None else None


# --- one pairing ------------------------------------------------------------------------------

def drill_down(pairing_id):
    """Everything the manager may see of one pairing, or None when there is no such pairing."""
    pairing = pairings().where(Pairing.id == pairing_id).first()
    if pairing is None:
        return None
    changes = list(PhaseChange.select().where(PhaseChange.pairing == pairing_id).order_by(PhaseChange.number))
    return {
        "pairing": pairing, "reading": read_of(pairing), "flags": flags_of(read_of(pairing)),
        "journey": [(change.on, change.phase, json.loads(change.reasons)) for change in changes],
        "raised": list(FlagRaised.select().where(FlagRaised.pairing == pairing_id).order_by(FlagRaised.raised.desc())
                       .limit(30)),
        "cohorts": sorted({user.cohort.name for user in (pairing.mentor, pairing.mentee) if user.cohort_id}),
        "activity": activity(pairing),
    }


def activity(pairing):
    """What the partners did, as the manager may see it: that and when, never what they wrote."""
    version = CharterVersion.select().where(CharterVersion.pairing == pairing).order_by(CharterVersion.number.desc()).first()
    signed = ({s.by: s.signed for s in CharterSignature.select().where(CharterSignature.version == version)}
              if version else {})
    meetings = list(Meeting.select(Meeting.starts, Meeting.status, Meeting.initiated_by, Meeting.cancelled_by,
                                   Meeting.planned_by)
                    .where(Meeting.pairing == pairing).order_by(Meeting.starts.desc()))
    made = list(Offer.select(Offer.by, Offer.kind, Offer.made, Offer.status, Offer.answered)
                .where(Offer.pairing == pairing).order_by(Offer.made.desc()))
    goals = {role: list(Goal.select(Goal.progress, Goal.status).where(Goal.pairing == pairing, Goal.user == user_id))
             for role, user_id in (("mentor", pairing.mentor_id), ("mentee", pairing.mentee_id))}
    answers = {}
    for answer in PulseAnswer.select().where(PulseAnswer.pairing == pairing).order_by(PulseAnswer.round):
        answers.setdefault(answer.round, {})[answer.by] = sum(getattr(answer, item) for item in ITEMS) / len(ITEMS)
    return {"charter": version and version.number, "signed": signed, "meetings": meetings,
            "offers": [(offer, offers.KINDS.get(offer.kind, offer.kind)) for offer in made],
            "goals": goals, "pulse": sorted(answers.items())}


# --- the CSV file -----------------------------------------------------------------------------

COLUMNS = ["pairing", "mentor", "mentor_department", "mentee", "mentee_department", "cohort", "status", "started",
           "ended", "phase", "since", "days_in_phase", "red_flags", "amber_flags", "flags", "evidence", "reasons"]


def csv_rows(filters, today):
    """One row per listed pairing, for a spreadsheet."""
    cohorts = dict(Cohort.select(Cohort.id, Cohort.name).tuples())
    for pairing in listed(filters):
        reading = read_of(pairing)
        flags = reading.read("flags") if reading else []
        yield {
            "pairing": pairing.id, "mentor": pairing.mentor.name, "mentor_department": pairing.mentor.department,
            "mentee": pairing.mentee.name, "mentee_department": pairing.mentee.department,
            "cohort": " / ".join(sorted({cohorts[user.cohort_id] for user in (pairing.mentor, pairing.mentee)
                                         if user.cohort_id})),
            "status": pairing.status, "started": pairing.started.date().isoformat(),
            "ended": pairing.ended.date().isoformat() if pairing.ended else "",
            "phase": reading.phase if reading else "not read yet",
            "since": reading.since.isoformat() if reading else "",
            "days_in_phase": ((reading.ended or today) - reading.since).days if reading else "",
            "red_flags": reading.reds if reading else "", "amber_flags": reading.ambers if reading else "",
            "flags": "; ".join(f"{FLAG_NAMES[name]} ({level})" for name, level, _ in flags),
            "evidence": " ".join(evidence for _, _, evidence in flags),
            "reasons": " ".join(reading.read("reasons")) if reading else "",
        }


# --- the console's numbers --------------------------------------------------------------------

def headline():
    """Active pairings per phase (all three, in order) and how many of them are at risk (a red flag)."""
    active = PhaseReading.select().join(Pairing).where(Pairing.status == "active")
    counted = dict(active.select(PhaseReading.phase, fn.COUNT(PhaseReading.pairing)).group_by(PhaseReading.phase)
                   .tuples())
    return {phase: counted.get(phase, 0) for phase in PHASES}, active.where(PhaseReading.reds > 0).count()
