"""What the partners see of their phase in the pair space: the journey in three steps with the
next steps for their own role, the phase changes in their timeline, and none of the evidence
that quotes the other's pulse answers; the action that changes the phase updates it at once."""
import datetime
import re

import pytest

from tenants.models import now
from tenants.pair_space.models import Offer
from tests.pair_space.test_space import post
from tests.factories import ready
from tests.tracker.conftest import ROLE_MAKING, as_user, in_tenant, make_pairing, write


def journey_card(page):
    found = re.search(r'<section id="journey".*?</section>', page.get_data(as_text=True), re.S)
    assert found, "no journey on the page"
    return found.group(0)


def test_the_pair_space_shows_where_the_pair_is_since_when_and_what_would_move_each_partner_forward(app, pairs):
    ivy = journey_card(as_user(app, "ivy@acme.example").get(f"/t/acme/pairs/{pairs['ivy']}/"))
    vera = journey_card(as_user(app, "vera@acme.example").get(f"/t/acme/pairs/{pairs['ivy']}/"))
    started = (now().date() - datetime.timedelta(days=70)).strftime("%-d %B %Y")
    for card in (ivy, vera):
        assert '<li class="step-current" aria-current="step">' in card and "Getting to know each other" in card
        assert "step-ahead" in card and "Building the partnership" in card and "A steady rhythm" in card
        assert f"<dt>Since</dt><dd>{started} · 70 days" in card
        assert "Book your first meeting." in card
    assert "Sign the charter." in vera and "Sign the charter." not in ivy  # only the mentee has not signed


def test_partners_never_see_the_reasons_or_the_evidence(app, pairs):
    low_trust = {"clarity": "4", "needs": "3", "trust": "1", "effectiveness": "3", "learning": "4", "comment": ""}
    post(as_user(app, "ivy@acme.example"), pairs["ivy"], "pulse", low_trust)
    for email in ("ivy@acme.example", "vera@acme.example"):
        page = as_user(app, email).get(f"/t/acme/pairs/{pairs['ivy']}/").get_data(as_text=True)
        assert "answered 1 on trust" not in page and "No meeting held" not in page and "Towards role-making" not in page
        assert "Talk about trust and confidentiality; the programme manager can arrange a coach check-in." in page


def test_a_phase_change_shows_in_the_timeline_above_the_events_of_its_day(app, pairs):
    page = as_user(app, "robert@acme.example").get(f"/t/acme/pairs/{pairs['maya']}/").get_data(as_text=True)
    timeline = re.search(r'<ol class="timeline">.*?</ol>', page, re.S).group(0)
    assert '<li class="tl-phase-up"><span class="tl-dot" aria-hidden="true"></span><span>Your pairing entered role-making' \
        in timeline
    assert timeline.index("Your pairing entered role-making") < timeline.index("You answered pulse round 2")
    assert "Building the partnership" in journey_card(as_user(app, "maya@acme.example").get(f"/t/acme/pairs/{pairs['maya']}/"))


@pytest.fixture
def almost(app, acme):
    """Maya and Robert, 70 days: everything for role-making but an offer of Robert's that Maya accepted."""
    from tenants.tracker.readings import later

    with in_tenant(app), later():
        ready("maya@acme.example", 2, ["AI tools"], ["Strategic thinking"], "Digital")
        ready("robert@acme.example", 8, ["Strategic thinking"], ["AI tools"], "Board")
        pairing = make_pairing("maya@acme.example", "robert@acme.example", days_ago=70)
        write(pairing, [step for step in ROLE_MAKING if step[3].get("offer") != 9002])
        return pairing.id


def test_accepting_the_offer_that_completes_role_taking_moves_the_journey_on_at_once(app, almost):
    robert, maya = as_user(app, "robert@acme.example"), as_user(app, "maya@acme.example")
    assert "Getting to know each other" in journey_card(maya.get(f"/t/acme/pairs/{almost}/"))
    post(robert, almost, "offers", {"offer-kind": "introduction", "offer-text": "Meet our head of data"})
    with in_tenant(app):
        offer = Offer.get(Offer.by == "mentee")
    swapped = post(maya, almost, f"offers/{offer.id}/accepted", {}, headers={"HX-Request": "true"})
    html = swapped.get_data(as_text=True)
    card = re.search(r'<section id="journey".*?</section>', html, re.S).group(0)
    assert 'hx-swap-oob="true"' in card
    assert re.search(r'<li class="step-current" aria-current="step">.*?Building the partnership', card, re.S)
    assert f"since {now().date():%-d %b}" in card
    assert "Your pairing entered role-making" in html  # the timeline, swapped too
