"""Benchmark: how long does a whole-cohort pairing proposal take, next to the solver alone?

    .venv/bin/python bench/pairing.py [--sizes 500 2000 5000] [--repeats 5] [--seed 7]

For each size N it generates a cohort of N mentors and N mentees with realistic profiles
and measures it in fresh subprocesses, one for time and one for peak memory:

- topics from a catalogue of 25 (popular ones such as social media and AI tools chosen
  more often) that juniors teach and seniors want, and 8 that seniors teach back; job
  levels from a manager tree of an organisation four times the cohort; 12 departments;
  two to four half days of free time a week in six time zones (London, Berlin, New York,
  Kolkata, Singapore, Los Angeles); languages; ten questionnaire answers; diversity
  answers (some "prefer not to say"); a few preferences; capacities 1-3; 1% incomplete.
  About a third of all mentor-mentee pairs pass every hard rule.

In the timing subprocess, for each mode, it takes turns `--repeats` times between
  1. build_pool: the profiles turned into arrays (done once per roster; not part of the
     issue's "rules + scores + solve + reasons", shown separately),
  2. propose on that cohort, end to end: rules + scores + solve + reasons, timing stages,
  3. scipy's linear_sum_assignment alone on the very cost matrix that proposal handed it
     (mentees × mentor slots; captured by wrapping the solver),
and keeps the fastest of each (the machine is shared; the first, cold run is shown too).
Peak memory comes from a second subprocess that only generates the cohort and runs
propose_pairs (profiles included) in both modes: its peak RSS (getrusage ru_maxrss).

Prints a table, then as its LAST line one JSON object (best_total mode; seconds and ratio
of propose, end to end, without build_pool):
    {"n2000_ratio_to_solver": ..., "n2000_seconds": ..., "n5000_seconds": ..., "n5000_peak_mb": ...}
Targets: 2,000 × 2,000 end to end <= 1.5 × the solver alone; 5,000 × 5,000 under 1.5 GB peak.
A benchmark, not a test: nothing is asserted and pytest does not collect it. About 40 s
on 2 cores.
"""
import argparse
import json
import random
import resource
import subprocess
import sys
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

TOPICS = (
    "social media", "collaboration tools", "AI tools", "data literacy", "mobile apps",
    "generational perspectives", "video content", "personal branding", "remote work",
    "cybersecurity basics", "online communities", "e-commerce trends", "gaming culture",
    "sustainability", "inclusive language", "digital payments", "no-code tools",
    "cloud services", "podcasting", "influencer marketing", "agile ways of working",
    "user experience", "streaming media", "wellbeing apps", "future of work",
)
SENIOR_TOPICS = (
    "strategy", "negotiation", "public speaking", "leadership", "finance basics",
    "stakeholder management", "networking", "career planning",
)
DEPARTMENTS = (
    "Sales", "Marketing", "Finance", "HR", "IT", "Operations", "Legal", "Research",
    "Customer Service", "Procurement", "Communications", "Strategy",
)
TIMEZONES = (  # (zone, share of staff)
    ("Europe/London", 0.3), ("Europe/Berlin", 0.25), ("America/New_York", 0.2),
    ("Asia/Kolkata", 0.1), ("Asia/Singapore", 0.1), ("America/Los_Angeles", 0.05),
)
LANGUAGES = {"Europe/London": "en", "Europe/Berlin": "de", "America/New_York": "es",
             "Asia/Kolkata": "hi", "Asia/Singapore": "zh", "America/Los_Angeles": "es"}
DIVERSITY = {
    "gender": ("woman", "man", "non-binary", "prefer not to say"),
    "generation": ("Gen Z", "Millennial", "Gen X", "Boomer"),
    "background": ("first-generation graduate", "career changer", "international", "prefer not to say"),
}


def organisation(size, rng):
    """A manager tree of `size` people: id -> (job level, manager id). Level 10 is the top."""
    levels = {0: 10}
    managers = {0: None}
    by_level = {10: [0]}
    for person in range(1, size):
        level = rng.choices(range(1, 10), weights=(12, 12, 10, 9, 8, 7, 6, 4, 2))[0]
        above = [lv for lv in by_level if lv > level]
        boss_level = min(above) if rng.random() < 0.7 else rng.choice(above)
        managers[person] = rng.choice(by_level[boss_level])
        levels[person] = level
        by_level.setdefault(level, []).append(person)
    return levels, managers


def free_time(rng):
    """Two to four half days a week, as people block them for mentoring: 09:00-12:00 or 13:00-17:00, give or take."""
    windows = []
    for day in rng.sample(range(5), rng.randint(2, 4)):
        start, end = rng.choice(((9 * 2, 12 * 2), (13 * 2, 17 * 2)))
        start += rng.choice((-1, 0, 0, 1))
        end += rng.choice((-1, 0, 0, 1))
        windows.append((day, f"{start // 2:02d}:{start % 2 * 30:02d}", f"{end // 2:02d}:{end % 2 * 30:02d}"))
    return windows


def popular_first(topics, count, rng):
    """`count` topics, the first of the catalogue the most popular (weights 1, 1/2, 1/3…)."""
    keys = {topic: rng.random() ** rank for rank, topic in enumerate(topics, start=1)}
    return sorted(topics, key=keys.get, reverse=True)[:count]


def cohort(size, seed):
    """`size` mentors (junior) and `size` mentees (senior) drawn from an organisation."""
    from tenants.matching import Person

    rng = random.Random(seed)
    levels, managers = organisation(size * 4, rng)
    juniors = [p for p in levels if levels[p] <= 4]
    seniors = [p for p in levels if levels[p] >= 5 and p != 0]
    mentors = rng.sample(juniors, min(size, len(juniors)))
    mentees = rng.sample(seniors, min(size, len(seniors)))
    people = []
    for role, ids in (("mentor", mentors), ("mentee", mentees)):
        for person_id in ids:
            zone = rng.choices([z for z, _ in TIMEZONES], weights=[w for _, w in TIMEZONES])[0]
            mine, theirs = (TOPICS, SENIOR_TOPICS) if role == "mentor" else (SENIOR_TOPICS, TOPICS)
            people.append(Person(
                id=person_id,
                name=f"{role.title()} {person_id}",
                role=role,
                job_level=levels[person_id],
                department=rng.choice(DEPARTMENTS),
                manager_id=managers[person_id],
                teaches={t: rng.randint(2, 5) for t in popular_first(mine, rng.randint(3, 6), rng)},
                learns={t: rng.randint(1, 4) for t in popular_first(theirs, rng.randint(2, 4), rng)},
                availability=free_time(rng),
                timezone=zone,
                languages=frozenset({"en", LANGUAGES[zone]} if rng.random() < 0.9 else {LANGUAGES[zone]}),
                values=tuple(rng.randint(1, 5) for _ in range(10)) if rng.random() < 0.9 else (),
                diversity={k: rng.choice(v) for k, v in DIVERSITY.items() if rng.random() < 0.8},
                preferred=frozenset(rng.sample(mentees if role == "mentor" else mentors, 1)) if rng.random() < 0.05 else frozenset(),
                capacity=rng.choices((1, 2, 3), weights=(70, 25, 5))[0] if role == "mentor" else None,
                missing=("availability",) if rng.random() < 0.01 else (),
            ))
    return people, managers


STAGES = (  # functions of tenants.matching.proposal timed as stages of one proposal
    ("pairwise", "rules+scores+cost matrix"), ("described_pairs", "reasons"), ("left_over", "reasons"),
)


def measure(size, seed, repeats):
    """Run in a fresh process: time proposals and the solver alone on their cost matrix."""
    from scipy.optimize import linear_sum_assignment

    import tenants.matching.assignment as assignment
    import tenants.matching.proposal as proposal_module
    from tenants.matching import Settings, build_pool, propose, undisturbed

    people, managers = cohort(size, seed)
    captured, spent = {}, {}

    def recording_solver(cost):
        captured["cost"] = cost
        return linear_sum_assignment(cost)

    inside = []  # the stage being timed: calls nested in it count as part of it

    def timed(function, stage):
        def wrapper(*args, **kwargs):
            if inside:
                return function(*args, **kwargs)
            inside.append(stage)
            started = time.perf_counter()
            try:
                return function(*args, **kwargs)
            finally:
                spent[stage] = spent.get(stage, 0.0) + time.perf_counter() - started
                inside.pop()
        return wrapper

    assignment.linear_sum_assignment = recording_solver
    for name, stage in STAGES:
        setattr(proposal_module, name, timed(getattr(proposal_module, name), stage))
    assignment.Problem.solve = timed(assignment.Problem.solve, "solve")

    results = {}
    for mode in ("most_matched", "best_total"):
        settings = Settings(mode=mode, ask_diversity=True)
        runs, profile_runs, solver_runs, stages = [], [], [], []
        for _ in range(repeats):  # profiles, end to end and solver alone, in turn: noise hits all alike
            spent.clear()
            started = time.perf_counter()
            built = build_pool(people, managers)
            profile_runs.append(time.perf_counter() - started)
            started = time.perf_counter()
            with undisturbed():  # as the job worker runs a large proposal
                proposal = propose(built, settings)
            runs.append(time.perf_counter() - started)
            stages.append(dict(spent))
            cost = captured.pop("cost")
            started = time.perf_counter()
            linear_sum_assignment(cost)
            solver_runs.append(time.perf_counter() - started)
        fastest = runs.index(min(runs))
        results[mode] = {
            "seconds": min(runs),
            "first_seconds": runs[0],
            "profile_seconds": min(profile_runs),
            "solver_seconds": min(solver_runs),
            "stages": stages[fastest],
            "matrix": list(cost.shape),
            "feasible_share": float(np.mean(cost != (cost.max() if mode == "most_matched" else 0))) if cost.size else 0.0,
            "pairs": len(proposal.pairs),
            "unmatched": len(proposal.unmatched),
            "mean_score": proposal.total / max(len(proposal.pairs), 1),
        }
        del cost, proposal
    return results


def peak_memory(size, seed):
    """Run in a fresh process: peak RSS of generating the cohort and proposing in both modes."""
    from tenants.matching import Settings, propose_pairs, undisturbed

    people, managers = cohort(size, seed)
    for mode in ("most_matched", "best_total"):
        with undisturbed():
            propose_pairs(people, managers, Settings(mode=mode, ask_diversity=True))
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def child(*args):
    done = subprocess.run([sys.executable, __file__, *map(str, args)], capture_output=True, text=True, check=True)
    return json.loads(done.stdout.strip().splitlines()[-1])


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[500, 2000, 5000])
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--repeats", type=int, default=5)
    parser.add_argument("--child", type=int, help=argparse.SUPPRESS)
    parser.add_argument("--memory", type=int, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        print(json.dumps(measure(args.child, args.seed, args.repeats)))
        return
    if args.memory:
        print(json.dumps(peak_memory(args.memory, args.seed)))
        return

    rows = {}
    for size in sorted(args.sizes):
        rows[size] = child("--child", size, "--seed", args.seed, "--repeats", args.repeats)
        rows[size]["peak_rss_mb"] = child("--memory", size, "--seed", args.seed)

    print(f"{'N×N':>11} {'mode':>13} {'solver matrix':>13} {'allowed':>7} {'pairs':>6} {'left':>5} "
          f"{'mean':>5} {'end to end s':>12} {'(first run)':>11} {'lsa alone s':>11} {'ratio':>6} "
          f"{'profiles s':>10} {'ratio with':>10} {'peak RSS MB':>11}")
    for size, row in rows.items():
        for mode in ("best_total", "most_matched"):
            r = row[mode]
            print(f"{size:>5}×{size:<5} {mode:>13} {'×'.join(map(str, r['matrix'])):>13} {r['feasible_share']:>7.0%} "
                  f"{r['pairs']:>6} {r['unmatched']:>5} {r['mean_score']:>5.1f} {r['seconds']:>12.3f} "
                  f"{r['first_seconds']:>11.3f} {r['solver_seconds']:>11.3f} {r['seconds'] / r['solver_seconds']:>6.2f} "
                  f"{r['profile_seconds']:>10.3f} {(r['seconds'] + r['profile_seconds']) / r['solver_seconds']:>10.2f} "
                  f"{row['peak_rss_mb']:>11.0f}")
    print()
    print("Where the time goes (fastest run, seconds; the cost matrix is filled with the scores, solve = solver + what follows):")
    for size, row in rows.items():
        for mode in ("best_total", "most_matched"):
            r = row[mode]
            print(f"{size:>5}×{size:<5} {mode:>13}  " + "  ".join(f"{stage} {seconds:.3f}" for stage, seconds in r["stages"].items())
                  + f"  | all but linear_sum_assignment alone: {r['seconds'] - r['solver_seconds']:.3f}")
    print()
    print(f"Best of {args.repeats} runs each, taken in turn in one process; first run = the first proposal, caches "
          "cold. end to end = propose (rules + scores + solve + reasons) on a built cohort; profiles = build_pool "
          "(profiles to arrays, once per roster); ratio = end to end / linear_sum_assignment alone on the cost "
          "matrix that proposal handed it; ratio with = the same with profiles counted in. allowed = share of that "
          "matrix's cells that are allowed pairs. peak RSS = a process generating the cohort and proposing in both modes.")
    summary = {}
    if 2000 in rows:
        summary["n2000_ratio_to_solver"] = round(rows[2000]["best_total"]["seconds"] / rows[2000]["best_total"]["solver_seconds"], 3)
        summary["n2000_seconds"] = round(rows[2000]["best_total"]["seconds"], 3)
    if 5000 in rows:
        summary["n5000_seconds"] = round(rows[5000]["best_total"]["seconds"], 3)
        summary["n5000_peak_mb"] = round(rows[5000]["peak_rss_mb"], 1)
    print(json.dumps(summary))


if __name__ == "__main__":
    main()
