"""The solver against brute force: on 200 random small cohorts its total is the true optimum.

Feasibility here is checked pair by pair in plain Python (datetimes for time zones, a walk up
the manager links), independently of the vectorised rules; scores come from the module's own
score matrix, since what is on trial is the assignment.
"""
import random
from dataclasses import replace
from datetime import datetime, timedelta, timezone
from zoneinfo import ZoneInfo

import numpy as np
import pytest

from tenants.matching import SCORES, Person, Settings, blocks, propose_pairs
from tenants.matching.people import checked
from tenants.matching.pool import Block, build_pool
from tenants.matching.rules import shared_minutes
from tenants.matching.scores import Scoring

TOPICS = ("AI tools", "social media", "data literacy", "mobile apps")
ZONES = ("Europe/London", "Europe/Berlin", "America/New_York", "Asia/Kolkata")
WEEK = 7 * 24 * 60
MONDAY = datetime(2024, 1, 8)


def random_cohort(rng):
    """Up to 7 mentors and 7 mentees, capacities 1-2, a few manager links and forbidden pairs,
    and weights of the tenant's own, often lopsided (one great pair against two plain ones)."""
    mentors = [random_person(rng, 1 + i, "mentor") for i in range(rng.randint(0, 7))]
    mentees = [random_person(rng, 101 + i, "mentee") for i in range(rng.randint(0, 7))]
    everyone = [p.id for p in mentors + mentees] + [900, 901]  # 900 and 901 are outside the cohort
    managers = {pid: rng.choice(everyone) for pid in everyone if rng.random() < 0.3}
    forbidden = {(m.id, e.id) for m in mentors for e in mentees if rng.random() < 0.15}
    counted = rng.sample(SCORES, rng.randint(1, 3))
    weights = {name: rng.choice((1, 3)) if name in counted else 0 for name in SCORES}
    settings = Settings(weights=weights, forbidden=forbidden, ask_diversity=rng.random() < 0.5)
    return mentors + mentees, managers, settings


def random_person(rng, pid, role):
    windows = []
    for _ in range(rng.randint(2, 3)):
        # Mostly Tuesday or Wednesday working hours, so that most pairs share some time; now
        # and then a window across midnight.
        start = rng.randrange(14, 30) if rng.random() < 0.9 else rng.randrange(40, 48)
        windows.append((rng.choice((1, 2)), clock(start), clock((start + rng.randint(4, 14)) % 48)))
    return Person(
        id=pid,
        name=f"{role} {pid}",
        role=role,
        job_level=rng.randint(1, 4) if role == "mentor" else rng.randint(3, 8),
        department=rng.choice(("Sales", "Finance", "IT")),
        teaches={t: rng.randint(1, 5) for t in rng.sample(TOPICS, rng.randint(2, 4))},
        learns={t: rng.randint(1, 5) for t in rng.sample(TOPICS, rng.randint(1, 2))},
        availability=windows,
        timezone=rng.choices(ZONES, weights=(4, 3, 2, 1))[0],
        languages=frozenset(rng.sample(("en", "fr", "de"), rng.randint(0, 2))),
        values=tuple(rng.randint(1, 5) for _ in range(rng.choice((0, 4)))),
        diversity={"generation": rng.choice(("Gen Z", "Millennial", "prefer not to say"))},
        preferred=frozenset({rng.randint(101, 107) if role == "mentor" else rng.randint(1, 7)}) if rng.random() < 0.3 else frozenset(),
        capacity=rng.randint(1, 2) if role == "mentor" else None,
    )


def clock(half_hours):
    return f"{half_hours // 2:02d}:{half_hours % 2 * 30:02d}"


# Hard rules, one pair at a time.

def feasible(mentor, mentee, managers, settings):
    return (
        mentor.job_level + settings.min_level_gap <= mentee.job_level
        and mentee.id not in above(mentor, managers) and mentor.id not in above(mentee, managers)
        and bool({plain(t) for t in mentor.teaches} & {plain(t) for t in mentee.learns})
        and overlaps(utc_intervals(mentor), utc_intervals(mentee))
        and (mentor.id, mentee.id) not in settings.forbidden
    )


def above(person, managers):
    links = dict(managers)
    if person.manager_id is not None:
        links.setdefault(person.id, person.manager_id)
    seen, boss = set(), links.get(person.id)
    while boss is not None and boss not in seen:
        seen.add(boss)
        boss = links.get(boss)
    return seen


def plain(topic):
    return " ".join(topic.split()).lower()


def utc_intervals(person):
    """(start, end) minutes of the UTC week, via datetimes in the person's zone that week."""
    out = []
    for weekday, start, end in person.availability:
        begin = (MONDAY + timedelta(days=weekday, hours=int(start[:2]), minutes=int(start[3:]))).replace(tzinfo=ZoneInfo(person.timezone))
        finish = (MONDAY + timedelta(days=weekday, hours=int(end[:2]), minutes=int(end[3:]))).replace(tzinfo=ZoneInfo(person.timezone))
        if finish <= begin:
            finish += timedelta(days=1)
        utc = (begin.astimezone(timezone.utc).replace(tzinfo=None) - MONDAY).total_seconds() // 60 % WEEK
        out.append((utc, utc + (finish - begin).total_seconds() // 60))
    return out


def overlaps(ours, theirs):
    return any(min(a1, b1 + shift) > max(a0, b0 + shift)
               for a0, a1 in ours for b0, b1 in theirs for shift in (-WEEK, 0, WEEK))


# Brute force.

def best_assignments(mentors, mentees, fits, score):
    """Enumerate every valid assignment; the best total, and the best (pairs, total)."""
    room = [m.capacity for m in mentors]
    best_total, most = 0.0, (0, 0.0)

    def visit(e, count, total):
        nonlocal best_total, most
        if e == len(mentees):
            best_total = max(best_total, total)
            most = max(most, (count, total))
            return
        visit(e + 1, count, total)
        for m in range(len(mentors)):
            if fits[m][e] and room[m] > 0:
                room[m] -= 1
                visit(e + 1, count + 1, total + score[e][m])
                room[m] += 1

    visit(0, 0, 0.0)
    return best_total, most


def score_matrix(people, managers, settings):
    cohort = build_pool(people, managers).for_proposal(settings)
    pairs = Block(cohort)
    return Scoring(cohort, settings).total(pairs, shared_minutes(cohort, pairs)).astype(np.float64).tolist()


@pytest.mark.parametrize("seed", range(200))
def test_the_solver_finds_the_brute_force_optimum(seed):
    rng = random.Random(seed)
    people, managers, settings = random_cohort(rng)
    mentors = [p for p in people if p.role == "mentor"]
    mentees = [p for p in people if p.role == "mentee"]
    fits = [[feasible(m, e, managers, settings) for e in mentees] for m in mentors]
    score = score_matrix(people, managers, checked(settings))
    best_total, (most_pairs, most_total) = best_assignments(mentors, mentees, fits, score)

    for mode in ("best_total", "most_matched"):
        proposal = propose_pairs(people, managers, replace(settings, mode=mode))
        row = {p.id: i for i, p in enumerate(mentors)}
        col = {p.id: j for j, p in enumerate(mentees)}
        assert all(fits[row[p.mentor_id]][col[p.mentee_id]] for p in proposal.pairs), "an infeasible pair"
        assert len({p.mentee_id for p in proposal.pairs}) == len(proposal.pairs), "a mentee twice"
        for m in mentors:
            assert sum(p.mentor_id == m.id for p in proposal.pairs) <= m.capacity, "over capacity"
        if mode == "best_total":
            assert proposal.total == pytest.approx(best_total, abs=1e-6)
        else:
            assert len(proposal.pairs) == most_pairs
            assert proposal.total == pytest.approx(most_total, abs=1e-6)
        assert {p.person_id for p in proposal.unmatched} | {p.mentor_id for p in proposal.pairs} | {
            p.mentee_id for p in proposal.pairs} == {p.id for p in people}


def test_the_random_cohorts_are_not_trivial():
    """Enough possible pairs, and enough cohorts where the two modes disagree, to mean something."""
    possible, disagree = 0, 0
    for seed in range(200):
        people, managers, settings = random_cohort(random.Random(seed))
        mentors = [p for p in people if p.role == "mentor"]
        mentees = [p for p in people if p.role == "mentee"]
        fits = [[feasible(m, e, managers, settings) for e in mentees] for m in mentors]
        best_total, (_, most_total) = best_assignments(mentors, mentees, fits, score_matrix(people, managers, checked(settings)))
        possible += sum(map(sum, fits))
        disagree += best_total > most_total + 1e-6
    assert possible >= 800 and disagree >= 3


@pytest.mark.parametrize("mode", ["best_total", "most_matched"])
def test_a_cohort_filled_in_blocks_on_several_threads_gets_the_one_block_answer(mode, monkeypatch):
    """900 people, the mentees in three blocks filled side by side: the same pairs, scores and
    reasons as when the whole matrix is one block on one thread."""
    rng = random.Random(42)
    people = [random_person(rng, 1000 + i, "mentor") for i in range(300)]
    people += [random_person(rng, 2000 + i, "mentee") for i in range(600)]
    people = [replace(p, preferred=frozenset()) for p in people]
    in_blocks = propose_pairs(people, {}, Settings(mode=mode))
    monkeypatch.setattr(blocks, "ROWS", 10_000)
    in_one = propose_pairs(people, {}, Settings(mode=mode))
    assert len(in_blocks.pairs) > 200
    assert in_blocks == in_one
