"""The portfolio report in the console: every client of the consultancy being worked in, or one
client's page; from the roll-ups only (saas.portfolio)."""
from flask import Response

from saas.console.access import bp, membership, my_tenant, my_tenants, staff_only
from saas.control import Tenant
from saas.portfolio import file_name, portfolio_pdf


def pdf_response(pdf, name):
    return Response(pdf, mimetype="application/pdf",
                    headers={"Content-Disposition": f'attachment; filename="{name}"', "Cache-Control": "no-store"})


@bp.route("/portfolio.pdf")
@staff_only
def portfolio():
    return pdf_response(portfolio_pdf(membership().consultancy, my_tenants()), file_name())


@bp.route("/tenants/<slug:slug>/portfolio.pdf")
@staff_only
def client_portfolio(slug):
    tenant = my_tenant(slug)  # 404 for another consultancy's client
    name = file_name().replace("portfolio-report-", f"portfolio-report-{tenant.slug}-")
    return pdf_response(portfolio_pdf(membership().consultancy, my_tenants().where(Tenant.id == tenant.id)), name)
