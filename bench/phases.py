"""Benchmark: how many phase readings a second the engine gives, on realistic pairings.

    .venv/bin/python bench/phases.py [--pairings 10000] [--repeats 3] [--seed 13]

Generates `--pairings` pairings with tests/phases/histories.py (realistic_history): a mix of
healthy pairs that reach routinization, slow ones, neglected, one-sided, low-trust,
declining, diverging, stalled, unanswered and ended ones, started 10 to 300 days before the
day read, about 40 events each. Then, in this one process (one core), it times
`phase_of(events, today)` over all of them, `--repeats` times, and keeps the fastest run.
Rates are per CPU second of this process (time.process_time: the work of one core, which a
shared machine does not inflate by making the process wait); the wall-clock rate is shown too. It also times `journey()`
and, on a sample, the tests' day-by-day oracle (tests/phases/test_oracle.py), which visits
every calendar day, to show what replaying only the days that can change saves.

Prints a table by kind of pairing (events, phases reached, flags raised, time a reading),
then as its LAST line one JSON object:
    {"phases_per_s": ..., "phases_per_wall_s": ..., "nightly_2000_engine_s": ..., "events_per_pairing": ...,
     "oracle_ratio": ...}
Target: phases_per_s >= 5,000 (engine alone, one core); nightly_2000_engine_s is the engine
time of a 2,000-pairing tenant's nightly recompute (target: well under 2 s with the
database work added). A benchmark, not a test: nothing is asserted. About 30 s.
"""
import argparse
import json
import random
import sys
import time
from collections import Counter
from datetime import date, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tenants.phases import PHASES, journey, phase_of  # noqa: E402
from tests.phases.histories import KINDS, realistic_history  # noqa: E402

TODAY = date(2026, 6, 30)
MIX = {  # kind -> share of a programme's pairings
    "healthy": 30, "slow": 15, "neglected": 10, "one_sided": 8, "declining": 8, "diverging": 6, "stalled": 6,
    "unanswered": 6, "ended": 6, "low_trust": 5,
}


def pairings(count, seed):
    """[(kind, events)]: a programme's pairings, most of them a few months old, some new."""
    rng = random.Random(seed)
    kinds = rng.choices(list(MIX), weights=list(MIX.values()), k=count)
    made = []
    for kind in kinds:
        age = rng.randint(10, 90) if rng.random() < 0.12 else rng.randint(110, 260)
        made.append((kind, realistic_history(rng, TODAY - timedelta(days=age), TODAY, kind)))
    return made


def timed(function, histories, repeats):
    """(CPU seconds, wall seconds, results) of function(events, TODAY) over every history, fastest run."""
    best = None
    for _ in range(repeats):
        cpu, wall = time.process_time(), time.perf_counter()
        results = [function(events, TODAY) for events in histories]
        run = (time.process_time() - cpu, time.perf_counter() - wall)
        best = run if best is None or run[0] < best[0] else best
    return best[0], best[1], results


def oracle_seconds(histories):
    """CPU seconds a reading takes with the tests' day-by-day oracle (every calendar day, facts from scratch)."""
    from tenants.phases import Rules
    from tests.phases.test_oracle import oracle

    rules = Rules()
    started = time.process_time()
    for events in histories:
        oracle(events, TODAY, rules)
    return (time.process_time() - started) / len(histories)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pairings", type=int, default=10_000)
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--seed", type=int, default=13)
    parser.add_argument("--oracle-sample", type=int, default=200)
    args = parser.parse_args()

    started = time.perf_counter()
    made = pairings(args.pairings, args.seed)
    generated = time.perf_counter() - started
    histories = [events for _, events in made]
    events = sum(map(len, histories))

    cpu, wall, readings = timed(phase_of, histories, args.repeats)
    journey_cpu, _, _ = timed(journey, histories, args.repeats)
    oracle_each = oracle_seconds(histories[:args.oracle_sample])

    print(f"{args.pairings:,} pairings, {events / len(histories):.1f} events each on average "
          f"(generated in {generated:.1f} s), read on {TODAY}.")
    print()
    print(f"{'kind':>11} {'pairings':>8} {'events':>6} " + " ".join(f"{phase:>13}" for phase in PHASES)
          + f" {'flagged':>7}  most raised flags")
    by_kind = {}
    for (kind, events_of), reading in zip(made, readings):
        by_kind.setdefault(kind, []).append((len(events_of), reading))
    for kind in KINDS:
        rows = by_kind.get(kind, [])
        if not rows:
            continue
        phases = Counter(reading.phase for _, reading in rows)
        flags = Counter(flag.name for _, reading in rows for flag in reading.flags)
        flagged = sum(bool(reading.flags) for _, reading in rows)
        print(f"{kind:>11} {len(rows):>8} {sum(n for n, _ in rows) / len(rows):>6.1f} "
              + " ".join(f"{phases[phase] / len(rows):>13.0%}" for phase in PHASES)
              + f" {flagged / len(rows):>7.0%}  " + ", ".join(f"{name} {count}" for name, count in flags.most_common(3)))
    per_s = len(histories) / cpu
    print()
    print(f"phase_of: {per_s:,.0f} readings per CPU second ({cpu:.2f} s for {len(histories):,}, fastest of "
          f"{args.repeats}; {cpu / len(histories) * 1e6:.0f} µs a reading, {events / cpu:,.0f} events/s); "
          f"wall clock {len(histories) / wall:,.0f}/s")
    print(f"journey:  {len(histories) / journey_cpu:,.0f} journeys per CPU second")
    print(f"day-by-day oracle (tests): {oracle_each * 1e6:,.0f} µs a reading on {args.oracle_sample} of them, "
          f"{oracle_each / (cpu / len(histories)):,.0f} times the engine's")
    print(f"a 2,000-pairing tenant's nightly recompute, engine alone: {2000 / per_s:.2f} s")
    print()
    print("One process, one core. CPU seconds (time.process_time) count the work of that core; on a shared "
          "machine the wall clock adds the time the process waited for it.")
    print(json.dumps({
        "phases_per_s": round(per_s),
        "phases_per_wall_s": round(len(histories) / wall),
        "nightly_2000_engine_s": round(2000 / per_s, 3),
        "events_per_pairing": round(events / len(histories), 1),
        "oracle_ratio": round(oracle_each / (cpu / len(histories)), 1),
    }))


if __name__ == "__main__":
    main()
