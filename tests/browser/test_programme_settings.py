"""The programme manager adds to the skills catalogue and the profile questions in a real browser:
each addition or refusal comes back in its own section, and the page stays where it was."""
from playwright.sync_api import expect

from tests.factories import PASSWORD, make_tenant


def test_adding_to_the_settings_keeps_the_page_where_it_was(page, app, live_server, screenshot):
    make_tenant(app, "acme", [("pat@acme.example", "Pat Programme", "admin")])
    page.goto("/t/acme/login")
    page.get_by_label("Email", exact=True).fill("pat@acme.example")
    page.get_by_label("Password", exact=True).fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Welcome, Pat Programme")
    page.goto("/t/acme/admin/program")

    skills = page.locator("#skills")
    skills.get_by_label("New skill").fill("ai TOOLS")
    skills.get_by_label("New skill").press("Enter")
    expect(skills.get_by_role("alert")).to_have_text("“ai TOOLS” is already in the catalogue.")
    scrolled = page.evaluate("window.scrollY")
    assert scrolled > 0  # the skills are below the fold, and the page did not jump to the top

    skills.get_by_label("New skill").fill("Prompt engineering")
    skills.get_by_role("button", name="Add").click()
    expect(skills.get_by_role("status")).to_have_text("“Prompt engineering” is added to the skills catalogue.")
    expect(skills.get_by_role("button", name="Retire Prompt engineering")).to_be_visible()
    # Still at the skills: the section's end (its form and what it says) is kept in view, a few lines lower.
    assert abs(page.evaluate("window.scrollY") - scrolled) < 200
    expect(skills.get_by_label("New skill")).to_be_in_viewport()
    expect(skills.get_by_role("status")).to_be_in_viewport()

    questions = page.locator("#questions")
    questions.get_by_label("Question").fill("Which office?")
    questions.get_by_label("Answer").select_option(label="Single choice")
    questions.get_by_label("Choices (for single or multiple choice), one per line").fill("London\nLagos\nlondon")
    questions.get_by_label("Required").check()
    questions.get_by_role("button", name="Add the question").click()
    expect(questions.get_by_role("alert")).to_have_text("“london” is listed twice: list each choice once.")
    expect(questions.get_by_label("Required")).to_be_checked()
    screenshot("programme-settings-refused-choice")
    assert page.problems == []
