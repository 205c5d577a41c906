"""Benchmark: what a signed certificate costs, next to WeasyPrint's floor.

    .venv/bin/python bench/pdfs.py [--count 200] [--rounds 5] [--profile]

In one run, taking turns in `--rounds` rounds (the machine is shared: a round measures both
cases seconds apart) it measures
  (a) WeasyPrint's floor: `--count` trivial one-page documents (a heading and a sentence),
      rendered one by one with weasyprint.HTML(string=...).write_pdf();
  (b) `--count` real certificates, each rendered (tenants.certificates.certificate_pdf) and
      signed (tenants.certificates.signing.sign_pdf) with a platform identity made in a
      throwaway folder: names in every script we promise (two in three Latin), three tenants
      with their own colour and SVG logo, three phases, verify addresses that differ;
  (c) the programme report of a tenant with 1,000 pairings and their history (tests.reports.programme:
      readings, journeys, flags, pulses, goals, closing surveys): its figures gathered and the PDF
      laid out, as the job does, in seconds and as a multiple of one certificate's time (rendered and
      signed, from (b)). Target: <= 40x.
Then, once, the product's own path in a throwaway instance (SQLite), with `--count` / 2
pairings that ended after six meetings with both closing surveys:
  (b') the daily job issuing all `--count` certificates: each pairing's history read by the
      phase engine, rendered, signed, the file kept, the code published to the platform, the
      row written and the email queued; per certificate, and as a ratio to the floor;
  the cohort zip of those certificates (reading kept files), and one download of a kept
  certificate through the web app (signed in), next to making one.

Prints a table (per document: wall-clock milliseconds, documents per second, and CPU
milliseconds of this process, the steadier figure on a shared machine; the certificate split
into rendering and signing), then as its LAST line one JSON object:
    {"cert_ratio_to_floor": ..., "report_1000_multiple": ..., "issue_ratio_to_floor": ...,
     "zip_seconds": ..., "download_ms": ..., ...}
where cert_ratio_to_floor = (certificates per second) / (floor documents per second), the
median of the rounds' own ratios. Target: >= 0.5. A benchmark, not a test: nothing is
asserted. About two minutes on 2 cores. --profile then prints where 30 certificates spend
their time (cProfile, cumulative).
"""
import argparse
import cProfile
import json
import pstats
import re
import statistics
import sys
import tempfile
import time
from datetime import date, datetime, timedelta
from datetime import time as clock_time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from weasyprint import HTML  # noqa: E402

from tenants.certificates import CertificateFacts, certificate_pdf  # noqa: E402
from tenants.certificates.signing import identity_in, sign_pdf  # noqa: E402

NAMES = (
    "Zoë Łukasiewicz-Ångström", "Oliver Bennett", "María José Fernández", "Jürgen Weiß",
    "Aoife Ní Bhriain", "Siddharth Raghunathan", "Chloé Lefèvre", "Tomasz Wójcik",
    "Анна Сергеевна Кузнецова", "Αικατερίνη Παπαδοπούλου", "فاطمة الزهراء بن علي",
    "נועה בן־דוד", "王小明", "山田 花子",
)
TENANTS = (
    ("Acme Industries Ltd", "#1f5f8b"), ("Nordlicht Versicherung AG", "#8b1f3a"),
    ("Kestrel & Finch LLP", "#2e6b3f"),
)
PROGRAMMES = ("Next Generation Leadership 2025", "Reverse Mentoring: Digital Fluency",
              "Exec Tech Exchange")


def logo(colour):
    return ("svg", (f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 60 60">'
                    f'<rect width="60" height="60" rx="12" fill="{colour}"/>'
                    f'<path d="M14 44 L30 14 L46 44 Z" fill="#ffffff"/></svg>').encode())


def certificates(count):
    """`count` certificates of three tenants, with names in every script."""
    latin = NAMES[:8]
    others = NAMES[8:]
    for i in range(count):
        organisation, colour = TENANTS[i % len(TENANTS)]
        name = latin[i % len(latin)] if i % 3 else others[i % len(others)]  # two in three Latin
        start = date(2025, 1, 6) + timedelta(days=i % 40)
        yield CertificateFacts(
            participant=name, role=("Reverse mentor", "Reverse mentee")[i % 2],
            partner=latin[(i + 3) % len(latin)], programme=PROGRAMMES[i % len(PROGRAMMES)],
            organisation=organisation, colour=colour, start=start, end=start + timedelta(days=270),
            journey=(("Role-taking", start), ("Role-making", start + timedelta(days=50)),
                     ("Routinization", start + timedelta(days=150))),
            meetings=8 + i % 9, code=f"K7QM-{i:04d}-9FHT",
            verify_url=f"https://mentorup.example/verify/K7QM{i:04d}9FHTW4PZ",
            issued=start + timedelta(days=280), logo=logo(colour))


def trivial(i):
    return f"<h1>Document {i}</h1><p>One page, one sentence, nothing else.</p>"


def clocks():
    """(wall, CPU) seconds: on a shared machine the CPU time of this process is the steadier."""
    return time.perf_counter(), time.process_time()


def since(began):
    return tuple(now - then for now, then in zip(clocks(), began))


def floor_seconds(start, count):
    """(wall, CPU) seconds for `count` trivial documents."""
    began = clocks()
    for i in range(start, start + count):
        HTML(string=trivial(i)).write_pdf()
    return since(began)


def certificate_seconds(facts, identity):
    """((wall, CPU) rendering, (wall, CPU) signing) seconds for `facts`, one after the other."""
    rendering = signing = (0.0, 0.0)
    for certificate in facts:
        began = clocks()
        pdf = certificate_pdf(certificate)
        rendered = clocks()
        sign_pdf(pdf, identity, contact=certificate.verify_url)
        rendering = tuple(a + b for a, b in zip(rendering, since(began)))
        signing = tuple(a + b for a, b in zip(signing, since(rendered)))
    return rendering, signing


def product_path(count, floor_per_s):
    """(b') and the zip and download: {figure: value}, in a throwaway instance."""
    from saas import create_app
    from saas.provisioning import create_tenant
    from saas.tenancy import tenant_scope
    from tenants.certificates import batches, issuing
    from tenants.certificates.models import Certificate, CertificateBatch
    from tenants.pair_space import events
    from tenants.pair_space.models import ClosingSurvey
    from tenants.pairing.board import end_pairing
    from tenants.pairing.models import Pairing
    from tenants.passwords import hash_password
    from tenants.people.models import User

    pairs = max(1, count // 2)
    with tempfile.TemporaryDirectory(prefix="mentorup-bench-issue-") as folder:
        app = create_app({"INSTANCE_PATH": folder, "SECRET_KEY": "bench", "JOBS_IMMEDIATE": False})
        with app.app_context():
            create_tenant("bench", "Acme Industries Ltd")
            password = hash_password("bench-password")
            with tenant_scope("bench"):
                User.create(email="hr@bench.example", name="Hana HR", role="admin", password_hash=password)
                for i in range(pairs):
                    mentor = User.create(email=f"m{i}@bench.example", name=NAMES[i % len(NAMES)], role="mentor")
                    mentee = User.create(email=f"e{i}@bench.example", name=NAMES[(i + 5) % len(NAMES)], role="mentee")
                    start = date.today() - timedelta(days=200)
                    pairing = Pairing.create(mentor=mentor, mentee=mentee,
                                             started=datetime.combine(start, clock_time(9)))
                    events.write(pairing, "started", on=start)
                    for n in range(6):
                        events.write(pairing, "meeting_held", by=("mentor", "mentee")[n % 2],
                                     on=start + timedelta(days=3 + 21 * n))
                    end_pairing(pairing, "Done", "bench")
                    for role in ("mentor", "mentee"):
                        ClosingSurvey.create(pairing=pairing, by=role, goals_met="yes", recommend=9)
                # Warm up (fonts found, the signing key made, the stylesheet parsed) on one pairing.
                issuing.check_pairing(Pairing.select().first().id)
                Certificate.delete().execute()
                began = clocks()
                issued = issuing.issue_earned()
                issue_wall, issue_cpu = since(began)
                batch = CertificateBatch.create(requested_by="bench", running="bench")
                began = clocks()
                batches.build_batch(batch.id)
                zip_wall, _ = since(began)
                first = Certificate.select().first().id
        client = app.test_client()
        page = client.get("/t/bench/login").get_data(as_text=True)
        token = re.search(r'value="([^"]+)"', re.search(r'<input[^>]*name="csrf_token"[^>]*>', page).group(0)).group(1)
        client.post("/t/bench/login", data={"email": "hr@bench.example", "password": "bench-password",
                                            "csrf_token": token})
        client.get(f"/t/bench/certificates/{first}/download")
        began = clocks()
        for _ in range(20):
            assert client.get(f"/t/bench/certificates/{first}/download").status_code == 200
        download_wall, _ = since(began)
        app.extensions["databases"].close()
    per_certificate = issue_wall / issued
    return {"issued": issued, "issue_ms": per_certificate * 1000, "issue_cpu_ms": issue_cpu / issued * 1000,
            "issue_per_s": 1 / per_certificate, "issue_ratio_to_floor": (1 / per_certificate) / floor_per_s,
            "zip_seconds": zip_wall, "download_ms": download_wall / 20 * 1000}


def programme_report_seconds(pairs):
    """(c) (wall, CPU) seconds for the programme report of a tenant with `pairs` pairings, in a
    throwaway instance (SQLite): the figures gathered and the PDF laid out, as the job does (the
    second of two: the first loads the fonts and parses the stylesheet)."""
    from saas import create_app
    from saas.provisioning import create_tenant
    from saas.tenancy import tenant_scope
    from tenants.models import now
    from tenants.reports.building import report_pdf
    from tenants.reports.figures import gather
    from tests.reports.programme import fill

    with tempfile.TemporaryDirectory(prefix="mentorup-bench-report-") as folder:
        app = create_app({"INSTANCE_PATH": folder, "SECRET_KEY": "bench", "JOBS_IMMEDIATE": False})
        with app.app_context():
            create_tenant("bench", "Acme Industries Ltd")
            with tenant_scope("bench"):
                fill(pairs)
                report_pdf(gather(), False, now())
                began = clocks()
                pdf = report_pdf(gather(), False, now())
                seconds = since(began)
        app.extensions["databases"].close()
    return seconds, len(pdf)


def profile(identity):
    facts = list(certificates(30))
    profiler = cProfile.Profile()
    profiler.enable()
    certificate_seconds(facts, identity)
    profiler.disable()
    pstats.Stats(profiler).sort_stats("cumulative").print_stats(30)


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--count", type=int, default=200)
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--profile", action="store_true")
    options = parser.parse_args()

    with tempfile.TemporaryDirectory(prefix="mentorup-bench-pdfs-") as folder:
        identity = identity_in(folder)
        facts = list(certificates(options.count))
        # Warm up: fonts found and loaded, stylesheet parsed, signer built.
        floor_seconds(0, 5)
        certificate_seconds(facts[:5], identity)

        per_round = -(-options.count // options.rounds)
        rounds = []  # per round, per document: (floor, rendering, signing), each (wall, CPU)
        for start in range(0, options.count, per_round):
            batch = facts[start:start + per_round]
            floor = floor_seconds(start, len(batch))
            rendering, signing = certificate_seconds(batch, identity)
            rounds.append(tuple(tuple(seconds / len(batch) for seconds in pair)
                                for pair in (floor, rendering, signing)))

        def mean(part, clock):
            return statistics.mean(r[part][clock] for r in rounds)

        def ratios(clock):
            return [r[0][clock] / (r[1][clock] + r[2][clock]) for r in rounds]

        print(f"{'per document':34}{'wall ms':>9}{'per s':>8}{'CPU ms':>9}")
        for label, parts in (("(a) trivial page (floor)", (0,)), ("(b) certificate, rendered+signed", (1, 2)),
                             ("      rendering", (1,)), ("      signing", (2,))):
            wall, cpu = (sum(mean(part, clock) for part in parts) for clock in (0, 1))
            print(f"{label:34}{wall * 1000:>9.1f}{1 / wall:>8.1f}{cpu * 1000:>9.1f}")
        wall_ratio, cpu_ratio = statistics.median(ratios(0)), statistics.median(ratios(1))
        print(f"(b)/(a) in documents per second, median of {len(rounds)} rounds: {wall_ratio:.3f} "
              f"(rounds: {', '.join(f'{r:.3f}' for r in ratios(0))}); in CPU time: {cpu_ratio:.3f}")
        print(f"floor / rendering alone: {mean(0, 1) / mean(1, 1):.3f}; floor / signing alone: "
              f"{mean(0, 1) / mean(2, 1):.3f} (CPU time)")
        (report_wall, report_cpu), report_bytes = programme_report_seconds(1000)
        certificate_wall, certificate_cpu = mean(1, 0) + mean(2, 0), mean(1, 1) + mean(2, 1)
        report_multiple, report_multiple_cpu = report_wall / certificate_wall, report_cpu / certificate_cpu
        print(f"(c) programme report, 1,000 pairings: {report_wall:.2f} s ({report_cpu:.2f} s CPU, "
              f"{report_bytes / 1e6:.1f} MB), {report_multiple:.1f}x one certificate "
              f"({report_multiple_cpu:.1f}x in CPU time)")
        product = product_path(options.count, 1 / mean(0, 0))
        print(f"(b') {product['issued']} certificates issued by the daily job (history read, rendered, signed, kept, "
              f"published, emailed): {product['issue_ms']:.1f} ms each ({product['issue_cpu_ms']:.1f} ms CPU), "
              f"{product['issue_per_s']:.1f}/s, {product['issue_ratio_to_floor']:.3f} of the floor")
        print(f"     their zip: {product['zip_seconds']:.2f} s; one download of a kept certificate: "
              f"{product['download_ms']:.1f} ms (making one: {(mean(1, 0) + mean(2, 0)) * 1000:.1f} ms)")
        if options.profile:
            profile(identity)
        print(json.dumps({
            "cert_ratio_to_floor": round(wall_ratio, 3),
            "report_1000_multiple": round(report_multiple, 1),
            "report_1000_multiple_cpu": round(report_multiple_cpu, 1),
            "report_1000_seconds": round(report_wall, 2),
            "cert_ratio_to_floor_cpu": round(cpu_ratio, 3),
            "floor_docs_per_s": round(1 / mean(0, 0), 1),
            "certs_per_s": round(1 / (mean(1, 0) + mean(2, 0)), 1),
            "cert_render_cpu_ms": round(mean(1, 1) * 1000, 1),
            "cert_sign_cpu_ms": round(mean(2, 1) * 1000, 1),
            "issue_ratio_to_floor": round(product["issue_ratio_to_floor"], 3),
            "issue_ms": round(product["issue_ms"], 1),
            "zip_seconds": round(product["zip_seconds"], 2),
            "download_ms": round(product["download_ms"], 1),
        }))


if __name__ == "__main__":
    main()
