"""The portfolio report: one page per client of the consultancy and the totals, from the
roll-ups alone (no tenant database is opened), and only for that consultancy's staff."""
import datetime
import io

from pypdf import PdfReader

from saas.databases import schema_name
from saas.rollups import refresh_rollup
from tests.factories import sign_in
from tests.pair_space.conftest import in_tenant
from tests.reports.programme import fill


def counted(app, slug, pairs):
    """Give `slug` a programme of `pairs` pairings and copy its numbers to the console."""
    with in_tenant(app, slug):
        names = fill(pairs)
    with app.app_context():
        refresh_rollup(slug)
    return names


def text_of(pdf):
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages)


def test_the_roll_up_carries_the_outcomes_in_aggregate(app, firms):
    from saas.control import Tenant, TenantRollup

    counted(app, "acme-client", 10)
    with app.app_context():
        outcomes = TenantRollup.get(TenantRollup.tenant == Tenant.get(Tenant.slug == "acme-client")).outcome_totals()
    assert set(outcomes) == {"goals", "pulse_mean", "surveys", "recommend_mean", "stay_mean"}
    assert outcomes["surveys"] == 4  # pairings 5 and 10 ended, each partner looked back
    assert [total for _, total in outcomes["goals"].values()] == [10, 10]  # one goal each, both sides
    assert 1 <= outcomes["pulse_mean"] <= 5 and 0 <= outcomes["recommend_mean"] <= 10


def test_the_portfolio_has_a_page_per_client_and_the_totals_and_no_names(app, owner, firms):
    names = counted(app, "acme-client", 10)
    response = owner.get("/console/portfolio.pdf")
    assert response.status_code == 200
    today = datetime.date.today().isoformat()
    assert response.headers["Content-Disposition"] == f'attachment; filename="portfolio-report-{today}.pdf"'
    reader = PdfReader(io.BytesIO(response.data))
    assert len(reader.pages) == 3  # the cover, the totals, the one client
    text = text_of(response.data)
    assert "Acme-Client" in text and "Zen-Client" not in text  # the other consultancy's client
    assert "Active pairings" in text and "Would recommend" in text
    for name in names:
        assert name not in text
    meta = reader.metadata
    assert meta.title == "Portfolio report: Acme Advisory" and meta.author == "Acme Advisory"
    assert meta.creation_date.date() == datetime.date.today() and "1 client organisation" in meta.subject


def test_it_is_built_without_opening_a_tenant_database(app, owner, firms):
    counted(app, "acme-client", 4)
    databases = app.extensions["databases"]
    if databases.postgres:
        with app.app_context():
            databases.control.execute_sql(f'ALTER SCHEMA "{schema_name("acme-client")}" RENAME TO hidden_acme')
    else:
        databases.close()
        databases.tenant_file("acme-client").rename(databases.tenant_file("acme-client").with_suffix(".hidden"))
    response = owner.get("/console/tenants/acme-client/portfolio.pdf")
    assert response.status_code == 200 and "Acme-Client" in text_of(response.data)
    assert "portfolio-report-acme-client-" in response.headers["Content-Disposition"]


def test_a_consultant_of_another_consultancy_cannot_get_a_clients_page(app, client, firms):
    counted(app, "acme-client", 2)
    assert sign_in(client, "/console/login", "owner@zen.example").status_code == 302
    assert client.get("/console/tenants/acme-client/portfolio.pdf").status_code == 404
    assert "Acme-Client" not in text_of(client.get("/console/portfolio.pdf").data)
    assert client.get("/console/tenants/zen-client/portfolio.pdf").status_code == 200


def test_strangers_and_tenant_users_are_asked_to_sign_in(app, firms):
    stranger = app.test_client()
    assert stranger.get("/console/portfolio.pdf").status_code == 302
    admin = app.test_client()
    assert sign_in(admin, "/t/acme-client/login", "hr@acme-client.example").status_code == 302
    assert admin.get("/console/portfolio.pdf").status_code == 302
    assert admin.get("/console/tenants/acme-client/portfolio.pdf").status_code == 302


def test_a_consultant_of_the_consultancy_gets_it_too(app, consultant, firms):
    assert consultant.get("/console/tenants/acme-client/portfolio.pdf").status_code == 200
    assert "Not counted yet" in text_of(consultant.get("/console/portfolio.pdf").data)
