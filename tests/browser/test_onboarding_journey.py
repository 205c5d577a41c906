"""A participant's first day, in a real browser: the programme manager invites them from
People, they accept the emailed invitation, fill in every profile step (one mistake on the
way), pass the training, and the manager sees them trained in the funnel."""
import re
from pathlib import Path

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import SCREENSHOTS, VIEWPORTS
from tests.factories import PASSWORD, make_tenant

SLUG = "acme"
ADMIN_EMAIL = "pat@acme.example"
MANAGER_EMAIL = "robert@acme.example"  # an existing mentee: the new person's line manager
NAME, EMAIL = "Mia Newcomer", "mia@acme.example"
NEW_PASSWORD = "a new and long password"
STEPS = ["Your role", "Team and manager", "Skills", "Learning goals", "Availability", "Languages",
         "How you like to work"]
VALUES = ["I like a clear agenda for every meeting.", "I prefer feedback that is direct, even when it stings.",
          "I would rather try something new than perfect something known.", "I like to move fast and adjust as I go.",
          "I need time to think before I give my view.", "I am comfortable talking about my mistakes."]
RIGHT_ANSWERS = {"In reverse mentoring, who is the mentor?": "The junior employee",
                 "How often should partners meet, at the least?": "At least monthly",
                 "Your partner shares something in confidence about a colleague. What do you do?":
                     "Keep it between the two of you",
                 "Which of these is part of the “soft glue” that holds a pairing together?": "Mutual trust",
                 "Your partner keeps cancelling. What is the risk?":
                     "Neglect: the pairing never gets past testing each other"}


def field(page, label):
    """The form control named exactly `label` ("New password" is also in "Repeat the new password")."""
    return page.get_by_label(label, exact=True)


def heading(page):
    return page.get_by_role("heading", level=1)


def fits_the_width(page):
    widths = page.evaluate("[document.documentElement.scrollWidth, window.innerWidth]")
    assert widths[0] <= widths[1], f"the page is {widths[0]}px wide in a {widths[1]}px viewport"


@pytest.fixture
def newcomer(open_browser):
    """A second browser (nobody signed in), watched like `page`."""
    return open_browser()


def shoot(page, name):
    if SCREENSHOTS:
        Path(SCREENSHOTS).mkdir(parents=True, exist_ok=True)
        page.screenshot(path=f"{SCREENSHOTS}/{name}-{page.viewport_name}.png", full_page=True,
                        caret="initial")  # hiding the caret would break the page's CSP


def on_step(page, live_server, name, title, number):
    expect(page).to_have_url(f"{live_server}/t/{SLUG}/onboarding/{name}")
    expect(heading(page)).to_have_text(title)
    steps = page.get_by_role("navigation", name="Profile steps")
    expect(steps).to_contain_text(f"step {number} of {len(STEPS)}")
    expect(steps.locator('[aria-current="step"]')).to_contain_text(title)


def save(page, last=False):
    page.get_by_role("button", name="Save and finish" if last else "Save and continue").click()


def status_of(page, email):
    return page.get_by_role("row").filter(has_text=email).locator('td[data-label="Status"]')


def funnel(page):
    return page.get_by_role("img", name=re.compile(r"^Onboarding funnel"))


def test_a_manager_invites_a_participant_who_onboards_and_trains(page, newcomer, app, live_server, screenshot):
    make_tenant(app, SLUG, [(ADMIN_EMAIL, "Pat Programme", "admin"), (MANAGER_EMAIL, "Robert Boss", "mentee")])
    manager = page

    # 1. The programme manager signs in and invites a new mentor from People.
    manager.goto(f"/t/{SLUG}/login")
    field(manager, "Email").fill(ADMIN_EMAIL)
    field(manager, "Password").fill(PASSWORD)
    manager.get_by_role("button", name="Sign in").click()
    expect(heading(manager)).to_have_text("Welcome, Pat Programme")
    manager.get_by_role("navigation", name="Main").get_by_role("link", name="People", exact=True).click()
    expect(manager).to_have_url(f"{live_server}/t/{SLUG}/admin/people")
    expect(heading(manager)).to_have_text("People")
    screenshot("onboarding-01-people")

    invite = manager.locator("#invite")  # the filters below also have "Role" and "Department"
    expect(invite.get_by_role("heading", name="Invite someone")).to_be_visible()
    field(invite, "Name").fill(NAME)
    field(invite, "Email").fill(EMAIL)
    field(invite, "Role").select_option(label="Mentor (the junior partner)")
    invite.get_by_role("button", name="Send the invitation").click()

    expect(manager.get_by_role("status").filter(has_text=f"Invitation sent to {NAME}.")).to_be_visible()
    expect(manager).to_have_url(f"{live_server}/t/{SLUG}/admin/people")
    expect(status_of(manager, EMAIL)).to_have_text("invited")
    expect(manager.get_by_role("row").filter(has_text=EMAIL)).to_contain_text("Mentor")
    screenshot("onboarding-02-invited")

    # 2. The newcomer, in a browser of their own, opens the invitation and chooses a password.
    newcomer.goto("/outbox/")
    expect(heading(newcomer)).to_have_text("Development outbox")
    newcomer.get_by_role("row").filter(has_text=EMAIL).first.get_by_role("link").click()  # newest first
    expect(heading(newcomer)).to_have_text(re.compile(r"^You are invited to .+ at Acme$"))
    shoot(newcomer, "onboarding-03-invitation")
    link = newcomer.locator(f'a[href^="{live_server}/t/{SLUG}/welcome/"]')
    expect(link).to_have_count(1)
    assert link.inner_text() == link.get_attribute("href")
    link.click()

    expect(heading(newcomer)).to_have_text(f"Welcome, {NAME}")
    field(newcomer, "New password").fill(NEW_PASSWORD)
    field(newcomer, "Repeat the new password").fill(NEW_PASSWORD)
    newcomer.get_by_role("button", name="Save the password").click()

    # 3. Every profile step, by its labels.
    on_step(newcomer, live_server, "role", "Your role", 1)
    expect(newcomer.get_by_role("status").filter(has_text="Your password is saved. Welcome!")).to_be_visible()
    expect(newcomer.get_by_text("You join this programme as a mentor")).to_be_visible()
    shoot(newcomer, "onboarding-04-step-role")
    field(newcomer, "Your job level").select_option(label="2 · Graduate / entry level")
    newcomer.get_by_label("Job title").fill("Graduate analyst")
    save(newcomer)

    on_step(newcomer, live_server, "reporting", "Team and manager", 2)
    steps = newcomer.get_by_role("navigation", name="Profile steps")
    expect(steps.get_by_role("link", name=re.compile(r"Your role\s+\(done\)"))).to_be_visible()
    field(newcomer, "Department or team").fill("Finance")
    newcomer.get_by_label("Your manager").fill("rob")  # names are offered as one types, never emails
    newcomer.get_by_label("Robert Boss").check()
    expect(newcomer.get_by_label("Your manager")).to_have_value("Robert Boss")
    shoot(newcomer, "onboarding-05-step-reporting")
    save(newcomer)

    on_step(newcomer, live_server, "skills", "Skills", 3)
    expect(newcomer.locator("select")).to_have_count(0)  # a grid of radios, not 42 drop-downs
    field(newcomer, "AI tools: teach Expert").check()
    field(newcomer, "Social media: teach Advanced").check()
    field(newcomer, "Strategic thinking: want to learn").check()
    shoot(newcomer, "onboarding-06-step-skills")
    save(newcomer)

    on_step(newcomer, live_server, "goals", "Learning goals", 4)
    field(newcomer, "Learning goals").fill("Understand how the leadership team sets priorities")
    shoot(newcomer, "onboarding-07-step-goals")
    save(newcomer)

    # Availability, wrong first: a window that ends before it starts.
    on_step(newcomer, live_server, "availability", "Availability", 5)
    field(newcomer, "Your time zone").fill("Europe/London")
    field(newcomer, "Day 1").select_option(label="Tuesday")
    newcomer.locator("#windows-0-start").fill("10:30")
    newcomer.locator("#windows-0-end").fill("09:00")
    save(newcomer)

    windows = newcomer.get_by_role("group", name=re.compile(r"^When could you usually meet\?"))
    expect(windows.get_by_role("alert")).to_have_text("A window ends before it starts (10:30–09:00).")
    expect(newcomer.get_by_role("alert").filter(has_text="Please check the field marked below.")).to_be_visible()
    expect(newcomer).to_have_url(f"{live_server}/t/{SLUG}/onboarding/availability")
    expect(heading(newcomer)).to_have_text("Availability")
    # What was typed is still there, so only the mistake needs fixing.
    expect(field(newcomer, "Your time zone")).to_have_value("Europe/London")
    expect(field(newcomer, "Day 1")).to_have_value("1")
    expect(newcomer.locator("#windows-0-start")).to_have_value("10:30")
    shoot(newcomer, "onboarding-08-step-availability-error")

    newcomer.set_viewport_size(VIEWPORTS["phone"])  # the same step on a phone
    newcomer.viewport_name = "phone"
    fits_the_width(newcomer)
    shoot(newcomer, "onboarding-08-step-availability-error")
    newcomer.set_viewport_size(VIEWPORTS["desktop"])
    newcomer.viewport_name = "desktop"

    newcomer.locator("#windows-0-start").fill("09:00")
    newcomer.locator("#windows-0-end").fill("10:30")
    save(newcomer)

    on_step(newcomer, live_server, "languages", "Languages", 6)
    newcomer.get_by_role("checkbox", name="English", exact=True).check()
    shoot(newcomer, "onboarding-09-step-languages")
    save(newcomer)

    on_step(newcomer, live_server, "values", "How you like to work", 7)
    for n, question in enumerate(VALUES):
        newcomer.get_by_role("group", name=question).get_by_role("radio", name=str(n % 5 + 1), exact=True).check()
    shoot(newcomer, "onboarding-10-step-values")
    save(newcomer, last=True)

    # 4. The training: one wrong answer first, then all five right.
    expect(newcomer).to_have_url(re.compile(rf"/t/{SLUG}/training(#check)?$"))
    expect(heading(newcomer)).to_have_text("Before you are paired: how reverse mentoring works")
    check = newcomer.locator("#check")
    for question, answer in RIGHT_ANSWERS.items():
        check.get_by_role("group", name=question).get_by_role("radio", name=answer, exact=True).check()
    check.get_by_role("group", name="How often should partners meet").get_by_role("radio", name="Once a quarter").check()
    shoot(newcomer, "onboarding-11-training")
    check.get_by_role("button", name="Check my answers").click()

    expect(newcomer.get_by_role("alert").filter(has_text="1 of 5 answers is not right yet.")).to_be_visible()
    cadence = newcomer.get_by_role("group", name=re.compile("How often should partners meet"))
    expect(cadence.get_by_role("alert")).to_contain_text("Meeting at least monthly is one of the programme's rules")
    expect(newcomer.locator("fieldset .error")).to_have_count(1)
    shoot(newcomer, "onboarding-12-training-wrong")

    cadence.get_by_role("radio", name="At least monthly").check()
    for question, answer in RIGHT_ANSWERS.items():  # the right answers are still chosen
        expect(newcomer.get_by_role("group", name=question).get_by_role("radio", name=answer, exact=True)).to_be_checked()
    newcomer.get_by_role("button", name="Check my answers").click()

    # The redirect home keeps the form's "#check" (browsers carry a fragment over a redirect).
    expect(newcomer).to_have_url(re.compile(rf"^{re.escape(live_server)}/t/{SLUG}/(#check|#main)?$"))
    expect(heading(newcomer)).to_have_text(f"Welcome, {NAME}")
    expect(newcomer.get_by_role("heading", name="You are ready to be paired")).to_be_visible()
    expect(newcomer.get_by_text("Mentor · Graduate analyst · Finance")).to_be_visible()
    shoot(newcomer, "onboarding-13-ready")

    # 5. The programme manager sees them trained, in the list and in the funnel.
    manager.reload()
    expect(status_of(manager, EMAIL)).to_have_text("trained")
    expect(manager.get_by_role("row").filter(has_text=EMAIL)).to_contain_text("Finance")
    # Robert (already signed up, so "accepted") counts too.
    expect(funnel(manager)).to_have_attribute(
        "aria-label", "Onboarding funnel: 2 invited, 2 accepted, 1 profile complete, 1 trained")
    screenshot("onboarding-14-people-trained")
    manager.get_by_role("link", name=NAME, exact=True).click()
    expect(heading(manager)).to_have_text(NAME)
    expect(field(manager, "Manager's email")).to_have_value(MANAGER_EMAIL)  # from the "Team and manager" step

    assert manager.problems == []
    assert newcomer.problems == []
