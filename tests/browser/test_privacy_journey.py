"""Personal data in a real browser: a participant downloads everything held about them, and the
programme manager corrects a name, then erases the person after typing their name."""
import json
import re

from playwright.sync_api import expect

from saas.tenancy import tenant_scope
from tenants.people.models import User
from tests.factories import PASSWORD, make_tenant


def sign_in(page, email):
    page.goto("/t/acme/login")
    page.get_by_label("Email", exact=True).fill(email)
    page.get_by_label("Password", exact=True).fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url(lambda url: "/login" not in url)


def test_a_participant_downloads_their_data_and_the_manager_corrects_then_erases_them(
        page, app, live_server, open_browser, screenshot):
    make_tenant(app, "acme", [("hr@acme.example", "Hana HR", "admin"), ("maya@acme.example", "Maya Chen", "mentor")])
    with app.app_context(), tenant_scope("acme"):
        maya_id = User.get(User.email == "maya@acme.example").id

    participant = open_browser()
    sign_in(participant, "maya@acme.example")
    participant.goto("/t/acme/profile")
    link = participant.get_by_role("link", name="Download everything we hold about you").get_attribute("href")
    response = participant.request.get(link)  # as the browser, with its cookies
    assert "attachment" in response.headers["content-disposition"]
    assert json.loads(response.text())["you"]["email"] == "maya@acme.example"

    sign_in(page, "hr@acme.example")
    page.goto(f"/t/acme/admin/people/{maya_id}")
    expect(page.get_by_role("heading", name="Personal data")).to_be_visible()
    screenshot("privacy-01-person-page")
    page.get_by_role("link", name="Correct their name or email").click()
    page.get_by_label("Name").fill("Maya Chen-Li")
    page.get_by_role("button", name="Save the correction").click()
    expect(page.get_by_text("Corrected the name of Maya Chen-Li.")).to_be_visible()

    page.get_by_role("link", name="Erase this person…").click()
    page.get_by_label(re.compile("Type their name")).fill("Maya")
    page.get_by_role("button", name="Erase for good").click()
    expect(page.get_by_role("alert")).to_contain_text("exactly as shown")
    screenshot("privacy-02-erase-refused")
    page.get_by_label(re.compile("Type their name")).fill("Maya Chen-Li")
    page.get_by_role("button", name="Erase for good").click()
    expect(page.get_by_text("The person's data is erased")).to_be_visible()
    screenshot("privacy-03-erased")

    participant.goto("/t/acme/profile")  # her session ended with the erasure
    expect(participant).to_have_url(re.compile("/t/acme/login"))
    assert page.problems == [] and participant.problems == []
