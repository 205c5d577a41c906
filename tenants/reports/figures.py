"""The programme report's figures, read from the tenant's database into plain data: headline
numbers, the onboarding funnel, match scores, phases, flags over time, outcomes and one line
per pairing. Metadata, counts and scores only: never what the partners wrote.

The same figures give the report's fingerprint: a report built from figures with the same
fingerprint says the same, so it is handed out again instead of being built afresh.
"""
import dataclasses
import hashlib
import json
import statistics
from collections import Counter, defaultdict

from peewee import fn

from tenants.certificates.models import Certificate
from tenants.goals.models import Goal
from tenants.pair_space.models import ClosingSurvey, PairingEvent, PulseAnswer
from tenants.pair_space.pulse import ITEMS
from tenants.pairing.models import Pairing
from tenants.people.invitations import funnel
from tenants.people.models import PARTICIPANT_ROLES, User
from tenants.phases import PHASES
from tenants.phases.reasons import FLAG_NAMES
from tenants.program.models import Cohort, current_program
from tenants.tracker.dashboard import medians
from tenants.tracker.models import FlagRaised, PhaseReading

SCORE_BANDS = tuple(range(0, 100, 10))  # match scores (0-100) counted in bands of ten
TOP_SKILLS = 12  # skills shown before/after, the most rated first
SIDES = {"mentor": "Juniors (reverse mentors)", "mentee": "Seniors (reverse mentees)"}


@dataclasses.dataclass(frozen=True)
class Figures:
    programme: dict  # name, term_start, term_end
    headline: dict
    funnel: dict  # stage -> participants who reached it
    scores: list  # [(band label, pairings)]
    phases: dict  # phase -> active pairings in it
    medians: dict  # phase -> (median days from the start, pairings that reached it)
    flags_now: list  # [(flag in words, level, active pairings)]
    flags_by_month: list  # [(month "YYYY-MM", red raised, amber raised)]
    goals: dict  # side -> {"achieved", "open", "dropped", "progress"}
    pulse_by_month: list  # [(month, juniors' mean, seniors' mean, mean gap between partners)]
    skills: list  # [(skill, ratings, mean before, mean after)]
    stay: dict  # {"answers": {1..5: n}, "mean"}
    recommend: dict  # {"answers": {0..10: n}, "mean", "promoters", "detractors"}
    pairings: list  # one dict per pairing: the appendix

    def fingerprint(self):
        text = json.dumps(dataclasses.asdict(self), sort_keys=True, default=str)
        return hashlib.sha256(text.encode()).hexdigest()


def gather(anonymised=False):
    """The figures of the tenant in scope; with `anonymised`, participants are "Mentor 14"."""
    names = labels() if anonymised else None
    program = current_program()
    overview_phases, flags_now = active_phases_and_flags()
    return Figures(
        programme={"name": program.name, "term_start": program.term_start, "term_end": program.term_end},
        headline=headline(), funnel=funnel(), scores=score_bands(), phases=overview_phases,
        medians=medians([pairing_id for pairing_id, in Pairing.select(Pairing.id).tuples()]),
        flags_now=flags_now, flags_by_month=flags_by_month(), goals=goals(), pulse_by_month=pulse_by_month(),
        skills=skills(), stay=stay(), recommend=recommend(), pairings=appendix(names))


def labels():
    """{user id: "Mentor 3" | "Mentee 7"}: numbered by role in the order people joined, so a
    person keeps their label from one report to the next."""
    numbered, seen = {}, Counter()
    participants = User.select(User.id, User.role).where(User.role.in_(PARTICIPANT_ROLES)).order_by(User.id)
    for user_id, role in participants.tuples():
        seen[role] += 1
        numbered[user_id] = f"{role.capitalize()} {seen[role]}"
    return numbered


def headline():
    by_role = dict(User.select(User.role, fn.COUNT(User.id)).where(User.role.in_(PARTICIPANT_ROLES))
                   .group_by(User.role).tuples())
    by_status = dict(Pairing.select(Pairing.status, fn.COUNT(Pairing.id)).group_by(Pairing.status).tuples())
    at_risk = (PhaseReading.select().join(Pairing).where(Pairing.status == "active", PhaseReading.reds > 0).count())
    return {"mentors": by_role.get("mentor", 0), "mentees": by_role.get("mentee", 0),
            "active": by_status.get("active", 0), "ended": by_status.get("ended", 0),
            "meetings": PairingEvent.select().where(PairingEvent.kind == "meeting_held").count(),
            "at_risk": at_risk, "certificates": Certificate.select().where(Certificate.revoked.is_null()).count(),
            "median_score": mean_of([score for score, in Pairing.select(Pairing.score).tuples()], 0, statistics.median)}


def score_bands():
    counted = Counter(min(int(score // 10) * 10, 90) for score, in Pairing.select(Pairing.score).tuples())
    return [(f"{band}–{band + 10}", counted.get(band, 0)) for band in SCORE_BANDS]


def active_phases_and_flags():
    """({phase: active pairings in it}, [(flag in words, level, active pairings)], red first)."""
    phases, raised = {phase: 0 for phase in PHASES}, Counter()
    for phase, flags in (PhaseReading.select(PhaseReading.phase, PhaseReading.flags).join(Pairing)
                         .where(Pairing.status == "active").tuples()):
        phases[phase] += 1
        raised.update((name, level) for name, level, _ in json.loads(flags))
    rows = sorted(((FLAG_NAMES[name], level, count) for (name, level), count in raised.items()),
                  key=lambda row: (row[1] != "red", -row[2], row[0]))
    return phases, rows


def month(day):
    return day.strftime("%Y-%m")


def flags_by_month():
    counted = Counter((month(on), level) for on, level in FlagRaised.select(FlagRaised.on, FlagRaised.level).tuples())
    return [(m, counted.get((m, "red"), 0), counted.get((m, "amber"), 0))
            for m in sorted({m for m, _ in counted})]


def goals():
    """{side: counts of its goals by status, and their mean progress}: goals worked on in a pairing."""
    rows = (Goal.select(Goal.user, Goal.status, Goal.progress, Pairing.mentor).join(Pairing)
            .tuples())
    by_side = {side: {"achieved": 0, "open": 0, "dropped": 0, "progress": []} for side in SIDES}
    for user_id, status, progress, mentor_id in rows:
        side = by_side["mentor" if user_id == mentor_id else "mentee"]
        side[status] = side.get(status, 0) + 1
        side["progress"].append(progress)
    for side in by_side.values():
        side["progress"] = round(statistics.mean(side["progress"])) if side["progress"] else None
    return by_side


def pulse_by_month():
    """[(month, juniors' mean, seniors' mean, mean gap)]: each answer's mean of the five items, by
    the month it was given; the gap between two partners' answers to one round, by its later month."""
    answers = defaultdict(dict)  # (pairing, round) -> role -> (mean, answered)
    columns = [getattr(PulseAnswer, item) for item in ITEMS]
    for pairing_id, by, number, answered, *scores in (
            PulseAnswer.select(PulseAnswer.pairing, PulseAnswer.by, PulseAnswer.round, PulseAnswer.answered,
                               *columns).tuples()):
        answers[pairing_id, number][by] = (sum(scores) / len(scores), answered)
    means, gaps = defaultdict(lambda: defaultdict(list)), defaultdict(list)
    for round_answers in answers.values():
        for role, (mean, answered) in round_answers.items():
            means[month(answered)][role].append(mean)
        if len(round_answers) == 2:
            later = max(answered for _, answered in round_answers.values())
            gaps[month(later)].append(abs(round_answers["mentor"][0] - round_answers["mentee"][0]))
    return [(m, mean_of(means[m]["mentor"]), mean_of(means[m]["mentee"]), mean_of(gaps[m]))
            for m in sorted(set(means) | set(gaps))]


def mean_of(values, places=2, average=statistics.mean):
    return round(average(values), places) if values else None


def skills():
    """[(skill, ratings, mean before, mean after)] from the closing surveys, the most rated first."""
    rated = defaultdict(lambda: ([], []))
    for text, in ClosingSurvey.select(ClosingSurvey.skills).tuples():
        for rating in json.loads(text):
            rated[rating["skill"]][0].append(rating["before"])
            rated[rating["skill"]][1].append(rating["after"])
    rows = [(skill, len(before), mean_of(before), mean_of(after)) for skill, (before, after) in rated.items()]
    return sorted(rows, key=lambda row: (-row[1], row[0]))[:TOP_SKILLS]


def stay():
    """The juniors' intent to stay (1-5), as asked in their closing survey."""
    answers = [value for value, in ClosingSurvey.select(ClosingSurvey.stay)
               .where(ClosingSurvey.by == "mentor", ClosingSurvey.stay.is_null(False)).tuples()]
    counted = Counter(answers)
    return {"answers": {value: counted.get(value, 0) for value in range(1, 6)}, "mean": mean_of(answers)}


def recommend():
    """Would-recommend (0-10) from every closing survey: the spread, the mean, promoters (9-10)
    and detractors (0-6) as shares."""
    answers = [value for value, in ClosingSurvey.select(ClosingSurvey.recommend).tuples()]
    counted = Counter(answers)
    share = (lambda n: round(100 * n / len(answers))) if answers else (lambda n: None)
    return {"answers": {value: counted.get(value, 0) for value in range(11)}, "mean": mean_of(answers, 1),
            "promoters": share(sum(value >= 9 for value in answers)),
            "detractors": share(sum(value <= 6 for value in answers))}


def appendix(names=None):
    """One line per pairing, by its number: who (or their labels), cohort, dates, score, phase,
    flags and meetings held."""
    Mentor, Mentee = User.alias(), User.alias()
    cohorts = dict(Cohort.select(Cohort.id, Cohort.name).tuples())
    held = dict(PairingEvent.select(PairingEvent.pairing, fn.COUNT(PairingEvent.id))
                .where(PairingEvent.kind == "meeting_held").group_by(PairingEvent.pairing).tuples())
    readings = {row[0]: row[1:] for row in PhaseReading.select(PhaseReading.pairing, PhaseReading.phase,
                                                                PhaseReading.reds, PhaseReading.ambers).tuples()}
    rows = []
    for (pairing_id, status, started, ended, score, mentor_id, mentor, mentor_cohort, mentee_id, mentee,
         mentee_cohort) in (Pairing.select(Pairing.id, Pairing.status, Pairing.started, Pairing.ended, Pairing.score,
                                           Mentor.id, Mentor.name, Mentor.cohort, Mentee.id, Mentee.name, Mentee.cohort)
                            .join_from(Pairing, Mentor, on=(Pairing.mentor == Mentor.id))
                            .join_from(Pairing, Mentee, on=(Pairing.mentee == Mentee.id))
                            .order_by(Pairing.id).tuples()):
        phase, reds, ambers = readings.get(pairing_id, (None, 0, 0))
        rows.append({"number": pairing_id, "mentor": names[mentor_id] if names else mentor,
                     "mentee": names[mentee_id] if names else mentee,
                     "cohort": " / ".join(sorted({cohorts[c] for c in (mentor_cohort, mentee_cohort) if c})),
                     "started": started.date(), "ended": ended.date() if ended and status == "ended" else None,
                     "score": round(score), "phase": phase, "reds": reds, "ambers": ambers,
                     "meetings": held.get(pairing_id, 0)})
    return rows


def outcomes_in_aggregate():
    """The outcomes as a few totals, for the consultancy's roll-up (no person's answer in them):
    goals achieved of those worked on, each side; the mean pulse (1-5); closing surveys answered,
    the mean would-recommend (0-10) and the juniors' mean intent to stay (1-5)."""
    sides = goals()
    pulse = [sum(scores) / len(scores) for scores in
             PulseAnswer.select(*[getattr(PulseAnswer, item) for item in ITEMS]).tuples()]
    return {"goals": {side: [counts["achieved"], counts["achieved"] + counts["open"] + counts["dropped"]]
                      for side, counts in sides.items()},
            "pulse_mean": mean_of(pulse), "surveys": ClosingSurvey.select().count(),
            "recommend_mean": recommend()["mean"], "stay_mean": stay()["mean"]}
