"""A cohort is paired, in a real browser: the programme manager opens Pairing, runs the first
proposal, reads the scores and reasons, pins one pair, runs a new proposal that keeps it (and
compares itself with the one before), publishes; then a mentor and their mentee each sign in
and see the other on their home page, and the introduction email says why they were matched."""
import re
from pathlib import Path

from playwright.sync_api import expect

from saas.tenancy import tenant_scope
from tests.browser.conftest import SCREENSHOTS, VIEWPORTS
from tests.factories import PASSWORD, make_tenant, ready

SLUG = "acme"
ADMIN = ("hr@acme.example", "Hana HR")
PEOPLE = [(ADMIN[0], ADMIN[1], "admin"),
          ("maya@acme.example", "Maya Chen", "mentor"), ("sam@acme.example", "Sam Ito", "mentor"),
          ("robert@acme.example", "Robert Okafor", "mentee"), ("grace@acme.example", "Grace Lee", "mentee"),
          ("ivy@acme.example", "Ivy New", "mentee")]  # Ivy has no profile yet: she is left out, with why
# Maya teaches the AI tools Robert wants to learn, Sam the social media Grace wants: these are the pairs.
MENTOR, MENTEE = ("maya@acme.example", "Maya Chen"), ("robert@acme.example", "Robert Okafor")
PINNED = ("Sam Ito", "Grace Lee")


def heading(page):
    return page.get_by_role("heading", level=1)


def fits_the_width(page):
    widths = page.evaluate("[document.documentElement.scrollWidth, window.innerWidth]")
    assert widths[0] <= widths[1], f"the page is {widths[0]}px wide in a {widths[1]}px viewport"


def shoot(page, name):
    if SCREENSHOTS:
        Path(SCREENSHOTS).mkdir(parents=True, exist_ok=True)
        page.screenshot(path=f"{SCREENSHOTS}/{name}-{page.viewport_name}.png", full_page=True,
                        caret="initial")  # hiding the caret would break the page's CSP


def shoot_on_a_phone_too(page, name):
    """The page as it is, then the same page 390px wide (and back to the desktop)."""
    shoot(page, name)
    page.set_viewport_size(VIEWPORTS["phone"])
    page.viewport_name = "phone"
    fits_the_width(page)
    shoot(page, name)
    page.set_viewport_size(VIEWPORTS["desktop"])
    page.viewport_name = "desktop"




def cohort_ready_to_pair(app):
    make_tenant(app, SLUG, PEOPLE)
    with app.app_context(), tenant_scope(SLUG):
        ready("maya@acme.example", 2, ["AI tools"], ["Strategic thinking"], "Digital")
        ready("sam@acme.example", 1, ["Social media"], [], "Sales")
        ready("robert@acme.example", 8, ["Strategic thinking"], ["AI tools"], "Board")
        ready("grace@acme.example", 7, [], ["Social media", "AI tools"], "Finance")


def sign_in(page, email, name):
    page.goto(f"/t/{SLUG}/login")
    page.get_by_label("Email", exact=True).fill(email)
    page.get_by_label("Password", exact=True).fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    expect(heading(page)).to_have_text(f"Welcome, {name}")


def proposal_section(page):
    return page.locator("section.card").filter(has=page.get_by_role("heading", name=re.compile(r"^Proposal")))


def pair_row(section, mentor, mentee):
    return section.get_by_role("row").filter(has_text=mentor).filter(has_text=mentee)


def test_a_manager_pairs_the_cohort_and_both_partners_see_each_other(page, open_browser, app, live_server):
    cohort_ready_to_pair(app)
    manager = page
    board_url = f"{live_server}/t/{SLUG}/admin/pairing"

    # 1. The programme manager signs in and opens Pairing from the navigation.
    sign_in(manager, *ADMIN)
    manager.get_by_role("navigation", name="Main").get_by_role("link", name="Pairing", exact=True).click()
    expect(manager).to_have_url(board_url)
    expect(heading(manager)).to_have_text("Pairing")
    expect(manager.get_by_text("No published pairings yet.")).to_be_visible()
    shoot_on_a_phone_too(manager, "pairing-01-empty-board")

    # 2. The first proposal: two pairs, each with a score and a reason; Ivy is left out, with why.
    manager.get_by_role("button", name="Run the first proposal").click()
    proposal = proposal_section(manager)
    expect(proposal.get_by_role("heading", level=2)).to_have_text(re.compile(r"^Proposal:\s+2 pairs, total score \d+\.\d$"))
    rows = proposal.locator("tbody").get_by_role("row")
    expect(rows).to_have_count(2)
    for mentor, mentee in ((MENTOR[1], MENTEE[1]), PINNED):
        row = pair_row(proposal, mentor, mentee)
        expect(row).to_have_count(1)
        expect(row.locator('td[data-label="Score"]')).to_have_text(re.compile(r"^\d+\.\d"))
        expect(row.locator('td[data-label="Why"]')).to_contain_text(f"{mentor} can teach")
        expect(row.locator('td[data-label="Score"]').get_by_text("pinned")).to_have_count(0)
    expect(proposal.get_by_role("heading", name="Not paired in this proposal")).to_be_visible()
    expect(proposal.get_by_role("listitem").filter(has_text="Ivy New")).to_contain_text("Profile not ready for pairing")
    expect(proposal).not_to_contain_text("the one before")  # nothing to compare with yet
    first_total = float(re.search(r"total score (\d+\.\d)", proposal.get_by_role("heading", level=2).inner_text()).group(1))

    # The reasons' score breakdown opens in place.
    maya_row = pair_row(proposal, MENTOR[1], MENTEE[1])
    maya_row.get_by_text("Score breakdown").click()
    expect(maya_row.get_by_role("listitem").filter(has_text="Skills the senior wants")).to_be_visible()
    shoot_on_a_phone_too(manager, "pairing-02-first-proposal")

    # 3. Pin Sam and Grace.
    pair_row(proposal, *PINNED).get_by_role("button", name="Pin", exact=True).click()
    expect(manager.get_by_role("status").filter(has_text="Pinned: this pair stays in every new proposal.")).to_be_visible()
    expect(manager).to_have_url(board_url)
    expect(pair_row(proposal, *PINNED).get_by_role("button", name="Unpin", exact=True)).to_be_visible()
    shoot(manager, "pairing-03-pinned")

    # 4. A new proposal keeps the pin, marks it, and compares itself with the one before.
    manager.get_by_role("button", name="Run a new proposal").click()
    expect(manager.get_by_role("status").filter(has_text="Pinned:")).to_have_count(0)  # a new page, not the old one
    expect(proposal.get_by_text(re.compile(r"the one before: 2 pairs, total \d+\.\d"))).to_be_visible()
    expect(proposal).to_contain_text(f"the one before: 2 pairs, total {first_total:.1f}")
    expect(proposal).to_contain_text(re.compile(r"\([+-]\d+\.\d\)"))
    pinned_row = pair_row(proposal, *PINNED)
    expect(pinned_row.locator('td[data-label="Score"]').get_by_text("pinned", exact=True)).to_be_visible()
    expect(pinned_row.get_by_role("button", name="Unpin", exact=True)).to_be_visible()
    expect(proposal.locator("tbody").get_by_role("row").first).to_contain_text(PINNED[0])  # pinned pairs first
    expect(pair_row(proposal, MENTOR[1], MENTEE[1]).locator('td[data-label="Score"]')).not_to_contain_text("pinned")
    shoot_on_a_phone_too(manager, "pairing-04-second-proposal")

    # 5. Publish, once the browser has asked: the pairings are listed, and the draft says so.
    asked = []
    manager.once("dialog", lambda dialog: (asked.append(dialog.message), dialog.accept()))
    proposal.get_by_role("button", name="Publish 2 pairs").click()
    expect(manager.get_by_role("status").filter(
        has_text="Published 2 pairings and emailed both partners of each an introduction.")).to_be_visible()
    assert asked == ["Publish 2 pairs? Both partners of each get their introduction by email now."]
    pairings = manager.locator("section.card").filter(has=manager.get_by_role("heading", name="Pairings", exact=True))
    for mentor, mentee in ((MENTOR[1], MENTEE[1]), PINNED):
        expect(pairings.get_by_role("row").filter(has_text=mentor).filter(has_text=mentee)).to_have_count(1)
    expect(pairings.get_by_role("button", name="End")).to_have_count(2)
    expect(manager.get_by_role("button", name=re.compile(r"^Publish"))).to_have_count(0)
    expect(manager.get_by_role("heading", name=re.compile(r"^Last proposal \(published\)"))).to_be_visible()
    shoot_on_a_phone_too(manager, "pairing-05-published")

    # Ending one without a reason is refused next to its field; reloading then shows the board
    # again (the address bar never holds the form's POST-only address).
    pairings.get_by_role("button", name="End").first.click()
    expect(pairings.get_by_role("alert")).to_have_text("Say briefly why the pairing ends (up to 500 characters).")
    manager.reload()
    expect(manager.get_by_role("heading", name="Pairing", exact=True)).to_be_visible()
    expect(manager).to_have_url(board_url)

    # 6. The mentor, in a browser of their own, sees their mentee.
    mentor = open_browser()
    sign_in(mentor, *MENTOR)
    expect(mentor.get_by_role("heading", name=f"Your mentee: {MENTEE[1]}")).to_be_visible()
    expect(mentor.get_by_role("heading", name="You are ready to be paired")).to_have_count(0)
    shoot(mentor, "pairing-06-mentor-home")

    # 7. So does the mentee, the other way round.
    mentee = open_browser()
    sign_in(mentee, *MENTEE)
    expect(mentee.get_by_role("heading", name=f"Your mentor: {MENTOR[1]}")).to_be_visible()
    shoot(mentee, "pairing-07-mentee-home")

    # 8. The mentee's introduction names the mentor and says why they were matched.
    mentee.goto("/outbox/")
    expect(heading(mentee)).to_have_text("Development outbox")
    mentee.get_by_role("row").filter(has_text=MENTEE[0]).get_by_role(
        "link", name=f"Meet your reverse-mentoring partner: {MENTOR[1]}").click()
    expect(heading(mentee)).to_have_text(f"Meet your reverse-mentoring partner: {MENTOR[1]}")
    body = mentee.locator(".mail-body")
    expect(body).to_contain_text(f"Hello {MENTEE[1]},")
    expect(body).to_contain_text(f"{MENTOR[1]} is your mentor")
    expect(body).to_contain_text(re.compile(rf"Why you were matched: .*{MENTOR[1]} can teach the topic {MENTEE[1]} wants"))
    expect(body.get_by_role("link", name=MENTOR[0])).to_be_visible()
    shoot(mentee, "pairing-08-introduction")

    assert manager.problems == []
    assert mentor.problems == []
    assert mentee.problems == []


def test_the_buttons_of_a_draft_pair_each_do_their_own_thing(page, app, live_server):
    """A draft row's Remove, Pin and Forbid share one form and post to their own actions."""
    cohort_ready_to_pair(app)
    sign_in(page, *ADMIN)
    page.goto(f"/t/{SLUG}/admin/pairing")
    page.get_by_role("button", name="Run the first proposal").click()
    proposal = proposal_section(page)
    expect(proposal.locator("tbody").get_by_role("row")).to_have_count(2)

    pair_row(proposal, MENTOR[1], MENTEE[1]).get_by_role("button", name="Remove").click()
    expect(page.get_by_role("status").filter(has_text="Taken out of this proposal.")).to_be_visible()
    expect(pair_row(proposal, MENTOR[1], MENTEE[1])).to_have_count(0)

    pair_row(proposal, *PINNED).get_by_role("button", name="Forbid").click()
    expect(page.get_by_role("status").filter(has_text="Forbidden: this pair will not be proposed again")).to_be_visible()
    decisions = page.locator("#decisions")
    expect(decisions.get_by_role("listitem").filter(has_text=f"{PINNED[0]} & {PINNED[1]}: forbidden")).to_have_count(1)
    assert page.problems == []
