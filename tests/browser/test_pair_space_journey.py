"""Two partners run their pairing in real browsers: both sign the charter, plan a meeting and
log one, make and answer offers (one countered with an offer back), update a goal and answer
the pulse; the home page says what is waiting for each, and every step lands in the event log."""
import datetime
import re

from playwright.sync_api import expect

from saas.tenancy import tenant_scope
from tests.browser.test_pairing_journey import heading, shoot, shoot_on_a_phone_too, sign_in
from tests.factories import make_tenant, ready
from tests.pair_space.conftest import make_pairing

PEOPLE = [("hr@acme.example", "Hana HR", "admin"), ("maya@acme.example", "Maya Chen", "mentor"),
          ("robert@acme.example", "Robert Okafor", "mentee")]


def day(offset):
    return (datetime.date.today() + datetime.timedelta(days=offset)).isoformat()


def test_both_partners_run_their_pairing(page, open_browser, app):
    make_tenant(app, "acme", PEOPLE)
    with app.app_context(), tenant_scope("acme"):
        ready("maya@acme.example", 2, ["AI tools"], ["Strategic thinking"], "Digital")
        ready("robert@acme.example", 8, ["Strategic thinking"], ["AI tools"], "Board")
        pairing_id = make_pairing("maya@acme.example", "robert@acme.example", days_ago=40).id
    maya = page

    # 1. Maya's home says what waits for her; she opens the pairing.
    sign_in(maya, "maya@acme.example", "Maya Chen")
    card = maya.locator(".pairing-card")
    expect(card.get_by_role("heading", name="Your mentee: Robert Okafor")).to_be_visible()
    expect(card).to_contain_text("Your pulse for this month is due")
    shoot(maya, "space-01-home")
    card.get_by_role("link", name="Open your pairing").click()
    expect(heading(maya)).to_have_text("You & Robert Okafor")
    expect(maya.get_by_text("No meeting yet — plan your first.")).to_be_visible()
    expect(maya.locator("#about")).to_contain_text("You can show Robert AI tools, which Robert wants to learn")
    shoot_on_a_phone_too(maya, "space-02-first-visit")

    # 2. She writes the charter and signs it.
    maya.locator("#waiting").get_by_role("link", name="Write the charter").click()
    expect(heading(maya)).to_have_text("Your charter")
    maya.get_by_label("What I want to learn").fill("How the board decides what to fund")
    maya.get_by_label("What I want to give").fill("Hands-on help with AI tools")
    maya.get_by_label("What success looks like at the end of the term").fill("Robert summarises his board pack with AI")
    maya.get_by_role("button", name="Save the charter").click()
    expect(maya.get_by_role("status")).to_have_text("Charter saved. Robert and you can sign it now.")
    maya.get_by_role("button", name="Sign the charter").click()
    expect(maya.get_by_role("status")).to_have_text("Signed. Robert signs next.")
    shoot_on_a_phone_too(maya, "space-03-charter")
    maya.get_by_role("link", name="← Back to your pairing").click()

    # 3. She plans a meeting (htmx swaps the section) and logs the one they already had.
    plan = maya.locator("#plan")
    plan.get_by_label("Date").fill(day(3))
    plan.get_by_label("Start time").fill("10:00")
    plan.get_by_label("Place or video link").fill("Room 4.12")
    plan.get_by_label("Agenda").fill("AI for the board pack")
    plan.get_by_role("button", name="Plan and send the invitation").click()
    meetings = maya.locator("#meetings")
    expect(meetings.get_by_role("link", name="Add to calendar (.ics)")).to_be_visible()
    expect(maya.get_by_role("status")).to_contain_text("Meeting planned.")
    meetings.get_by_text("Log a meeting you already had").click()
    past = meetings.locator("details").filter(has_text="Log a meeting you already had")
    past.get_by_label("Date").fill(day(-2))
    past.get_by_label("I did").check()
    past.get_by_role("button", name="Log the meeting").click()
    expect(meetings.locator(".past-meetings")).to_contain_text("held")

    # 4. She makes an offer, and adds a goal with progress.
    maya.get_by_text("Make an offer", exact=True).last.click()
    offer = maya.locator("#offer")
    offer.get_by_label("What you offer").select_option("session")
    offer.get_by_label("In a line").fill("Let's set up your Copilot prompts together")
    offer.get_by_role("button", name="Send to Robert").click()
    expect(maya.locator("#offers")).to_contain_text("waiting for Robert’s answer")
    goals = maya.locator("#goals")
    goals.get_by_text("Add a goal").click()
    goals.get_by_label("A new goal").fill("Present an idea to the leadership team")
    goals.get_by_role("button", name="Add").click()
    goal = maya.locator("#goals .goal").filter(has_text="Present an idea to the leadership team")
    goal.get_by_text("Update").click()
    goal.get_by_label("Progress (%)").fill("40")
    goal.get_by_label("What happened").fill("Drafted the pitch with Robert")
    goal.get_by_role("button", name="Save progress").click()
    expect(maya.locator("#goals .goal").filter(has_text="Present an idea")).to_contain_text("40 %")
    shoot_on_a_phone_too(maya, "space-04-after-maya")

    # 5. She answers the pulse, told who sees her answers.
    maya.locator("#waiting").get_by_role("link", name="Answer the pulse").click()
    expect(maya.get_by_text("never does")).to_be_visible()
    for item in maya.locator("fieldset.pulse-item").all():
        item.locator("label.scale-choice").nth(3).click()
    shoot(maya, "space-05-pulse")
    maya.get_by_role("button", name="Send my answers").click()
    expect(maya.get_by_role("status")).to_have_text("Thank you. Your answers are in.")

    # 6. Robert, in his own browser: accepts the offer, offers back, signs, answers the pulse.
    robert = open_browser()
    sign_in(robert, "robert@acme.example", "Robert Okafor")
    expect(robert.locator(".pairing-card")).to_contain_text(
        "Maya offers a working session: “Let's set up your Copilot prompts together”")
    expect(robert.locator(".pairing-card")).to_contain_text("Maya signed the charter: add your signature.")
    robert.locator(".pairing-card").get_by_role("link", name="Answer it").click()
    offers = robert.locator("#offers")
    offers.get_by_role("button", name="Accept").click()
    expect(offers.locator(".past-offers")).to_contain_text("accepted")
    robert.get_by_text("Make an offer", exact=True).last.click()
    robert.locator("#offer").get_by_label("In a line").fill("An introduction to our head of strategy")
    robert.locator("#offer").get_by_label("What you offer").select_option("introduction")
    robert.locator("#offer").get_by_role("button", name="Send to Maya").click()
    expect(offers).to_contain_text("waiting for Maya’s answer")
    robert.locator("#agreement").get_by_role("link", name="Read and sign").click()
    robert.get_by_role("button", name="Sign the charter").click()
    expect(robert.get_by_role("status")).to_have_text("Signed. You have both signed: your charter is agreed.")
    robert.get_by_role("link", name="← Back to your pairing").click()
    robert.locator("#waiting").get_by_role("link", name="Answer the pulse").click()
    expect(heading(robert)).to_have_text("How is it going with Maya?")
    for item in robert.locator("fieldset.pulse-item").all():
        item.locator("label.scale-choice").nth(4).click()
    robert.get_by_role("button", name="Send my answers").click()
    expect(robert.get_by_role("status")).to_have_text("Thank you. Your answers are in.")

    # 7. Maya counters Robert's offer with one of her own, and Robert accepts that.
    maya.goto(f"/t/acme/pairs/{pairing_id}/")
    theirs = maya.locator(".offer-theirs")
    theirs.get_by_text("Offer something back").click()
    theirs.get_by_label("In a line").fill("Yes, and bring two graduates along")
    theirs.get_by_role("button", name="Send my offer back").click()
    expect(maya.locator("#offers .past-offers")).to_contain_text("countered")
    robert.goto(f"/t/acme/pairs/{pairing_id}/")
    robert.locator(".offer-theirs").get_by_role("button", name="Accept").click()
    expect(robert.locator("#offers .offer")).to_have_count(0)
    expect(robert.locator("#timeline")).to_contain_text("You answered pulse round 1")
    shoot_on_a_phone_too(robert, "space-06-robert")

    with app.app_context(), tenant_scope("acme"):
        from tenants.pair_space.events import events_of
        from tenants.pairing.models import Pairing

        kinds = [(event["kind"], event["by"]) for event in events_of(Pairing.get_by_id(pairing_id))]
    assert sorted(kinds) == sorted([
        ("started", None), ("charter_signed", "mentor"), ("charter_signed", "mentee"), ("meeting_held", "mentor"),
        ("offer_made", "mentor"), ("offer_answered", "mentee"), ("offer_made", "mentee"), ("offer_answered", "mentor"),
        ("offer_made", "mentor"), ("offer_answered", "mentee"), ("goal_progress", "mentor"), ("pulse", "mentor"),
        ("pulse", "mentee")])
    assert re.search(r"40 %", maya.locator("#goals").inner_text())
    assert maya.problems == [] and robert.problems == []
