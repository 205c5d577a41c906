"""The product, as the platform hosts it: its pages (blueprints, mounted under /t/<slug>/),
its jobs, and the headline numbers the consultancy console shows for each tenant.

Adding a capability means adding it here and nowhere in `saas` (a test fails for a
blueprint that is not listed).
"""
from dataclasses import dataclass
from typing import Callable

from tenants import home, jobs
from tenants.onboarding import views as onboarding
from tenants.pair_space import reminders  # noqa: F401  (declares the daily reminders job)
from tenants.pair_space import views as pair_space
from tenants.pairing import views as pairing
from tenants.pairing.models import active_pairings
from tenants.people import views as people
from tenants.people.models import participants
from tenants.people.seats import seats_in_use
from tenants.program import views as program


@dataclass(frozen=True)
class Product:
    blueprints: list
    jobs: dict  # name -> tenants.jobs.Job
    headline_numbers: Callable[[], dict]  # in a tenant's scope: {"participants", "active_pairs", "phases"}
    seats_in_use: Callable[[], int]  # in a tenant's scope: the seats billed for (participants invited or active)


def headline_numbers():
    """The numbers of the tenant in scope. Phases join when the phase tracker lands."""
    return {"participants": participants().count(), "active_pairs": active_pairings().count(), "phases": {}}


PRODUCT = Product(
    blueprints=[home.bp, people.bp, onboarding.bp, pairing.bp, program.bp, pair_space.bp],
    jobs=jobs.JOBS,
    headline_numbers=headline_numbers,
    seats_in_use=seats_in_use,
)
