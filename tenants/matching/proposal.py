"""Where pairing is decided: the proposal for a whole cohort, and a shortlist for one senior.

    profiles -> pool arrays -> rules and scores         -> assignment -> reasons
    (build_pool, once)         (every pair at once, a block     (solver)     (chosen pairs
                                  of mentees per core, scores                   only)
                                  written into the cost matrix)

Pinned pairs are kept whatever their score. A pin that breaks a hard rule is still kept,
the admin having decided it on purpose, and its reason names the rule it breaks; a pin
that is also forbidden is not applied (forbidding is the safer of the two instructions),
nor is a pin for someone outside the pool or a second pin for the same mentee.
"""
from dataclasses import dataclass, field

import numpy as np

from . import reasons
from .assignment import Problem
from .blocks import in_blocks
from .people import MENTEE, MENTOR, checked
from .pool import Block, SomePairs, build_pool
from .rules import all_hold, checks, first_failing, shared_minutes
from .scores import Scoring, all_zero

INCOMPLETE = "incomplete_profile"
NOBODY = "no_partners"
CAPACITY = "capacity"


@dataclass(slots=True)  # a few thousand per proposal: slots make them quicker to make
class Pair:
    mentor_id: int
    mentee_id: int
    score: float  # weighted mean of the breakdown, 0-100
    breakdown: dict[str, float]  # score name -> 0-100, rounded to 0.1
    reason: str  # every point of `reasons` in one sentence, for the programme manager
    reasons: tuple = ()  # reasons.Reason, strongest first
    pinned: bool = False
    broken_rules: tuple[str, ...] = ()  # hard rules a pinned pair breaks


@dataclass(slots=True)
class Unmatched:
    person_id: int
    name: str
    role: str
    rule: str  # a hard rule name, "capacity", "incomplete_profile" or "no_partners"
    reason: str


@dataclass
class Proposal:
    pairs: list[Pair]
    unmatched: list[Unmatched]
    total: float  # sum of the pairs' scores
    mode: str
    notes: list[str] = field(default_factory=list)  # about the settings: pins not applied, zero weights


@dataclass
class Shortlist:
    mentee_id: int
    candidates: list[Pair]  # best first
    reason: str = ""  # why there are fewer candidates than asked for


def propose_pairs(people, managers=None, settings=None):
    """Pairs for the whole cohort, the people left unpaired with the reason, and the total."""
    return propose(build_pool(people, managers or {}), settings)


def propose(pool, settings=None):
    """propose_pairs for a pool already built: what a proposal costs beyond reading profiles.

    Large cohorts run faster inside `undisturbed()`, which changes the whole process: the
    job worker uses it, a web request does not.
    """
    settings = checked(settings)
    pool = pool.for_proposal(settings)
    scoring = Scoring(pool, settings)
    pins, over_capacity, notes = applied_pins(pool, settings)
    room = np.maximum(pool.mentors.capacity - np.bincount(pins[0], minlength=len(pool.mentors.people)), 0)
    open_mentees = np.ones(len(pool.mentees.people), bool)
    open_mentees[pins[1]] = False
    problem = Problem(room, open_mentees, settings.mode)
    feasible = pairwise(pool, settings, scoring, problem)
    unmatched = [Unmatched(p.id, p.name, p.role, INCOMPLETE, reasons.left_out_reason(problems)) for p, problems in pool.left_out]
    unmatched += without_partner(pool, settings, feasible)
    chosen = problem.solve(feasible, room)
    pinned_pairs = SomePairs(pool, *pins)
    pin_scores = scoring.total(pinned_pairs, shared_minutes(pool, pinned_pairs))
    mentor_rows, mentee_rows, scores = (np.concatenate([pinned, new]) for pinned, new in zip((*pins, pin_scores), chosen))
    pinned = [True] * len(pins[0]) + [False] * len(chosen[0])
    pairs = described_pairs(pool, settings, scoring, mentor_rows, mentee_rows, scores, pinned, over_capacity)
    unmatched += left_over(pool, feasible, mentor_rows, mentee_rows)
    if all_zero(settings):
        notes.append("Every score weight is zero, so every score counted the same.")
    unmatched.sort(key=lambda person: (person.role != MENTEE, person.name, person.person_id))
    return Proposal(pairs, unmatched, sum(pair.score for pair in pairs), settings.mode, notes)


def pairwise(pool, settings, scoring, problem):
    """(mentees × mentors): whether each pair passes every hard rule. Each block's scores go
    straight into the solver's problem."""
    feasible = np.empty((len(pool.mentees.people), len(pool.mentors.people)), bool)

    def fill(rows):
        block = Block(pool, rows)
        minutes = shared_minutes(pool, block)
        feasible[rows] = all_hold(checks(pool, settings, block, minutes))
        problem.add(rows, scoring.total(block, minutes), feasible[rows])

    in_blocks(fill, len(feasible))
    return feasible


def allowed_pairs(people, managers=None, settings=None):
    """(mentor id, mentee id) of every pair of these people that passes every hard rule."""
    settings = checked(settings)
    pool = build_pool(people, managers or {}).for_proposal(settings)
    mentees, mentors = np.nonzero(all_hold(each_rule(pool, settings, Block(pool))))
    return set(zip(pool.mentors.id[mentors].tolist(), pool.mentees.id[mentees].tolist()))


def shortlist(mentee_id, people, managers=None, settings=None, size=3):
    """The `size` best possible mentors for one mentee, for the senior to choose from."""
    settings = checked(settings)
    pool = build_pool(people, managers or {}).for_proposal(settings)
    row = pool.mentees.row.get(mentee_id)
    if row is None:
        problems = [problems for person, problems in pool.left_out if person.id == mentee_id]
        reason = reasons.left_out_reason(problems[0]) if problems else reasons.not_in_cohort_reason(mentee_id, MENTEE)
        return Shortlist(mentee_id, [], reason)
    mentee = pool.mentees.people[row]
    if not pool.mentors.people:
        return Shortlist(mentee_id, [], reasons.nobody_reason(MENTEE))
    every_mentor = SomePairs(pool, np.arange(len(pool.mentors.people)), np.full(len(pool.mentors.people), row))
    minutes = shared_minutes(pool, every_mentor)
    rule_checks = checks(pool, settings, every_mentor, minutes)
    fits = all_hold(rule_checks)
    scoring = Scoring(pool, settings)
    scores = scoring.total(every_mentor, minutes)
    free = fits & (pool.mentors.capacity > 0)
    best = [i for i in np.lexsort((pool.mentors.id, -scores)) if free[i]][:size]
    best = np.array(best, np.int64)
    candidates = described_pairs(pool, settings, scoring, best, np.full(len(best), row), scores[best], [False] * len(best), set())
    if len(best) == size:
        reason = ""
    elif not fits.any():
        rule, alone, narrowed = first_failing({name: passed[None, :] for name, passed in rule_checks.items()})[0]
        reason = reasons.no_partner_reason(mentee, rule, alone, narrowed, settings)
    else:
        reason = reasons.few_candidates_reason(mentee, len(best))
    return Shortlist(mentee_id, candidates, reason)


def without_partner(pool, settings, feasible):
    """People no one on the other side can be paired with, and the rule that stops them."""
    mentors, mentees = pool.mentors, pool.mentees
    out = [
        Unmatched(person.id, person.name, MENTOR, CAPACITY, reasons.no_capacity_reason(person))
        for person, room in zip(mentors.people, mentors.capacity.tolist()) if room == 0
    ]
    lonely = np.flatnonzero(~feasible.any(axis=1))
    out += stopped(mentees, lonely, each_rule(pool, settings, Block(pool, rows=lonely)), settings)
    lonely = np.flatnonzero(~feasible.any(axis=0) & (mentors.capacity > 0))
    by_mentor = {name: passed.T for name, passed in each_rule(pool, settings, Block(pool, columns=lonely)).items()}
    out += stopped(mentors, lonely, by_mentor, settings)
    return out


def each_rule(pool, settings, block):
    """Every hard rule for a block, name -> (mentees × mentors); for the people with no
    partner at all, to say which rule stops them, and for allowed_pairs."""
    return checks(pool, settings, block, shared_minutes(pool, block))


def stopped(side, rows, rule_checks, settings):
    """Unmatched records for `rows` of side; rule_checks: name -> (rows × everyone opposite)."""
    people = [side.people[row] for row in rows.tolist()]
    if not people:
        return []
    if rule_checks["job_level"].shape[1] == 0:
        return [Unmatched(p.id, p.name, p.role, NOBODY, reasons.nobody_reason(p.role)) for p in people]
    return [
        Unmatched(person.id, person.name, person.role, rule, reasons.no_partner_reason(person, rule, alone, narrowed, settings))
        for person, (rule, alone, narrowed) in zip(people, first_failing(rule_checks))
    ]


def left_over(pool, feasible, mentor_rows, mentee_rows):
    """People who had possible partners but are not in a pair: those went to other pairs.

    (After the assignment no free mentee fits a mentor with room left: see assignment.)
    """
    mentors, mentees = pool.mentors, pool.mentees
    taken = np.bincount(mentor_rows, minlength=len(mentors.people))
    paired = np.zeros(len(mentees.people), bool)
    paired[mentee_rows] = True
    lonely_mentees = np.flatnonzero(~paired & feasible.any(axis=1))
    lonely_mentors = np.flatnonzero((taken == 0) & (mentors.capacity > 0) & feasible.any(axis=0))
    return [
        *explained(mentees, lonely_mentees, mentors, feasible[lonely_mentees]),
        *explained(mentors, lonely_mentors, mentees, feasible[:, lonely_mentors].T),
    ]


def explained(side, rows, others, fits):
    """Unmatched records for `rows` of side, given who on the other side fits each of them."""
    fitting = fits.sum(axis=1).tolist()
    first = [[others.people[i].name for i in row if i >= 0] for row in first_columns(fits, reasons.LISTED).tolist()]
    return [
        Unmatched(person.id, person.name, person.role, CAPACITY, reasons.not_matched_reason(person, count, names))
        for person, count, names in zip((side.people[row] for row in rows.tolist()), fitting, first)
    ]


def first_columns(mask, count):
    """(rows × count): the first `count` columns where each row of mask is True, -1 past the last."""
    out = np.full((len(mask), count), -1, np.int64)
    if mask.size == 0:
        return out
    mask, rows = mask.copy(), np.arange(len(mask))
    for k in range(count):
        column = mask.argmax(axis=1)
        found = mask[rows, column]
        out[found, k] = column[found]
        mask[rows, column] = False
    return out


def applied_pins(pool, settings):
    """(mentor rows, mentee rows) of the pins kept, pins over a mentor's capacity, and notes."""
    mentors, mentees, names = pool.mentors, pool.mentees, pool.names
    kept, notes, pinned_to, per_mentor, over = [], [], {}, {}, set()
    for mentor_id, mentee_id in sorted(settings.pinned):
        mentor_name, mentee_name = names.get(mentor_id, mentor_id), names.get(mentee_id, mentee_id)
        label = f"Pin {mentor_name} → {mentee_name} not applied"
        if mentor_id not in mentors.row:
            notes.append(f"{label}: {mentor_name} is not a mentor ready for pairing in this cohort.")
        elif mentee_id not in mentees.row:
            notes.append(f"{label}: {mentee_name} is not a mentee ready for pairing in this cohort.")
        elif (mentor_id, mentee_id) in settings.forbidden:
            notes.append(f"{label}: the pair is also forbidden.")
        elif mentee_id in pinned_to:
            notes.append(f"{label}: {mentee_name} is already pinned to {names[pinned_to[mentee_id]]}.")
        else:
            pinned_to[mentee_id] = mentor_id
            row = mentors.row[mentor_id]
            per_mentor[row] = per_mentor.get(row, 0) + 1
            if per_mentor[row] > mentors.capacity[row]:
                over.add((row, mentees.row[mentee_id]))
            kept.append((row, mentees.row[mentee_id]))
    rows = (np.array([m for m, _ in kept], np.int64), np.array([e for _, e in kept], np.int64))
    return rows, over, notes


def described_pairs(pool, settings, scoring, mentor_rows, mentee_rows, scores, pinned, over_capacity):
    """Pair records with their score breakdown and reason: the only per-pair work, for chosen pairs.

    In the order the admin sees them: pinned first, then the best score first.
    """
    pinned = np.asarray(pinned, bool)
    order = np.lexsort((pool.mentees.id[mentee_rows], pool.mentors.id[mentor_rows], -np.asarray(scores), ~pinned))
    mentor_rows, mentee_rows, scores, pinned = mentor_rows[order], mentee_rows[order], np.asarray(scores)[order], pinned[order]
    chosen = SomePairs(pool, mentor_rows, mentee_rows)
    parts = scoring.breakdown(chosen, shared_minutes(pool, chosen))
    broken = [None] * len(pinned)
    at = np.flatnonzero(pinned)
    for k, rules in zip(at.tolist(), broken_rules(pool, settings, mentor_rows[at], mentee_rows[at], over_capacity)):
        broken[k] = rules
    described = reasons.pair_reasons(pool, settings, chosen.mentors, chosen.mentees, parts, broken)
    names = list(parts)
    rounded = zip(*(np.round(parts[name].astype(np.float64), 1).tolist() for name in names))
    return [
        Pair(
            mentor_id=pool.mentors.people[m].id,
            mentee_id=pool.mentees.people[e].id,
            score=float(score),
            breakdown=dict(zip(names, values)),
            reason=reasons.sentence(points),
            reasons=points,
            pinned=is_pinned,
            broken_rules=broken[k] or (),
        )
        for k, (m, e, score, values, points, is_pinned) in enumerate(
            zip(mentor_rows.tolist(), mentee_rows.tolist(), scores.tolist(), rounded, described, pinned.tolist())
        )
    ]


def broken_rules(pool, settings, mentor_rows, mentee_rows, over_capacity):
    """For pinned pairs: the hard rules each breaks, capacity included."""
    pins = SomePairs(pool, mentor_rows, mentee_rows)
    rule_checks = checks(pool, settings, pins, shared_minutes(pool, pins))
    return [
        tuple(name for name, passed in rule_checks.items() if not passed[k])
        + (("capacity",) if (m, e) in over_capacity else ())
        for k, (m, e) in enumerate(zip(mentor_rows.tolist(), mentee_rows.tolist()))
    ]
