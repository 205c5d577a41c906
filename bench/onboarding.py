"""Benchmark: how fast does a bulk participant import run end to end, and how much memory does it take?

    .venv/bin/python bench/onboarding.py [--rows 5000] [--repeats 3] [--seed 7]

1. Builds the app on a throwaway instance folder (SQLite, no DATABASE_URL or REDIS_URL).
2. Generates, in memory, a CSV of --rows people as Excel would save it (UTF-8 with a BOM,
   CRLF): names from many languages, departments, job titles, a cohort for most, and managers
   who are in the same file, already in the tenant, or outside MentorUp; a few cells quoted
   (commas, line breaks inside).
3. --repeats times, on a fresh tenant each (created with saas.provisioning.create_tenant, then
   given three cohorts and 40 department heads): times read_csv, check_rows and commit_rows
   inside the tenant scope, and checks that everyone was added.
4. Once more, on another fresh tenant, with tracemalloc on (it slows Python down, so it is
   not timed): the peak of Python allocations during the import. ru_maxrss is the process's.
5. Prints a table, then as its LAST line one JSON object:
       {"import_rows_per_s": median rows/s end to end, "import_peak_mb": tracemalloc peak}
   Target: >= 2,000 rows/s. Not enforced; the exit status is 1 only if an import went wrong.

A benchmark, not a test: not collected by pytest. Five to fifteen seconds on 2 cores.
"""
import argparse
import csv
import io
import json
import os
import random
import resource
import shutil
import statistics
import sys
import tempfile
import time
import tracemalloc
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

FIRST_NAMES = ("Aisha", "Kenji", "Zoë", "Mateo", "Priya", "Oluwaseun", "Ingrid", "Wei", "Fatima", "Liam",
               "Nguyễn Thị", "Sofía", "Dmitri", "Amara", "Hiroshi", "Chloé", "Rahul", "Siobhán", "Kwame", "Yuki",
               "Björn", "Ana", "Tariq", "Mei", "Olga", "José", "Leilani", "Noah", "Ayşe", "Thandiwe")
LAST_NAMES = ("Bello", "Watanabe", "Ñúñez", "García", "Sharma", "Adeyemi", "Larsen", "Zhang", "Haddad", "O'Brien",
              "Minh", "Rossi", "Ivanov", "Okafor", "Tanaka", "Lefèvre", "Patel", "Ní Bhriain", "Mensah", "Kim",
              "Ström", "Silva", "Khan", "Chen", "Kowalska", "Martínez", "Kahale", "Smith", "Yılmaz", "Dlamini")
DEPARTMENTS = ("Sales", "Marketing", "Finance", "HR", "IT", "Operations", "Legal", "Research",
               "Customer Service", "Procurement", "Communications", "Strategy, Planning & Risk")
JUNIOR_TITLES = ("Graduate Analyst", "Marketing Assistant", "Junior Developer", "Apprentice", "Associate",
                 "HR Coordinator", "Data Analyst", "Sales Executive")
SENIOR_TITLES = ("Finance Director", "Head of Sales", "VP Operations", "Chief Risk Officer", "Senior Manager",
                 "General Counsel", "Director of Research", "Head of People")
COHORTS = ("Spring 2025", "Autumn 2025", "Leadership Pilot")
HEADS = 40  # department heads already on MentorUp, managers of many in the file


def email_of(first, last, n, domain="acme.example"):
    local = f"{first}.{last}".lower().replace(" ", "").replace("'", "")
    return f"{local.encode('ascii', 'ignore').decode() or 'person'}.{n}@{domain}"


def generate(rows, seed):
    """The CSV bytes of `rows` people, as Excel saves them (BOM, CRLF)."""
    rng = random.Random(seed)
    people, emails = [], []
    for n in range(rows):
        first, last = rng.choice(FIRST_NAMES), rng.choice(LAST_NAMES)
        email = email_of(first, last, n)
        role = "mentor" if n % 2 else "mentee"
        draw = rng.random()
        if emails and draw < 0.6:  # someone in the file: an earlier person, so there is no loop
            manager = rng.choice(emails)
        elif draw < 0.85:
            manager = f"head{rng.randrange(HEADS)}@acme.example"
        elif draw < 0.95:
            manager = email_of(rng.choice(FIRST_NAMES), rng.choice(LAST_NAMES), n, "outside.example")
        else:
            manager = ""
        department = rng.choice(DEPARTMENTS)
        if rng.random() < 0.01:
            department += "\n(second office)"  # Alt+Enter in a cell
        title = rng.choice(JUNIOR_TITLES if role == "mentor" else SENIOR_TITLES)
        people.append([f"{first} {last}", email if rng.random() > 0.1 else email.upper(),
                       role.title() if rng.random() < 0.3 else role, department, manager,
                       rng.choice(COHORTS + ("",)), title, f"E{100000 + n}"])
        emails.append(email)
    rng.shuffle(people)  # so that many managers come further down the file than their reports
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(["Name", "Email", "Role", "Department", "Manager Email", "Cohort", "Job Title", "Employee ID"])
    writer.writerows(people)
    return b"\xef\xbb\xbf" + out.getvalue().encode("utf-8")


def fresh_tenant(app, slug):
    """A tenant with cohorts and department heads, as one would be before its first import."""
    from saas.provisioning import create_tenant
    from saas.tenancy import tenant_scope
    from tenants.people.models import User
    from tenants.program.models import Cohort

    create_tenant(slug, f"Bench {slug}")
    with tenant_scope(slug):
        for name in COHORTS:
            Cohort.create(name=name)
        User.insert_many([{"email": f"head{n}@acme.example", "name": f"Head {n}", "role": "mentee",
                           "department": DEPARTMENTS[n % len(DEPARTMENTS)]} for n in range(HEADS)]).execute()
    return slug


def import_once(data):
    """read_csv, check_rows, commit_rows in the bound tenant: seconds of each, and the ids."""
    from tenants.people.importer import check_rows, commit_rows, read_csv

    started = time.perf_counter()
    sheet = read_csv(data)
    read = time.perf_counter()
    preview = check_rows(sheet)
    checked = time.perf_counter()
    if preview.errors:
        raise SystemExit(f"the generated file has problems: {preview.errors[:3]}")
    ids = commit_rows(preview.rows)
    committed = time.perf_counter()
    return (read - started, checked - read, committed - checked), ids


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=5000)
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args()

    instance = Path(tempfile.mkdtemp(prefix="mentorup-bench-onboarding-"))
    for name in ("DATABASE_URL", "REDIS_URL"):
        os.environ.pop(name, None)
    os.environ["INSTANCE_PATH"] = str(instance)
    sys.path.insert(0, str(ROOT))
    try:
        import saas
        from saas.tenancy import tenant_scope
        from tenants.people.models import User

        app = saas.create_app({"INSTANCE_PATH": str(instance)})
        data = generate(args.rows, args.seed)
        print(f"instance folder: {instance}")
        print(f"generated {args.rows:,} people: {len(data) / 1024:.0f} KiB of CSV")
        print()
        print(f"{'run':>4} {'read s':>8} {'check s':>8} {'commit s':>9} {'total s':>8} {'rows/s':>9}")
        totals = []
        with app.app_context():
            for run in range(1, args.repeats + 1):
                with tenant_scope(fresh_tenant(app, f"bench-{run}")):
                    (read, check, commit), ids = import_once(data)
                    added = User.select().where(User.invited.is_null(False)).count()
                    linked = User.select().where(User.manager.is_null(False)).count()
                if len(ids) != args.rows or added != args.rows:
                    raise SystemExit(f"run {run}: {len(ids)} ids, {added} added, expected {args.rows}")
                total = read + check + commit
                totals.append(total)
                print(f"{run:>4} {read:>8.3f} {check:>8.3f} {commit:>9.3f} {total:>8.3f} {args.rows / total:>9,.0f}")
            median = statistics.median(totals)
            print(f"{'med':>4} {'':>8} {'':>8} {'':>9} {median:>8.3f} {args.rows / median:>9,.0f}")
            print(f"\n{linked:,} of {args.rows:,} people linked to a manager on MentorUp (same file or already in)")

            with tenant_scope(fresh_tenant(app, "bench-memory")):
                tracemalloc.start()
                import_once(data)
                _, peak = tracemalloc.get_traced_memory()
                tracemalloc.stop()
        peak_mb = peak / 1024 / 1024
        rss_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        print(f"peak Python allocations during one import (tracemalloc): {peak_mb:.1f} MB")
        print(f"peak resident memory of this process (ru_maxrss):          {rss_mb:.1f} MB")
        rows_per_s = args.rows / median
        print(f"target: >= 2,000 rows/s end to end -> {'met' if rows_per_s >= 2000 else 'NOT met'}")
        app.extensions["databases"].close()
    finally:
        shutil.rmtree(instance, ignore_errors=True)
    print(json.dumps({"import_rows_per_s": round(rows_per_s, 1), "import_peak_mb": round(peak_mb, 2)}))


if __name__ == "__main__":
    main()
