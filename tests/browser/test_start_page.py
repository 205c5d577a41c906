"""The start page in a real browser, at desktop and phone width: a participant finds their
organisation; the Content-Security-Policy lets the app's own scripts and styles work and a
violation would show up among the page's problems."""
import pytest
from playwright.sync_api import expect

from saas.control import Tenant
from saas.organisations import remember_domain
from tests.factories import make_tenant


@pytest.fixture
def harbourline(app):
    make_tenant(app, "harbourline", [("jonas@harbourline.example", "Jonas Becker", "admin")])
    with app.app_context():
        tenant = Tenant.get(Tenant.slug == "harbourline")
        tenant.name = "Harbourline Logistics"
        tenant.save()
        remember_domain(tenant, "jonas@harbourline.example")


@pytest.mark.parametrize("page", ["desktop", "phone"], indirect=True)
def test_a_participant_finds_their_organisation_by_email(page, live_server, harbourline, screenshot):
    page.goto("/")
    expect(page.get_by_role("heading", level=1, name="Reverse mentoring, run well")).to_be_visible()
    for door in ("Taking part in a programme?", "Running programmes for clients?", "Checking a certificate?"):
        expect(page.get_by_role("heading", level=2, name=door)).to_be_visible()
    widths = page.evaluate("[document.documentElement.scrollWidth, window.innerWidth]")
    assert widths[0] <= widths[1]
    screenshot("start-page")
    page.get_by_label("Your organisation's name, or your work email").fill("maya@harbourline.example")
    page.get_by_role("button", name="Find my organisation").click()
    sign_in = page.get_by_role("link", name="Sign in to Harbourline Logistics")
    expect(sign_in).to_be_visible()
    screenshot("start-page-found")
    page.get_by_label("Your organisation's name, or your work email").fill("Harbour")
    page.get_by_role("button", name="Find my organisation").click()
    expect(page.get_by_text("We could not find an organisation")).to_be_visible()
    sign_in_link = page.get_by_role("link", name="Sign in to the console")
    expect(sign_in_link).to_have_attribute("href", "/console/login")
    assert page.problems == []


def test_a_csp_violation_is_reported_as_a_problem(page, live_server):
    page.goto("/")
    assert page.problems == []
    with page.expect_console_message(lambda message: message.text.startswith("CSP violation")):
        page.evaluate("""document.body.insertAdjacentHTML("beforeend", '<p style="color: red">inline</p>')""")
    assert any("style-src" in problem for problem in page.problems), page.problems


def test_htmx_indicators_work_without_an_inline_style(page, live_server):
    page.goto("/console/login")
    assert page.evaluate("document.querySelectorAll('head style').length") == 0
    opacity = page.evaluate("""(() => { const probe = document.createElement("span");
        probe.className = "htmx-indicator"; document.body.append(probe);
        return getComputedStyle(probe).opacity; })()""")
    assert opacity == "0"
    assert page.problems == []
