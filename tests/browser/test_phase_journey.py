"""A pair moves from role-taking to role-making as the partners act, in real browsers: paired 70
days ago with the first pulse round answered, Maya and Robert sign the charter, Maya logs their
two meetings, each makes an offer the other accepts, both answer the second round, and Maya's
acceptance of Robert's offer moves the journey on; then the programme manager sees it on the
phases dashboard and the pairing's drill-down, and the phase rules refuse a bad value."""
import datetime
import re

from playwright.sync_api import expect

from saas.tenancy import tenant_scope
from tests.browser.test_pairing_journey import heading, shoot, shoot_on_a_phone_too, sign_in
from tests.factories import make_tenant, ready
from tests.pair_space.conftest import make_pairing

PEOPLE = [("hr@acme.example", "Hana HR", "admin"), ("maya@acme.example", "Maya Chen", "mentor"),
          ("robert@acme.example", "Robert Okafor", "mentee")]
ROUND_1 = {"mentor": {"clarity": 4, "needs": 3, "trust": 4, "effectiveness": 3, "learning": 4},
           "mentee": {"clarity": 4, "needs": 4, "trust": 5, "effectiveness": 4, "learning": 4}}


def day(offset):
    return (datetime.date.today() + datetime.timedelta(days=offset)).isoformat()


def seventy_days_in(app):
    """Maya and Robert, paired 70 days ago; both answered pulse round 1 (day 31) and nothing else."""
    from tenants.pair_space import events
    from tenants.pair_space.models import PulseAnswer
    from tenants.tracker.readings import later

    make_tenant(app, "acme", PEOPLE)
    with app.app_context(), tenant_scope("acme"), later():
        ready("maya@acme.example", 2, ["AI tools"], ["Strategic thinking"], "Digital")
        ready("robert@acme.example", 8, ["Strategic thinking"], ["AI tools"], "Board")
        pairing = make_pairing("maya@acme.example", "robert@acme.example", days_ago=70)
        answered = pairing.started + datetime.timedelta(days=31)
        for role, items in ROUND_1.items():
            PulseAnswer.create(pairing=pairing, by=role, round=1, answered=answered, **items)
            events.write(pairing, "pulse", by=role, round=1, items=items, on=answered.date())
        return pairing.id


def make_offer(page, kind, text, partner):
    page.get_by_text("Make an offer", exact=True).last.click()
    offer = page.locator("#offer")
    offer.get_by_label("What you offer").select_option(kind)
    offer.get_by_label("In a line").fill(text)
    offer.get_by_role("button", name=f"Send to {partner}").click()
    expect(page.locator("#offers")).to_contain_text(f"waiting for {partner}’s answer")


def answer_the_pulse(page, partner):
    """Every item "Mostly" (4): the partners' means a point apart would raise the diverging flag."""
    page.locator("#waiting").get_by_role("link", name="Answer the pulse").click()
    expect(heading(page)).to_have_text(f"How is it going with {partner}?")
    for item in page.locator("fieldset.pulse-item").all():
        item.locator("label.scale-choice").nth(3).click()
    page.get_by_role("button", name="Send my answers").click()
    expect(page.get_by_role("status")).to_have_text("Thank you. Your answers are in.")


def test_the_pair_moves_from_role_taking_to_role_making_as_the_partners_act(page, open_browser, app):
    pairing_id = seventy_days_in(app)
    space = f"/t/acme/pairs/{pairing_id}/"
    maya = page

    # 1. Maya's pairing starts where every pairing starts, and says what would move it on.
    sign_in(maya, "maya@acme.example", "Maya Chen")
    maya.goto(space)
    journey = maya.locator("#journey")
    expect(journey.locator('[aria-current="step"]')).to_contain_text("Getting to know each other")
    expect(journey).to_contain_text("Book your first meeting.")
    expect(journey).to_contain_text("Sign the charter.")
    shoot_on_a_phone_too(maya, "phases-01-role-taking")

    # 2. She writes and signs the charter, logs their two meetings, makes an offer, answers the pulse.
    maya.locator("#waiting").get_by_role("link", name="Write the charter").click()
    maya.get_by_label("What I want to learn").fill("How the board decides what to fund")
    maya.get_by_label("What I want to give").fill("Hands-on help with AI tools")
    maya.get_by_label("What success looks like at the end of the term").fill("Robert summarises his board pack with AI")
    maya.get_by_role("button", name="Save the charter").click()
    maya.get_by_role("button", name="Sign the charter").click()
    expect(maya.get_by_role("status")).to_have_text("Signed. Robert signs next.")
    maya.get_by_role("link", name="← Back to your pairing").click()
    meetings = maya.locator("#meetings")
    for offset in (-40, -12):
        meetings.get_by_text("Log a meeting you already had").click()
        past = meetings.locator("details").filter(has_text="Log a meeting you already had")
        past.get_by_label("Date").fill(day(offset))
        past.get_by_label("I did").check()
        past.get_by_role("button", name="Log the meeting").click()
        expect(maya.get_by_role("status")).to_have_text("Meeting logged.")
        meetings = maya.locator("#meetings")
    make_offer(maya, "session", "Let's set up your Copilot prompts together", "Robert")
    answer_the_pulse(maya, "Robert")
    expect(maya.locator("#journey [aria-current=step]")).to_contain_text("Getting to know each other")

    # 3. Robert accepts her offer, signs, answers the pulse and makes an offer of his own.
    robert = open_browser()
    sign_in(robert, "robert@acme.example", "Robert Okafor")
    robert.goto(space)
    robert.locator(".offer-theirs").get_by_role("button", name="Accept").click()
    expect(robert.locator("#offers .past-offers")).to_contain_text("accepted")
    robert.locator("#agreement").get_by_role("link", name="Read and sign").click()
    robert.get_by_role("button", name="Sign the charter").click()
    expect(robert.get_by_role("status")).to_have_text("Signed. You have both signed: your charter is agreed.")
    robert.get_by_role("link", name="← Back to your pairing").click()
    answer_the_pulse(robert, "Maya")
    make_offer(robert, "introduction", "An introduction to our head of strategy", "Maya")
    expect(robert.locator("#journey [aria-current=step]")).to_contain_text("Getting to know each other")
    expect(robert.locator("#journey")).to_contain_text("What would move you forward")
    shoot(robert, "phases-02-robert-waits")

    # 4. Maya's acceptance of Robert's offer is the last thing role-making needed: it moves at once.
    maya.goto(space)
    expect(maya.locator("#journey")).to_contain_text("Answer the mentee's offer of")
    maya.locator(".offer-theirs").get_by_role("button", name="Accept").click()
    journey = maya.locator("#journey")
    expect(journey.locator("[aria-current=step]")).to_contain_text("Building the partnership")
    expect(journey.locator("[aria-current=step]")).to_contain_text(f"since {datetime.date.today():%-d %b}")
    expect(journey.locator(".step-done")).to_contain_text("Getting to know each other")
    expect(maya.locator("#timeline li.tl-phase-up").first).to_have_text(
        f"Your pairing entered role-making {datetime.date.today():%-d %b}")
    shoot_on_a_phone_too(maya, "phases-03-role-making")

    # 5. The programme manager sees it on the phases dashboard and in the pairing's drill-down.
    hana = open_browser()
    sign_in(hana, "hr@acme.example", "Hana HR")
    hana.get_by_role("navigation", name="Main").get_by_role("link", name="Phases").click()
    expect(heading(hana)).to_have_text("Phases")
    expect(hana.get_by_role("img", name="Pairings per phase: 0 in role-taking, 1 in role-making, 0 in routinization")).to_be_visible()
    hana.get_by_label("Phase", exact=True).select_option("role-making")
    expect(hana.locator(".phase-list tbody tr")).to_have_count(1)
    expect(hana).to_have_url(re.compile(r"/t/acme/admin/phases\?.*phase=role-making"))
    shoot(hana, "phases-04-dashboard")
    hana.get_by_role("link", name="Maya Chen & Robert Okafor").click()
    expect(heading(hana)).to_have_text("Maya Chen & Robert Okafor")
    expect(hana.locator("#journey")).to_contain_text("Entered role-making on")
    expect(hana.locator("#activity")).to_contain_text("A working session")
    expect(hana.locator("#activity")).not_to_contain_text("Copilot prompts")  # what Maya wrote stays with the pair
    shoot_on_a_phone_too(hana, "phases-05-drill-down")

    # 6. The phase rules: a value out of range is refused next to its field, nothing saved.
    hana.set_viewport_size({"width": 1280, "height": 800})
    hana.viewport_name = "desktop"
    hana.goto("/t/acme/admin/program")
    hana.get_by_text("See and change the rules").click()
    hana.get_by_label("Neglect is red after more than this many days without a held meeting.").fill("5000")
    hana.get_by_role("button", name="Save the phase rules").click()
    expect(hana.locator("#neglect_red_days-error")).to_have_text(
        "The phase rule neglect_red_days must be from 0 to 3650, not 5000.")
    shoot(hana, "phases-06-rules-refused")
    assert maya.problems == [] and robert.problems == [] and hana.problems == []
