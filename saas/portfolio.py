"""The portfolio report for a consultancy's staff: one page per client tenant (participants,
pairings, phase mix, pairings at risk, outcomes in aggregate) and the totals, as a PDF.

Built from the control database's roll-ups alone (saas.rollups): no tenant database is
opened, and no participant's name or answer is in it, because none ever left its tenant.
"""
import datetime
from dataclasses import dataclass

from peewee import JOIN

from saas.control import Tenant, TenantRollup, now
from tenants.pdfs import DocumentInfo, render_pdf
from tenants.phases import PHASES
from tenants.reports.figures import SIDES

COLOUR = "#1f5f8b"  # the console's own: the report is the consultancy's, not a client's


@dataclass(frozen=True)
class ClientPage:
    name: str
    slug: str
    status: str
    counted: bool  # False until the tenant's numbers were first copied
    participants: int
    active_pairs: int
    phases: dict
    at_risk: int
    outcomes: dict
    refreshed: datetime.datetime | None


def client_pages(tenants):
    """A ClientPage for each of `tenants` (a query of Tenant), by name, from its roll-up."""
    rows = (Tenant.select(Tenant, TenantRollup)
            .join(TenantRollup, JOIN.LEFT_OUTER, on=(TenantRollup.tenant == Tenant.id))
            .where(Tenant.id.in_(tenants.select(Tenant.id))).order_by(Tenant.name, Tenant.id))
    return [page_of(tenant, getattr(tenant, "tenantrollup", None)) for tenant in rows]


def page_of(tenant, rollup):
    if rollup is None or rollup.id is None:
        return ClientPage(tenant.name, tenant.slug, tenant.status, False, 0, 0, {p: 0 for p in PHASES}, 0, {}, None)
    return ClientPage(tenant.name, tenant.slug, tenant.status, True, rollup.participants, rollup.active_pairs,
                      {phase: rollup.phase_counts().get(phase, 0) for phase in PHASES}, rollup.at_risk,
                      rollup.outcome_totals(), rollup.refreshed)


def totals(pages):
    """The consultancy's totals: sums, and the outcomes' means weighted by what each mean counts."""
    counted = [page for page in pages if page.counted]
    goals = {side: [sum(page.outcomes.get("goals", {}).get(side, [0, 0])[i] for page in counted) for i in (0, 1)]
             for side in SIDES}
    surveys = sum(page.outcomes.get("surveys", 0) for page in counted)

    def weighted(key):
        parts = [(page.outcomes[key], page.outcomes.get("surveys", 0)) for page in counted
                 if page.outcomes.get(key) is not None and page.outcomes.get("surveys")]
        weight = sum(n for _, n in parts)
        return round(sum(value * n for value, n in parts) / weight, 1) if weight else None

    return {"clients": len(pages), "participants": sum(p.participants for p in counted),
            "active_pairs": sum(p.active_pairs for p in counted), "at_risk": sum(p.at_risk for p in counted),
            "phases": {phase: sum(p.phases[phase] for p in counted) for phase in PHASES},
            "goals": goals, "surveys": surveys, "recommend_mean": weighted("recommend_mean"),
            "stay_mean": weighted("stay_mean"), "uncounted": len(pages) - len(counted)}


def portfolio_pdf(consultancy, tenants, made=None):
    """The portfolio of `tenants` (a query of the consultancy's Tenant rows) as PDF bytes."""
    made = made or now()
    pages = client_pages(tenants)
    info = DocumentInfo(
        title=f"Portfolio report: {consultancy.name}", author=consultancy.name,
        subject=(f"Reverse-mentoring programmes of {len(pages)} client organisation"
                 f"{'' if len(pages) == 1 else 's'} of {consultancy.name}, {made.strftime('%-d %B %Y')}: "
                 f"participants, pairings, phases, risks and outcomes in aggregate."),
        created=made.replace(tzinfo=datetime.timezone.utc), keywords=("portfolio report", "reverse mentoring"))
    return render_pdf("pdf/portfolio_report.html", info, "report.css", consultancy=consultancy.name, pages=pages,
                      totals=totals(pages), made=made, colour=COLOUR, sides=SIDES)


def file_name(made=None):
    return f"portfolio-report-{(made or now()).date().isoformat()}.pdf"

