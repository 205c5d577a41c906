"""Each tenant's headline numbers, copied into the control database by a job.

The console lists hundreds of tenants from these rows instead of opening every tenant's
database on each page view. They are refreshed after changes and every 15 minutes. What the
numbers are is the product's to say (tenants.product).
"""
import json

from saas.control import Tenant, TenantRollup, now
from saas.jobs import job, queue
from saas.tenancy import tenant_scope
from tenants.product import PRODUCT


@job()
def refresh_rollup(slug):
    with tenant_scope(slug):
        numbers = PRODUCT.headline_numbers()
    row = {TenantRollup.participants: numbers["participants"], TenantRollup.active_pairs: numbers["active_pairs"],
           TenantRollup.phases: json.dumps(numbers["phases"]), TenantRollup.at_risk: numbers["at_risk"],
           TenantRollup.outcomes: json.dumps(numbers["outcomes"]), TenantRollup.refreshed: now()}
    tenant = Tenant.get(Tenant.slug == slug)
    (TenantRollup.insert({TenantRollup.tenant: tenant, **row})
     .on_conflict(conflict_target=[TenantRollup.tenant], update=row).execute())
    return numbers


@job(every="*/15 * * * *")
def refresh_all_rollups():
    # Read them all first: on SQLite, a write while this read is open could not get its lock.
    for slug in [tenant.slug for tenant in Tenant.select(Tenant.slug).where(Tenant.status == "active")]:
        queue(refresh_rollup, slug)
