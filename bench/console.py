"""Benchmark: does the console's client list stay flat from 150 to 10,000 clients?

    .venv/bin/python bench/console.py

1. Builds the app on a throwaway instance folder (SQLite) with two consultancies: one with
   150 client tenants, one with 10,000, each tenant with its roll-up row (the list reads only
   the control database, so no tenant database is made), and an owner for each.
2. Serves it with gunicorn (gthread) on 127.0.0.1, signs each owner in, and drives it with
   wrk (needed here: the pages are fetched with each owner's session cookie), interleaved
   over several rounds with the bare health route:
       bare          GET /healthz
       list 150      GET /console/                      the 150 clients' first page
       list 10k      GET /console/                      the 10,000 clients' first page
       search 10k    GET /console/?q=0412               a search that matches 11 of them
       sort 10k      GET /console/?sort=participants    sorted by a roll-up number
       far page 10k  GET /console/?page=150             page 150 of 200
3. Prints each page's cost as a multiple of the bare route's (by throughput, and by the
   server's CPU time per request), and as its LAST line one JSON object:
       {"list_150_x": ..., "list_10000_x": ..., "growth": list 10k / list 150, "worst_growth": ...}
   where worst_growth is the largest of the 10,000-client pages' cost over the 150-client list's.
   Target: flat, i.e. growth <= 1.5. Takes about 2 minutes.
"""
import argparse
import http.cookiejar
import json
import os
import random
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.parse
import urllib.request
from contextlib import contextmanager
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from tenancy import ROOT, cpu_seconds, free_port, machine_cpu_seconds, start_gunicorn, stop, wait_until_up, worker_pids  # noqa: E402

PASSWORD = "bench-password-1"
SIZES = {"small": 150, "large": 10_000}
SCENARIOS = {  # name: (owner, path)
    "bare": (None, "/healthz"),
    "list 150": ("small", "/console/"),
    "list 10k": ("large", "/console/"),
    "search 10k": ("large", "/console/?q=0412"),
    "sort 10k": ("large", "/console/?sort=participants"),
    "far page 10k": ("large", "/console/?page=150"),
}

WRK_SCRIPT = r"""
-- args: <path> [cookie]
local req
function init(args)
  local headers = {}
  if args[2] then headers["Cookie"] = args[2] end
  req = wrk.format("GET", args[1], headers)
end
function request() return req end
function done(summary, latency, requests)
  local e = summary.errors
  io.write(string.format('WRKJSON {"requests": %d, "duration_us": %d, "errors": %d}\n', summary.requests,
    summary.duration, e.connect + e.read + e.write + e.status + e.timeout))
end
"""


def parse_args(doc=__doc__, rounds=7):
    """The options every served-page benchmark takes (this one's and bench/pages.py's)."""
    parser = argparse.ArgumentParser(description=doc.split("\n\n")[0])
    parser.add_argument("--rounds", type=int, default=rounds)
    parser.add_argument("--duration", type=float, default=2.0, help="seconds per measurement")
    parser.add_argument("--connections", type=int, default=8)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--threads", type=int, default=4)
    return parser.parse_args()


def build(instance):
    """Two consultancies, their owners, and their tenants' control rows."""
    sys.path.insert(0, str(ROOT))
    import saas
    from saas.control import Consultancy, Membership, Staff, Tenant, TenantRollup, control_db
    from tenants.passwords import hash_password

    app = saas.create_app({"INSTANCE_PATH": str(instance)})
    rng = random.Random(7)
    with app.app_context(), control_db.atomic():
        for owner, count in SIZES.items():
            firm = Consultancy.create(name=f"{owner.title()} Partners")
            staff = Staff.create(email=f"{owner}@bench.example", name=owner.title(),
                                 password_hash=hash_password(PASSWORD))
            Membership.create(staff=staff, consultancy=firm, role="owner")
            rows = [{"slug": f"{owner}-client-{n:05d}", "name": f"Client-{n:05d} {owner.title()}",
                     "consultancy": firm.id, "status": "suspended" if n % 50 == 0 else "active"}
                    for n in range(count)]
            for start in range(0, count, 500):
                Tenant.insert_many(rows[start:start + 500]).execute()
            ids = [t.id for t in Tenant.select(Tenant.id).where(Tenant.consultancy == firm)]
            rollups = [{"tenant": tenant_id, "participants": rng.randint(0, 2000), "active_pairs": rng.randint(0, 600),
                        "phases": json.dumps({"role-taking": rng.randint(0, 50), "role-making": rng.randint(0, 50)})}
                       for tenant_id in ids]
            for start in range(0, count, 500):
                TenantRollup.insert_many(rollups[start:start + 500]).execute()
    app.extensions["databases"].control.close()


def signed_in(login_url, email):
    """Sign `email` in at `login_url` the way a browser does; returns the Cookie header to send
    and the address the sign-in landed on."""
    jar = http.cookiejar.CookieJar()
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))
    page = opener.open(login_url).read().decode()
    token = re.search(r'name="csrf_token"[^>]*value="([^"]+)"', page).group(1)
    form = urllib.parse.urlencode({"email": email, "password": PASSWORD, "csrf_token": token})
    landed = opener.open(login_url, data=form.encode())
    landed.read()
    return "; ".join(f"{cookie.name}={cookie.value}" for cookie in jar), landed.url


def session_cookie(base, owner):
    """The owner's session, checked to reach the client list."""
    cookie, _ = signed_in(base + "/console/login", f"{owner}@bench.example")
    request = urllib.request.Request(base + "/console/", headers={"Cookie": cookie})
    assert "Client-00001" in urllib.request.urlopen(request).read().decode(), "signing in did not reach the client list"
    return cookie


def run_wrk(base, script, path, cookie, duration, connections):
    command = ["wrk", "-t", "1", "-c", str(connections), "-d", f"{duration:g}s", "--timeout", "5s",
               "-s", str(script), base, "--", path, *([cookie] if cookie else [])]
    out = subprocess.run(command, capture_output=True, text=True, timeout=duration + 30)
    for line in out.stdout.splitlines():
        if line.startswith("WRKJSON "):
            return json.loads(line[len("WRKJSON "):])
    raise RuntimeError(f"wrk failed ({out.returncode}): {out.stdout}\n{out.stderr}")


def measured_rounds(instance, args, cases_for):
    """Serve `instance` with gunicorn on loopback and drive it with wrk: each case once to warm up,
    then `args.rounds` rounds of every case in turn (the order rotated each round). `cases_for(base)`
    gives {name: (path, cookie or None)} once the server answers. Returns one result per run:
    requests per second, errors, the server's CPU µs per request and the cores others kept busy."""
    env = {**os.environ, "INSTANCE_PATH": str(instance)}
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    log_path = instance / "gunicorn.log"
    server = start_gunicorn(env, port, args.workers, args.threads, log_path)
    try:
        wait_until_up(base, server, log_path)
        time.sleep(0.5)
        server_pids = worker_pids(server.pid) + [server.pid]
        cases = cases_for(base)
        script = instance / "bench.lua"
        script.write_text(WRK_SCRIPT)

        def measure(name):
            path, cookie = cases[name]
            server_before = cpu_seconds(server_pids)
            machine_before, _ = machine_cpu_seconds()
            result = run_wrk(base, script, path, cookie, args.duration, args.connections)
            server_cpu = cpu_seconds(server_pids) - server_before
            machine = machine_cpu_seconds()[0] - machine_before
            seconds = result["duration_us"] / 1e6
            return {"name": name, "rps": result["requests"] / seconds, "errors": result["errors"],
                    "us": server_cpu / max(result["requests"], 1) * 1e6,
                    "others": max(0.0, machine - server_cpu) / seconds}

        names = list(cases)
        for name in names:  # warm-up
            run_wrk(base, script, *cases[name], 1, args.connections)
        results = []
        for round_no in range(args.rounds):
            turn = round_no % len(names)
            for name in names[turn:] + names[:turn]:
                results.append(measure(name))
            print(f"  round {round_no + 1}: " + "  ".join(
                f"{r['name']} {r['rps']:.0f}/s" for r in results[-len(names):]), flush=True)
        return results
    finally:
        stop(server)


@contextmanager
def throwaway_instance(name):
    """A fresh instance folder (SQLite, no Redis) for a served-page benchmark, removed at the end
    whatever happens; stops first if wrk is missing."""
    if not shutil.which("wrk"):
        sys.exit("wrk is not installed (apt-get install -y wrk)")
    instance = Path(tempfile.mkdtemp(prefix=f"mentorup-{name}-bench-"))
    for variable in ("DATABASE_URL", "REDIS_URL"):
        os.environ.pop(variable, None)
    try:
        print(f"instance folder: {instance}; load average {os.getloadavg()[0]:.2f} on {os.cpu_count()} cores")
        yield instance
    finally:
        shutil.rmtree(instance, ignore_errors=True)


def multiples(results, names):
    """Each case's cost as a multiple of the bare route's, printed as a table and returned as
    (by throughput: the median of each round's own ratio, by the server's CPU per request)."""
    by_round = [{r["name"]: r for r in results[i:i + len(names)]} for i in range(0, len(results), len(names))]
    times = {name: statistics.median(rnd["bare"]["rps"] / rnd[name]["rps"] if rnd[name]["rps"] else float("inf")
                                     for rnd in by_round) for name in names}
    cpu = {name: statistics.median(r["us"] for r in results if r["name"] == name) for name in names}
    print(f"\n{'page':<14}{'median req/s':>14}{'x bare (req/s)':>16}{'srv µs/req':>12}{'x bare (CPU)':>14}")
    for name in names:
        rps = statistics.median(r["rps"] for r in results if r["name"] == name)
        print(f"{name:<14}{rps:>14.0f}{times[name]:>16.2f}{cpu[name]:>12.0f}{cpu[name] / cpu['bare']:>14.2f}")
    others = statistics.median(r["others"] for r in results)
    print(f"(the server's CPU per request is the steadier figure; others kept {others:.2f} cores busy meanwhile)")
    return times, cpu


def main():
    args = parse_args()
    with throwaway_instance("console") as instance:
        build(instance)

        def cases(base):
            cookies = {owner: session_cookie(base, owner) for owner in SIZES}
            return {name: (path, cookies.get(owner)) for name, (owner, path) in SCENARIOS.items()}

        results = measured_rounds(instance, args, cases)
        names = list(SCENARIOS)
        times, cpu = multiples(results, names)
        errors = sum(r["errors"] for r in results)
        growth = times["list 10k"] / times["list 150"]
        worst = max(times[name] for name in names if name.endswith("10k")) / times["list 150"]
        print(f"\nlist at 10,000 clients / at 150 : {growth:.2f} (CPU {cpu['list 10k'] / cpu['list 150']:.2f})"
              f"  (target <= 1.5) {'ok' if growth <= 1.5 else 'ABOVE TARGET'}")
        print(f"worst 10,000-client page / list at 150 : {worst:.2f}")
        if errors:
            print(f"WARNING: {errors} failed requests; these numbers are not valid")
        print(json.dumps({"list_150_x": round(times["list 150"], 2), "list_10000_x": round(times["list 10k"], 2),
                          "growth": round(growth, 2), "worst_growth": round(worst, 2)}))
        return 1 if errors else 0


if __name__ == "__main__":
    sys.exit(main())
