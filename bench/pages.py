"""Benchmark: do the busiest pages stay flat from 150 to 2,000 participants?

    .venv/bin/python bench/pages.py

1. Builds four tenants on a throwaway instance folder (SQLite) with saas.demo.sized_programme:
   150, 500 and 2,000 participants, onboarded like the demo's, half of them paired and
   published (a pairing ended, a pair pinned) and an open draft proposal for the other half;
   and 2,000 participants all trained and paired: 1,000 published pairings, no draft.
2. Serves it with gunicorn (gthread) on 127.0.0.1 (bench/tenancy.py's helpers), signs in each
   tenant's programme manager and a partner of one of its pairings, and drives it with wrk
   (bench/console.py's script, which sends a session cookie), interleaved over several rounds
   with the bare health route:
       bare            GET /healthz
       people N        GET /t/size-N/admin/people       the people list, first page
       board N         GET /t/size-N/admin/pairing      the pairing board, with the open draft
       board 2000 paired                                the pairing board with 1,000 published pairings
       home N          GET /t/size-N/                   a paired participant's home page
3. Prints each page's cost as a multiple of the bare route's (by throughput, each round's own
   ratio, median; and by the server's CPU time per request), its growth from 150 to 2,000
   participants, and as its LAST line one JSON object:
       {"people_2000_x": ..., "board_2000_x": ..., "worst_growth": ...}
   where board_2000_x is the costlier of the two boards at 2,000 (open draft, 1,000 pairings).
   Targets: every page <= 20x the bare route at 2,000 participants, growth <= 1.5 (not
   enforced: the exit status is 1 only when requests failed). Takes about 3 minutes.
"""
import json
import re
import sys
import time
import urllib.parse
import urllib.request
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from console import PASSWORD, measured_rounds, multiples, parse_args, signed_in, throwaway_instance  # noqa: E402
from tenancy import ROOT  # noqa: E402

SIZES = (150, 500, 2000)
PAIRED = "paired-2000"  # 2,000 participants, everyone paired: 1,000 published pairings
PAGES = {"people": "/t/size-{}/admin/people", "board": "/t/size-{}/admin/pairing", "home": "/t/size-{}/"}
SIGNED_IN_AS = {"people": "admin", "board": "admin", "home": "partner"}
TARGET_X, TARGET_GROWTH = 20, 1.5


def build(instance):
    """The three tenants; returns {size: {"admin": email, "partner": email}}."""
    sys.path.insert(0, str(ROOT))
    import saas
    from saas.demo import sized_programme
    from saas.provisioning import create_tenant
    from saas.tenancy import tenant_scope
    from tenants.pairing.models import Pairing, active_pairings
    from tenants.passwords import hash_password

    app = saas.create_app({"INSTANCE_PATH": str(instance), "JOBS_IMMEDIATE": True})
    password_hash, people = hash_password(PASSWORD), {}
    with app.app_context():
        for size in SIZES:
            started = time.perf_counter()
            create_tenant(f"size-{size}", f"{size} participants")
            admin = sized_programme(f"size-{size}", size, password_hash)
            with tenant_scope(f"size-{size}"):
                partner = active_pairings().order_by(Pairing.id).first().mentor.email
            people[size] = {"admin": admin, "partner": partner}
            print(f"  {size} participants built in {time.perf_counter() - started:.1f} s", flush=True)
        started = time.perf_counter()
        create_tenant(PAIRED, "2000 participants, all paired")
        people[PAIRED] = {"admin": sized_programme(PAIRED, 2000, password_hash, all_paired=True)}
        with tenant_scope(PAIRED):
            print(f"  2000 participants, {active_pairings().count()} pairings published, built in "
                  f"{time.perf_counter() - started:.1f} s", flush=True)
    app.extensions["databases"].close()
    if not app.extensions["databases"].control.is_closed():
        app.extensions["databases"].control.close()
    return people


def session_cookie(base, slug, email):
    """`email` signed in to tenant `slug`; returns the Cookie header to send."""
    cookie, landed = signed_in(f"{base}/t/{slug}/login", email)
    assert landed.rstrip("/").endswith(f"/t/{slug}"), f"signing in {email} landed on {landed}"
    return cookie


def scenarios(people, base):
    """{name: (path, cookie)}, the bare route first; each page checked to answer 200 first."""
    found = {"bare": ("/healthz", None)}
    for size in SIZES:
        cookies = {who: session_cookie(base, f"size-{size}", email) for who, email in people[size].items()}
        for page, path in PAGES.items():
            found[f"{page} {size}"] = (path.format(size), cookies[SIGNED_IN_AS[page]])
    found["board 2000 paired"] = (f"/t/{PAIRED}/admin/pairing", session_cookie(base, PAIRED, people[PAIRED]["admin"]))
    for name, (path, cookie) in found.items():
        request = urllib.request.Request(base + path, headers={"Cookie": cookie} if cookie else {})
        with urllib.request.urlopen(request) as response:
            body = response.read().decode()
            assert response.status == 200 and response.url == base + path, f"{name}: {response.url}"
        if name.startswith("board"):
            assert ("Publish " in body) != name.endswith("paired"), f"{name}: the board has the wrong proposal"
        if name.endswith("paired"):
            shown = re.search(r"(\d+) active", body)  # a pair or two may break a hard rule: about 1,000
            assert shown and int(shown.group(1)) >= 990, f"{name}: not 1,000 pairings"
    return found


def main():
    args = parse_args(__doc__, rounds=4)
    with throwaway_instance("pages") as instance:
        people = build(instance)
        results = measured_rounds(instance, args, lambda base: scenarios(people, base))
        report(results, list(dict.fromkeys(r["name"] for r in results)))  # the cases in their order
        return 1 if sum(r["errors"] for r in results) else 0


def report(results, names):
    times, cpu = multiples(results, names)
    print()
    growth = {}
    for page in PAGES:
        at_most, at_least = times[f"{page} {SIZES[-1]}"], times[f"{page} {SIZES[0]}"]
        growth[page] = at_most / at_least
        print(f"{page:<7} at {SIZES[-1]}: {at_most:6.2f}x bare (target <= {TARGET_X}) "
              f"{'ok' if at_most <= TARGET_X else 'ABOVE TARGET'};  {SIZES[0]} -> {SIZES[-1]}: {growth[page]:.2f} "
              f"(CPU {cpu[f'{page} {SIZES[-1]}'] / cpu[f'{page} {SIZES[0]}']:.2f}) (target <= {TARGET_GROWTH}) "
              f"{'ok' if growth[page] <= TARGET_GROWTH else 'ABOVE TARGET'}")
    errors = sum(r["errors"] for r in results)
    if errors:
        print(f"WARNING: {errors} failed requests; these numbers are not valid")
    print(f"board with 1,000 pairings: {times['board 2000 paired']:6.2f}x bare (target <= {TARGET_X}) "
          f"{'ok' if times['board 2000 paired'] <= TARGET_X else 'ABOVE TARGET'}")
    print(json.dumps({"people_2000_x": round(times[f"people {SIZES[-1]}"], 2),
                      "board_2000_x": round(max(times[f"board {SIZES[-1]}"], times["board 2000 paired"]), 2),
                      "worst_growth": round(max(growth.values()), 2)}))


if __name__ == "__main__":
    sys.exit(main())
