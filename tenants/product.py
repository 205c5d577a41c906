"""The product, as the platform hosts it: its pages (blueprints, mounted under /t/<slug>/),
its jobs, and the headline numbers the consultancy console shows for each tenant.

Adding a capability means adding it here and nowhere in `saas` (a test fails for a
blueprint that is not listed).
"""
from dataclasses import dataclass
from typing import Callable

from tenants import home, jobs
from tenants.certificates import views as certificates  # (declares the certificate jobs too)
from tenants.onboarding import views as onboarding
from tenants.pair_space import reminders  # noqa: F401  (declares the daily reminders job)
from tenants.pair_space import views as pair_space
from tenants.pairing import views as pairing
from tenants.pairing.models import active_pairings
from tenants.people import views as people
from tenants.people.models import participants
from tenants.people.seats import seats_in_use
from tenants.privacy import views as privacy
from tenants.program import views as program
from tenants.reports import views as reports
from tenants.reports.figures import outcomes_in_aggregate
from tenants.tracker import alerts, readings  # noqa: F401  (declare the nightly recompute and the daily digest)
from tenants.tracker import views as tracker
from tenants.tracker.dashboard import headline


@dataclass(frozen=True)
class Product:
    blueprints: list
    jobs: dict  # name -> tenants.jobs.Job
    # in a tenant's scope: {"participants", "active_pairs", "phases", "at_risk", "outcomes"}
    headline_numbers: Callable[[], dict]
    seats_in_use: Callable[[], int]  # in a tenant's scope: the seats billed for (participants invited or active)


def headline_numbers():
    """The numbers of the tenant in scope: active pairings per phase, how many are at risk (a red flag),
    and the outcomes in aggregate (tenants.reports.figures.outcomes_in_aggregate)."""
    phases, at_risk = headline()
    return {"participants": participants().count(), "active_pairs": active_pairings().count(), "phases": phases,
            "at_risk": at_risk, "outcomes": outcomes_in_aggregate()}


PRODUCT = Product(
    blueprints=[home.bp, people.bp, onboarding.bp, pairing.bp, program.bp, pair_space.bp, tracker.bp,
                certificates.bp, privacy.bp, reports.bp],
    jobs=jobs.JOBS,
    headline_numbers=headline_numbers,
    seats_in_use=seats_in_use,
)
