"""Benchmark: how many phase readings a second the engine gives, on realistic pairings, and the
nightly recompute of a 2,000-pairing tenant with its database.

    .venv/bin/python bench/phases.py [--pairings 10000] [--repeats 3] [--seed 13] [--tenant-pairings 2000]
                                     [--database-url postgresql://…]

Generates `--pairings` pairings with tests/phases/histories.py (realistic_history): a mix of
healthy pairs that reach routinization, slow ones, neglected, one-sided, low-trust,
declining, diverging, stalled, unanswered and ended ones, started 10 to 300 days before the
day read, about 40 events each. Then, in this one process (one core), it times
`phase_of(events, today)` over all of them, `--repeats` times, and keeps the fastest run.
Rates are per CPU second of this process (time.process_time: the work of one core, which a
shared machine does not inflate by making the process wait); the wall-clock rate is shown too. It also times `journey()`
and, on a sample, the tests' day-by-day oracle (tests/phases/test_oracle.py), which visits
every calendar day, to show what replaying only the days that can change saves.

The database half provisions a tenant in a throwaway instance folder (SQLite, or a new
schema in `--database-url`, dropped afterwards), writes the first `--tenant-pairings` of those
histories into its event log, reads every pairing once (every reading and journey new), then
times the nightly recompute `--repeats` times, keeping the fastest: reading the events from the
database, the engine (phase_of and journey, as tenants.tracker.readings.read calls them) and
storing the readings and journeys, each on its own, and read_pairings() whole.

Prints a table by kind of pairing (events, phases reached, flags raised, time a reading),
the nightly's parts, then as its LAST line one JSON object:
    {"phases_per_s": ..., "nightly_2000_s": ..., "nightly_2000_total_s": ..., "nightly_2000_read_s": ...,
     "nightly_2000_store_s": ..., "phases_per_wall_s": ..., "events_per_pairing": ..., "oracle_ratio": ...}
Targets: phases_per_s >= 5,000 (engine alone, one core); nightly_2000_s, the engine's CPU time in
a 2,000-pairing tenant's nightly recompute, under 2 s; the _total_, _read_ and _store_ figures
are wall-clock seconds with the database. A benchmark, not a test: nothing is asserted. About 45 s.
"""
import argparse
import json
import random
import shutil
import sys
import tempfile
import time
import uuid
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


def tenant_with(histories, database_url):
    """An app and a new tenant whose event log holds `histories` (one pairing each); and how to drop it."""
    from saas import create_app
    from saas.provisioning import create_tenant, delete_tenant
    from saas.tenancy import tenant_scope
    from tenants.pair_space.models import PairingEvent
    from tenants.pairing.models import Pairing
    from tenants.people.models import User
    from tenants.scope import database

    folder = tempfile.mkdtemp(prefix="bench-phases-")
    app = create_app({"INSTANCE_PATH": folder, "DATABASE_URL": database_url, "SECRET_KEY": "bench",
                      "JOBS_IMMEDIATE": False})
    slug = "bench-" + uuid.uuid4().hex[:8]
    with app.app_context():
        create_tenant(slug, "Bench")
        with tenant_scope(slug), database.atomic():
            people = [{"email": f"{role}{n}@bench.example", "name": f"{role} {n}", "role": role}
                      for n in range(len(histories)) for role in ("mentor", "mentee")]
            for chunk in chunked(people, 500):
                User.insert_many(chunk).execute()
            ids = dict(User.select(User.email, User.id).tuples())
            Pairing.insert_many([{"mentor": ids[f"mentor{n}@bench.example"], "mentee": ids[f"mentee{n}@bench.example"],
                                  "started": events[0].on} for n, events in enumerate(histories)]).execute()
            pairings = [pairing_id for pairing_id, in Pairing.select(Pairing.id).order_by(Pairing.id).tuples()]
            rows = [{"pairing": pairing_id, "on": event.on, "kind": event.kind, "by": event.by,
                     "data": json.dumps(event.data, sort_keys=True)}
                    for pairing_id, events in zip(pairings, histories) for event in events]
            for chunk in chunked(rows, 500):
                PairingEvent.insert_many(chunk).execute()

    def drop():
        with app.app_context():
            delete_tenant(slug, actor="bench")
        app.extensions["databases"].close()
        shutil.rmtree(folder, ignore_errors=True)
    return app, slug, drop


def chunked(rows, size):
    return (rows[start:start + size] for start in range(0, len(rows), size))


def nightly(app, slug, repeats):
    """{part: seconds} of the nightly recompute of every pairing of tenant `slug`, the fastest of `repeats`."""
    from saas.tenancy import tenant_scope
    from tenants.pairing.models import Pairing
    from tenants.scope import database
    from tenants.tracker import readings

    best = {}
    with app.app_context(), tenant_scope(slug):
        ids = Pairing.select(Pairing.id)
        started = time.perf_counter()
        readings.read_pairings(ids, TODAY)
        best["first"] = time.perf_counter() - started
        rules = readings.programme_rules()
        for _ in range(repeats):
            wall = time.perf_counter()
            histories = readings.histories(ids)
            read = time.perf_counter() - wall
            cpu = time.process_time()
            found = readings.read(histories, TODAY, rules)
            engine = time.process_time() - cpu
            wall = time.perf_counter()
            with database.atomic():
                readings.store(found, TODAY)
            store = time.perf_counter() - wall
            wall = time.perf_counter()
            readings.read_pairings(ids, TODAY)
            total = time.perf_counter() - wall
            for part, seconds in (("read", read), ("engine", engine), ("store", store), ("total", total)):
                best[part] = min(best.get(part, seconds), seconds)
        best["pairings"] = len(found)
    return best


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pairings", type=int, default=10_000)
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--seed", type=int, default=13)
    parser.add_argument("--oracle-sample", type=int, default=200)
    parser.add_argument("--tenant-pairings", type=int, default=2000)
    parser.add_argument("--database-url", default="", help="PostgreSQL for the database half (default: SQLite)")
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
    app, slug, drop = tenant_with(histories[:args.tenant_pairings], args.database_url)
    try:
        night = nightly(app, slug, args.repeats)
    finally:
        drop()
    scale = 2000 / night["pairings"]
    print()
    print(f"The nightly recompute of a tenant of {night['pairings']:,} pairings ({'PostgreSQL' if args.database_url else 'SQLite'}), "
          f"fastest of {args.repeats}:")
    print(f"  read the events from the database and make them Events  {night['read']:6.2f} s wall")
    print(f"  the engine: phase_of and journey for each pairing       {night['engine']:6.2f} s CPU")
    print(f"  store the readings and the journeys that changed        {night['store']:6.2f} s wall")
    print(f"  read_pairings() whole (the job, with the pairings' lock) {night['total']:6.2f} s wall")
    print(f"  (the first reading of the tenant, every row new:        {night['first']:6.2f} s wall)")
    print()
    print("One process, one core. CPU seconds (time.process_time) count the work of that core; on a shared "
          "machine the wall clock adds the time the process waited for it.")
    print(json.dumps({
        "phases_per_s": round(per_s),
        "nightly_2000_s": round(night["engine"] * scale, 3),
        "nightly_2000_total_s": round(night["total"] * scale, 3),
        "nightly_2000_read_s": round(night["read"] * scale, 3),
        "nightly_2000_store_s": round(night["store"] * scale, 3),
        "phases_per_wall_s": round(len(histories) / wall),
        "events_per_pairing": round(events / len(histories), 1),
        "oracle_ratio": round(oracle_each / (cpu / len(histories)), 1),
    }))


if __name__ == "__main__":
    main()
