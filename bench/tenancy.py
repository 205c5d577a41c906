"""Benchmark: what does tenancy cost per request, and does it stay flat with many tenants?

    .venv/bin/python bench/tenancy.py      (or `make bench`)

1. Builds the app on a throwaway instance folder (SQLite: control.sqlite3 plus one file per
   tenant) and provisions --tenants tenants (default 10,000) through
   saas.provisioning.create_tenant, timing it; then times `flask --app wsgi tenant migrate`
   over all of them (every one already at the latest migration).
2. Serves that instance with gunicorn (gthread) on 127.0.0.1, on a free port.
3. Drives it with wrk (falls back to a Python keep-alive client if wrk is missing) on
   loopback, four scenarios, interleaved over several rounds, median taken:
       bare      GET /healthz                         (plain Flask route)
       tenant    GET /t/bench-00001/healthz           (one tenant, tenant-scoped page)
       random    GET /t/bench-NNNNN/healthz, NNNNN random over the first 1,000 tenants
       all       GET /t/bench-NNNNN/healthz, NNNNN random over all the tenants
4. Prints a table, then as its LAST line one JSON object:
       {"tenant_page_ratio": tenant/bare, "many_tenants_ratio": random/tenant,
        "ten_thousand_ratio": all/tenant, "provision_ms": ms per tenant provisioned}
   Targets: tenant_page_ratio >= 0.8, many_tenants_ratio >= 0.9, ten_thousand_ratio >= 0.5,
   provision_ms <= 5 (not enforced here: the exit status is 0 unless the run itself was
   invalid, e.g. non-2xx responses).
5. Stops gunicorn and removes the instance folder, whatever happens.

It is a benchmark, not a test: it is not collected by pytest and takes about 4 minutes
on 2 cores with the defaults: provisioning ~40 s, migrating ~10 s, then 4 warm-ups x 3 s
and 11 rounds x 4 scenarios x 3 s of load.

Throughput on a shared 2-core machine is noisy, so the table also shows the server's CPU
time per request (user+system of the gunicorn processes / requests served), which is
much less sensitive to other load; the "CPU cost" ratios below the table use it, and
The headline ratios (and the JSON line) are the median of each round's own ratio, whose
measurements are seconds apart; the ratio of the overall medians is printed too.

--app/--pythonpath serve another WSGI app on the same instance, to time a candidate change
before making it (e.g. a module outside the repo that patches the app).
"""
import argparse
import http.client
import json
import multiprocessing
import os
import random
import resource
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SCENARIOS = ("bare", "tenant", "random", "all")
SLUG = "bench-{:05d}"
SOME = 1000  # the "random" scenario's tenants; "all" takes every tenant

WRK_SCRIPT = r"""
-- Every scenario goes through the same request() path so that they cost wrk the same:
-- args are either "fixed <path>" or "random <count> <format>".
local reqs = {}
local n = 0

function init(args)
  math.randomseed(os.time() + math.floor(os.clock() * 1000000))
  if args[1] == "fixed" then
    reqs[1] = wrk.format("GET", args[2])
    n = 1
  else
    n = tonumber(args[2])
    for i = 1, n do
      reqs[i] = wrk.format("GET", string.format(args[3], i))
    end
  end
end

function request()
  return reqs[math.random(n)]
end

function done(summary, latency, requests)
  local e = summary.errors
  io.write(string.format(
    'WRKJSON {"requests": %d, "duration_us": %d, "connect": %d, "read": %d, "write": %d, ' ..
    '"status": %d, "timeout": %d, "p50_us": %d, "p99_us": %d}\n',
    summary.requests, summary.duration, e.connect, e.read, e.write, e.status, e.timeout,
    latency:percentile(50), latency:percentile(99)))
end
"""


def parse_args():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--tenants", type=int, default=10_000)
    parser.add_argument("--rounds", type=int, default=11)
    parser.add_argument("--duration", type=float, default=3.0, help="seconds per measurement")
    parser.add_argument("--warmup", type=float, default=3.0, help="seconds per scenario, once")
    parser.add_argument("--connections", type=int, default=16)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--threads", type=int, default=4)
    parser.add_argument("--client", choices=("auto", "wrk", "python"), default="auto")
    parser.add_argument("--app", default="wsgi:app",
                        help="WSGI app for gunicorn, e.g. to time a candidate change")
    parser.add_argument("--pythonpath", default="", help="passed to gunicorn --pythonpath")
    args = parser.parse_args()
    if not 1 <= args.tenants <= 99_999 or args.rounds < 1 or not 0 < args.duration <= 60:
        parser.error("need 1 <= --tenants <= 99999, --rounds >= 1, 0 < --duration <= 60")
    return args


# --- 1. provisioning --------------------------------------------------------------------------

def provision(instance, count):
    """Create `count` tenants in `instance`; returns the seconds taken and the CPU seconds
    used, in all and per tenth of the tenants."""
    sys.path.insert(0, str(ROOT))
    import saas
    from saas.provisioning import create_tenant

    app = saas.create_app({"INSTANCE_PATH": str(instance)})
    block = max(1, count // 10)
    blocks = []
    with app.app_context():
        create_tenant("bench-template", "The first tenant makes the template")  # not timed
        started = block_started = time.perf_counter()
        cpu_started = block_cpu = time.process_time()
        for i in range(1, count + 1):
            create_tenant(SLUG.format(i), f"Bench tenant {i}")
            if i % block == 0 or i == count:
                now, cpu = time.perf_counter(), time.process_time()
                blocks.append((now - block_started, cpu - block_cpu, i - (len(blocks) * block)))
                block_started, block_cpu = now, cpu
        total, total_cpu = time.perf_counter() - started, time.process_time() - cpu_started
    app.extensions["databases"].close()
    control = app.extensions["databases"].control
    if not control.is_closed():
        control.close()
    return total, total_cpu, blocks


def migrate_all(env):
    """Time `flask --app wsgi tenant migrate` over every tenant, as an operator runs it."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()
    out = subprocess.run([sys.executable, "-m", "flask", "--app", "wsgi", "tenant", "migrate"],
                         cwd=ROOT, env=env, capture_output=True, text=True, check=True)
    seconds = time.perf_counter() - started
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime
    lines = out.stdout.splitlines()
    return seconds, cpu, len(lines), sum(line.endswith(": up to date") for line in lines)


# --- 2. the server ----------------------------------------------------------------------------

def free_port():
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def start_gunicorn(env, port, workers, threads, log_path, app="wsgi:app", pythonpath=""):
    log = open(log_path, "wb")
    # --reuse-port: a listening socket per worker, so the kernel spreads wrk's connections over
    # the workers. With one shared socket, whichever worker wakes first accepts most of a
    # burst of connections, and keeps them (keep-alive): see bench/README.md.
    command = [sys.executable, "-m", "gunicorn", "-k", "gthread", "--threads", str(threads),
               "-w", str(workers), "-b", f"127.0.0.1:{port}", "--log-level", "warning", "--reuse-port",
               *(["--pythonpath", pythonpath] if pythonpath else []), app]
    process = subprocess.Popen(command, cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT,
                               start_new_session=True)
    log.close()
    return process


def get(base, path, timeout=2.0):
    try:
        with urllib.request.urlopen(base + path, timeout=timeout) as response:
            return response.status, response.read().decode()
    except urllib.error.HTTPError as error:
        return error.code, ""


def wait_until_up(base, process, log_path, limit=30.0):
    deadline = time.monotonic() + limit
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"gunicorn exited ({process.returncode}):\n{log_path.read_text()}")
        try:
            if get(base, "/healthz", timeout=1.0)[0] == 200:
                return
        except OSError:
            pass
        time.sleep(0.1)
    raise RuntimeError(f"gunicorn did not answer /healthz within {limit:.0f}s:\n{log_path.read_text()}")


def stop(process):
    if process is None or process.poll() is not None:
        return
    process.send_signal(signal.SIGTERM)
    try:
        process.wait(timeout=15)
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)  # its own session: only what we started
        process.wait(timeout=5)


def worker_pids(master):
    pids = []
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                stat = Path(f"/proc/{entry}/stat").read_text()
            except OSError:
                continue
            if int(stat.rsplit(")", 1)[1].split()[1]) == master:
                pids.append(int(entry))
    return pids


def machine_cpu_seconds():
    """(busy, stolen) CPU seconds of the whole machine so far, every core summed: what the
    benchmark's own processes did not use was used by others (or by the hypervisor)."""
    fields = [int(field) for field in Path("/proc/stat").read_text().split("\n", 1)[0].split()[1:9]]
    user, nice, system, _idle, _iowait, irq, softirq, steal = fields
    ticks = os.sysconf("SC_CLK_TCK")
    return (user + nice + system + irq + softirq) / ticks, steal / ticks


def cpu_seconds(pids):
    """User+system CPU seconds used so far by `pids`."""
    ticks = os.sysconf("SC_CLK_TCK")
    total = 0
    for pid in pids:
        try:
            fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        total += int(fields[11]) + int(fields[12])
    return total / ticks


# --- 3. load ----------------------------------------------------------------------------------

def scenario_args(name, tenants):
    if name == "bare":
        return ["fixed", "/healthz"]
    if name == "tenant":
        return ["fixed", f"/t/{SLUG.format(1)}/healthz"]
    return ["random", str(min(SOME, tenants) if name == "random" else tenants), "/t/bench-%05d/healthz"]


def run_wrk(base, script, args, duration, connections):
    command = ["wrk", "-t", "1", "-c", str(connections), "-d", f"{duration:g}s",
               "--timeout", "5s", "-s", str(script), base, "--", *args]
    out = subprocess.run(command, capture_output=True, text=True, timeout=duration + 30)
    for line in out.stdout.splitlines():
        if line.startswith("WRKJSON "):
            return json.loads(line[len("WRKJSON "):])
    raise RuntimeError(f"wrk failed ({out.returncode}): {out.stdout}\n{out.stderr}")


def _python_client(port, args, duration, queue):
    """One process, one keep-alive connection, for `duration` seconds."""
    if args[0] == "fixed":
        paths = [args[1]]
    else:
        paths = [args[2] % i for i in range(1, int(args[1]) + 1)]
    rng = random.Random(os.getpid())
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=5)
    done = errors = 0
    latencies = []
    deadline = time.monotonic() + duration
    while True:
        t0 = time.monotonic()
        if t0 >= deadline:
            break
        try:
            conn.request("GET", rng.choice(paths))
            response = conn.getresponse()
            response.read()
            if response.status >= 400:
                errors += 1
        except (OSError, http.client.HTTPException):
            errors += 1
            conn.close()
            conn = http.client.HTTPConnection("127.0.0.1", port, timeout=5)
            continue
        done += 1
        latencies.append(time.monotonic() - t0)
    conn.close()
    queue.put((done, errors, latencies))


def run_python(port, args, duration, connections):
    """Fallback load generator: processes with keep-alive http.client connections. Much
    slower than wrk; on 2 cores it competes with the server, so trust ratios less."""
    queue = multiprocessing.Queue()
    procs = [multiprocessing.Process(target=_python_client, args=(port, args, duration, queue))
             for _ in range(connections)]
    started = time.monotonic()
    for proc in procs:
        proc.start()
    results = [queue.get(timeout=duration + 30) for _ in procs]
    elapsed = time.monotonic() - started
    for proc in procs:
        proc.join(timeout=10)
    latencies = sorted(l for _, _, ls in results for l in ls) or [0.0]
    return {"requests": sum(r[0] for r in results), "duration_us": int(elapsed * 1e6),
            "connect": 0, "read": 0, "write": 0, "status": sum(r[1] for r in results),
            "timeout": 0, "p50_us": int(latencies[len(latencies) // 2] * 1e6),
            "p99_us": int(latencies[int(len(latencies) * 0.99)] * 1e6)}


def measure(load, server_pids, name, args, duration, connections):
    client_before = resource.getrusage(resource.RUSAGE_CHILDREN)
    server_before = cpu_seconds(server_pids)
    machine_before, stolen_before = machine_cpu_seconds()
    result = load(args, duration, connections)
    machine_after, stolen_after = machine_cpu_seconds()
    server_cpu = cpu_seconds(server_pids) - server_before
    client_after = resource.getrusage(resource.RUSAGE_CHILDREN)
    client_cpu = (client_after.ru_utime - client_before.ru_utime
                  + client_after.ru_stime - client_before.ru_stime)
    seconds = result["duration_us"] / 1e6
    result.update(name=name, rps=result["requests"] / seconds,
                  server_cores=server_cpu / seconds, client_cores=client_cpu / seconds,
                  other_cores=max(0.0, machine_after - machine_before - server_cpu - client_cpu) / seconds,
                  stolen_cores=(stolen_after - stolen_before) / seconds,
                  server_us_per_req=server_cpu / max(result["requests"], 1) * 1e6,
                  errors=sum(result[k] for k in ("connect", "read", "write", "status", "timeout")))
    return result


# --- 4. report --------------------------------------------------------------------------------

def report(results, rounds, tenants):
    by_name = {name: [r for r in results if r["name"] == name] for name in SCENARIOS}
    median = {name: statistics.median(r["rps"] for r in runs) for name, runs in by_name.items()}
    labels = {"bare": "GET /healthz", "tenant": f"GET /t/{SLUG.format(1)}/healthz",
              "random": f"GET /t/<random of {min(SOME, tenants)}>/healthz",
              "all": f"GET /t/<random of {tenants}>/healthz"}
    rounds_header = "".join(f"{f'round {i + 1}':>10}" for i in range(rounds))
    print(f"\n{'scenario':<33}{rounds_header}{'median':>10}{'p50 ms':>8}{'p99 ms':>8}"
          f"{'srv µs/req':>11}{'srv cores':>10}{'client cores':>13}{'others':>8}{'stolen':>8}{'errors':>8}")
    for name in SCENARIOS:
        runs = by_name[name]
        cells = "".join(f"{r['rps']:>10.0f}" for r in runs)
        print(f"{labels[name]:<33}{cells}{median[name]:>10.0f}"
              f"{statistics.median(r['p50_us'] for r in runs) / 1000:>8.2f}"
              f"{statistics.median(r['p99_us'] for r in runs) / 1000:>8.2f}"
              f"{statistics.median(r['server_us_per_req'] for r in runs):>11.0f}"
              f"{statistics.median(r['server_cores'] for r in runs):>10.2f}"
              f"{statistics.median(r['client_cores'] for r in runs):>13.2f}"
              f"{statistics.median(r['other_cores'] for r in runs):>8.2f}"
              f"{statistics.median(r['stolen_cores'] for r in runs):>8.2f}"
              f"{sum(r['errors'] for r in runs):>8}")
    print("(others: cores busy with processes outside this benchmark during the runs; stolen: by the hypervisor)")
    return median


def main():
    args = parse_args()
    use_wrk = args.client == "wrk" or (args.client == "auto" and shutil.which("wrk"))
    if args.client == "wrk" and not shutil.which("wrk"):
        sys.exit("wrk is not installed (apt-get install -y wrk), or use --client python")

    instance = Path(tempfile.mkdtemp(prefix="mentorup-bench-"))
    for name in ("DATABASE_URL", "REDIS_URL"):
        os.environ.pop(name, None)
    os.environ["INSTANCE_PATH"] = str(instance)
    env = dict(os.environ)
    server = None
    try:
        print(f"instance folder: {instance}; load average {os.getloadavg()[0]:.2f} on {os.cpu_count()} cores")
        print(f"provisioning {args.tenants} tenants ...", flush=True)
        total, total_cpu, blocks = provision(instance, args.tenants)
        provision_ms = total / args.tenants * 1000
        per_block = ", ".join(f"{seconds * 1000 / count:.1f}" for seconds, _, count in blocks)
        print(f"provisioned {args.tenants} tenants in {total:.1f} s: {provision_ms:.2f} ms each "
              f"({total_cpu / args.tenants * 1000:.2f} ms CPU); ms each per tenth: {per_block}")
        migrate_s, migrate_cpu, migrated, up_to_date = migrate_all(env)
        print(f"flask --app wsgi tenant migrate: {migrated} tenants ({up_to_date} up to date) in "
              f"{migrate_s:.1f} s ({migrate_cpu:.1f} s CPU), start-up included", flush=True)

        port = free_port()
        base = f"http://127.0.0.1:{port}"
        log_path = instance / "gunicorn.log"
        server = start_gunicorn(env, port, args.workers, args.threads, log_path,
                                args.app, args.pythonpath)
        wait_until_up(base, server, log_path)
        time.sleep(0.5)  # let every worker finish booting
        server_pids = worker_pids(server.pid) + [server.pid]
        print(f"gunicorn gthread -w {args.workers} --threads {args.threads} {args.app} on {base} "
              f"(master {server.pid}, workers {sorted(server_pids[:-1])})")

        # Correctness first: the pages we time must answer what we think they answer.
        checks = {"/healthz": (200, "ok\n"),
                  f"/t/{SLUG.format(1)}/healthz": (200, f"ok {SLUG.format(1)}\n"),
                  f"/t/{SLUG.format(args.tenants)}/healthz": (200, f"ok {SLUG.format(args.tenants)}\n"),
                  "/t/no-such-tenant/healthz": (404, None)}
        for path, (status, body) in checks.items():
            got = get(base, path)
            if got[0] != status or (body is not None and got[1] != body):
                raise RuntimeError(f"GET {path} answered {got!r}, expected {status} {body!r}")

        if use_wrk:
            script = instance / "bench.lua"
            script.write_text(WRK_SCRIPT)
            load = lambda a, d, c: run_wrk(base, script, a, d, c)  # noqa: E731
            print(f"load: wrk -t1 -c{args.connections}, {args.duration:g} s per run, "
                  f"{args.rounds} rounds, order rotated each round")
        else:
            load = lambda a, d, c: run_python(port, a, d, c)  # noqa: E731
            print(f"load: Python http.client x{args.connections} processes (wrk not found; "
                  "the client shares the CPU and may be the bottleneck)")

        for name in SCENARIOS:  # warm-up: imports, caches, tenant dbs
            load(scenario_args(name, args.tenants), args.warmup, args.connections)

        results = []
        for round_no in range(args.rounds):
            turn = round_no % len(SCENARIOS)
            for name in SCENARIOS[turn:] + SCENARIOS[:turn]:
                result = measure(load, server_pids, name, scenario_args(name, args.tenants),
                                 args.duration, args.connections)
                results.append(result)
                print(f"  round {round_no + 1} {name:<7} {result['rps']:8.0f} req/s  "
                      f"server {result['server_us_per_req']:5.0f} µs CPU/req  "
                      f"others {result['other_cores']:4.2f} cores  errors {result['errors']}", flush=True)
        results.sort(key=lambda r: SCENARIOS.index(r["name"]))  # stable: keeps round order

        report(results, args.rounds, args.tenants)
        cost = {name: statistics.median(r["server_us_per_req"] for r in results if r["name"] == name)
                for name in SCENARIOS}
        print(f"CPU cost ratio (bare µs / tenant µs) : {cost['bare'] / cost['tenant']:.3f}   "
              f"(tenant µs / random µs) : {cost['tenant'] / cost['random']:.3f}   "
              f"(tenant µs / all µs) : {cost['tenant'] / cost['all']:.3f}")
        rps = {name: [r["rps"] for r in results if r["name"] == name] for name in SCENARIOS}
        # Each round measures the cases seconds apart, so a round's own ratio cancels the
        # slow swings of a shared machine; the headline is the median of those ratios.
        tenant_ratio = statistics.median(t / b for t, b in zip(rps["tenant"], rps["bare"]))
        many_ratio = statistics.median(m / t for m, t in zip(rps["random"], rps["tenant"]))
        all_ratio = statistics.median(m / t for m, t in zip(rps["all"], rps["tenant"]))
        print(f"ratio of medians (tenant / bare) : {statistics.median(rps['tenant']) / statistics.median(rps['bare']):.3f}   "
              f"(random / tenant) : {statistics.median(rps['random']) / statistics.median(rps['tenant']):.3f}   "
              f"(all / tenant) : {statistics.median(rps['all']) / statistics.median(rps['tenant']):.3f}")
        errors = sum(r["errors"] for r in results)
        print(f"\ntenant page / bare route : {tenant_ratio:.3f}  (target >= 0.80) "
              f"{'ok' if tenant_ratio >= 0.8 else 'BELOW TARGET'}")
        print(f"random of {min(SOME, args.tenants)} / one tenant : {many_ratio:.3f}  (target >= 0.90) "
              f"{'ok' if many_ratio >= 0.9 else 'BELOW TARGET'}")
        print(f"random of {args.tenants} / one tenant : {all_ratio:.3f}  (target >= 0.50) "
              f"{'ok' if all_ratio >= 0.5 else 'BELOW TARGET'}")
        print(f"provisioning : {provision_ms:.2f} ms a tenant  (target <= 5) "
              f"{'ok' if provision_ms <= 5 else 'ABOVE TARGET'}")
        if errors:
            print(f"WARNING: {errors} failed requests; these numbers are not valid")
        if server.poll() is not None:
            raise RuntimeError(f"gunicorn died during the run:\n{log_path.read_text()}")
        stop(server)
        server = None
        print(json.dumps({"tenant_page_ratio": round(tenant_ratio, 4),
                          "many_tenants_ratio": round(many_ratio, 4),
                          "ten_thousand_ratio": round(all_ratio, 4),
                          "provision_ms": round(provision_ms, 2),
                          "migrate_s": round(migrate_s, 1)}))
        return 1 if errors else 0
    finally:
        stop(server)
        shutil.rmtree(instance, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
