"""The pair space, request by request: what each partner sees, what each action writes (and
its event), and every refusal (422 next to the field, 404 or 403) with nothing written."""
import datetime
import re

import pytest
from icalendar import Calendar

from tenants.pair_space.models import CharterVersion
from tests.factories import at_the_same_moment, csrf_token, last_email
from tests.pair_space.conftest import PRIVATE, as_user, events, in_tenant

LONG = "x" * 10_000


def space(pair):
    return f"/t/acme/pairs/{pair}/"


def post(client, pair, path, data, **kwargs):
    return client.post(space(pair) + path, data={**data, "csrf_token": csrf_token(client, space(pair))}, **kwargs)


def count(app, model, *where):
    with in_tenant(app):
        return model.select().where(*where).count() if where else model.select().count()


def local_day(days_from_now):
    return (datetime.datetime.now(datetime.timezone.utc) + datetime.timedelta(days=days_from_now)).date().isoformat()


# --- who sees what -----------------------------------------------------------------------------

def test_each_partner_reads_the_space_written_to_them(maya, robert, pair):
    mine = maya.get(space(pair)).get_data(as_text=True)
    assert "You &amp; Robert Okafor" in mine and "You can show Robert AI tools, which Robert wants to learn" in mine
    assert "Robert can help you with Strategic thinking" in mine
    theirs = robert.get(space(pair)).get_data(as_text=True)
    assert "You &amp; Maya Chen" in theirs and "Maya can show you AI tools, which you want to learn" in theirs
    assert "No meeting yet — plan your first." in theirs
    for page in (mine, theirs):
        assert PRIVATE not in page


@pytest.mark.parametrize("path", ["", "charter", "pulse", "closing", "help"])
def test_a_third_participant_and_the_programme_manager_get_404(app, pair, path):
    for email in ("ivy@acme.example", "hr@acme.example"):
        assert as_user(app, email).get(space(pair) + path).status_code == 404


def test_another_tenants_users_get_404_and_strangers_sign_in(app, pair):
    olga = as_user(app, "olga@other.example", "other")
    assert olga.get(f"/t/other/pairs/{pair}/").status_code == 404
    assert olga.get(space(pair)).status_code == 302  # anonymous in acme: asked to sign in there


def test_the_home_page_says_what_is_waiting_for_this_person(maya, robert, pair):
    post(maya, pair, "offers", {"offer-kind": "show_you", "offer-text": "AI for board papers"})
    home = robert.get("/t/acme/").get_data(as_text=True)
    assert "Your mentor: Maya Chen" in home
    assert "Maya offers to show you a topic: “AI for board papers”" in home
    assert "Your pulse for this month is due" in home
    assert "No meeting yet: plan your first." in home
    assert "Maya offers to show you" not in maya.get("/t/acme/").get_data(as_text=True)


# --- charter -----------------------------------------------------------------------------------

CHARTER = {"based_on": "0", "learn": "How the board decides", "give": "AI tools, hands on", "success": "One talk",
           "cadence_days": "21", "how_we_meet": "video", "confidentiality": "Between us.", "cancellation": "A day ahead."}


def test_both_sign_the_charter_and_a_change_reopens_both_signatures(app, maya, robert, pair):
    assert post(maya, pair, "charter", CHARTER).status_code == 302
    assert post(maya, pair, "charter/sign", {"number": "1"}).status_code == 302
    assert post(robert, pair, "charter/sign", {"number": "1"}).status_code == 302
    assert "Signed by you on" in robert.get(space(pair) + "charter").get_data(as_text=True)
    changed = post(robert, pair, "charter", {**CHARTER, "based_on": "1", "learn": "AI for my inbox"})
    assert changed.status_code == 302
    page = maya.get(space(pair) + "charter").get_data(as_text=True)
    assert "AI for my inbox" in page and "How the board decides" in page  # each wrote their own part
    assert "Waiting for your signature" in page and "Changed the mentee’s learning, what the mentee gives." in page
    assert events(app, pair)[1:] == [("charter_signed", "mentor"), ("charter_signed", "mentee"),
                                     ("charter_reopened", "mentee")]


def test_a_charter_saved_while_someone_else_writes_waits_its_turn(app, maya, pair, database_url):
    token = csrf_token(maya, space(pair))
    answers = []

    def save():
        answers.append(maya.post(space(pair) + "charter", data={**CHARTER, "csrf_token": token}).status_code)
    at_the_same_moment(app, database_url, "charter_version", save)  # behind another request's write
    assert answers == [302]
    with in_tenant(app):
        assert CharterVersion.select().count() == 1


def test_signing_a_version_the_partner_has_replaced_is_refused(app, maya, robert, pair):
    from tenants.pair_space.models import CharterSignature

    post(maya, pair, "charter", CHARTER)
    post(robert, pair, "charter", {**CHARTER, "based_on": "1", "success": "Two talks"})
    late = post(maya, pair, "charter/sign", {"number": "1"})
    assert late.status_code == 409 and "Robert changed the charter since you opened it" in late.get_data(as_text=True)
    stale = post(maya, pair, "charter", {**CHARTER, "based_on": "1"})
    assert stale.status_code == 409 and "changed the charter while you were editing" in stale.get_data(as_text=True)
    post(maya, pair, "charter/sign", {"number": "2"})
    twice = post(maya, pair, "charter/sign", {"number": "2"})
    assert twice.status_code == 422 and "already signed" in twice.get_data(as_text=True)
    assert count(app, CharterSignature) == 1


def test_a_charter_with_a_10000_character_text_is_refused_next_to_the_field(app, maya, pair):
    from tenants.pair_space.models import CharterVersion

    refused = post(maya, pair, "charter", {**CHARTER, "learn": LONG})
    assert refused.status_code == 422
    assert re.search(r'id="learn-error">Keep what you want to learn to 2,000 characters', refused.get_data(as_text=True))
    assert count(app, CharterVersion) == 0


@pytest.mark.parametrize("path, data", [("charter", {**CHARTER, "based_on": "²"}), ("charter/sign", {"number": "²"}),
                                        ("charter", {**CHARTER, "cadence_days": "٢١"}), ("charter/sign", {"number": "9" * 40})])
def test_numbers_in_other_digits_are_refused_not_crashed_on(app, maya, pair, path, data):
    from tenants.pair_space.models import CharterSignature, CharterVersion

    assert post(maya, pair, path, data).status_code == 422
    assert count(app, CharterVersion) == 0 and count(app, CharterSignature) == 0


# --- meetings ----------------------------------------------------------------------------------

def meeting_invitations(app, to):
    message = last_email(app, to)
    ics = message.body.split("--- attached: meeting.ics ---\n", 1)[1]
    return message, Calendar.from_ical(ics)


def test_a_planned_meeting_reaches_both_calendars_and_a_replan_updates_the_same_entry(app, maya, robert, pair):
    from tenants.pair_space.models import Meeting

    planned = post(maya, pair, "meetings", {"day": local_day(7), "at": "10:00", "minutes": "45",
                                            "place": "Room 4", "agenda": "AI and the inbox"})
    assert planned.status_code == 302
    message, calendar = meeting_invitations(app, "robert@acme.example")
    assert message.subject.startswith("Meeting with Maya:")
    event = calendar.walk("VEVENT")[0]
    uid = str(event["uid"])
    assert str(calendar["method"]) == "REQUEST" and event["sequence"] == 0 and str(event["location"]) == "Room 4"
    assert event.decoded("dtend") - event.decoded("dtstart") == datetime.timedelta(minutes=45)
    with in_tenant(app):
        meeting_id = Meeting.get().id
    moved = post(robert, pair, f"meetings/{meeting_id}", {"day": local_day(8), "at": "11:30", "minutes": "60"})
    assert moved.status_code == 302
    _, calendar = meeting_invitations(app, "maya@acme.example")
    again = calendar.walk("VEVENT")[0]
    assert str(again["uid"]) == uid and again["sequence"] == 1 and str(calendar["method"]) == "REQUEST"
    cancelled = post(robert, pair, f"meetings/{meeting_id}/cancel", {"reason": "Board day"})
    assert cancelled.status_code == 302
    message, calendar = meeting_invitations(app, "maya@acme.example")
    gone = calendar.walk("VEVENT")[0]
    assert str(calendar["method"]) == "CANCEL" and str(gone["uid"]) == uid and str(gone["status"]) == "CANCELLED"
    assert "Robert Okafor cancelled your meeting" in message.body and "Board day" in message.body
    download = maya.get(space(pair) + f"meetings/{meeting_id}/meeting.ics")
    assert download.mimetype == "text/calendar"
    assert str(Calendar.from_ical(download.data).walk("VEVENT")[0]["uid"]) == uid
    assert events(app, pair)[1:] == [("meeting_cancelled", "mentee")]


def test_a_meeting_is_logged_held_with_who_started_it_and_shared_notes(app, maya, robert, pair):
    logged = post(maya, pair, "meetings/past", {"past-day": local_day(-3), "past-minutes": "60", "past-initiated_by": "mentee",
                                                "agenda": "First chat"})
    assert logged.status_code == 302
    assert events(app, pair)[1:] == [("meeting_held", "mentee")]
    from tenants.pair_space.models import Meeting

    with in_tenant(app):
        meeting_id = Meeting.get().id
    post(robert, pair, f"meetings/{meeting_id}/notes", {"text": "Loved the prompt tricks"})
    assert "Loved the prompt tricks" in maya.get(space(pair) + f"meetings/{meeting_id}").get_data(as_text=True)
    assert as_user(app, "hr@acme.example").get(space(pair) + f"meetings/{meeting_id}").status_code == 404


@pytest.mark.parametrize("day, message", [(7, "That day is still to come"), (-60, "You were paired on")])
def test_a_meeting_held_in_the_future_or_before_the_pairing_is_refused(app, maya, pair, day, message):
    from tenants.pair_space.models import Meeting

    refused = post(maya, pair, "meetings/past", {"past-day": local_day(day), "past-minutes": "60", "past-initiated_by": "mentor"})
    assert refused.status_code == 422 and message in refused.get_data(as_text=True)
    assert count(app, Meeting) == 0 and events(app, pair) == [("started", None)]


def test_a_planned_meeting_cannot_be_logged_held_before_it_starts(app, maya, pair):
    post(maya, pair, "meetings", {"day": local_day(3), "at": "10:00", "minutes": "30"})
    refused = post(maya, pair, "meetings/1/held", {"initiated_by": "mentor"})
    assert refused.status_code == 422 and "has not started yet" in refused.get_data(as_text=True)
    planned = post(maya, pair, "meetings", {"day": local_day(-1), "at": "10:00", "minutes": "30"})
    assert planned.status_code == 422 and "That time has passed" in planned.get_data(as_text=True)


# --- offers ------------------------------------------------------------------------------------

def test_offers_are_answered_once_by_the_partner_and_a_counter_is_an_offer_back(app, maya, robert, pair):
    from tenants.pair_space.models import Offer

    post(maya, pair, "offers", {"offer-kind": "show_you", "offer-text": "Prompts for the board pack"})
    own = post(maya, pair, "offers/1/accepted", {})
    assert own.status_code == 422 and "This is your own offer" in own.get_data(as_text=True)
    countered = post(robert, pair, "offers/1/countered", {"o1-kind": "session", "o1-text": "Over lunch instead?"})
    assert countered.status_code == 302
    twice = post(robert, pair, "offers/1/accepted", {})
    assert twice.status_code == 422 and "already countered" in twice.get_data(as_text=True)
    post(maya, pair, "offers/2/declined", {"o2-reason": "Lunch is my only quiet hour"})
    with in_tenant(app):
        first, back = Offer.select().order_by(Offer.id)
        assert (first.status, back.counters_id, back.by, back.status, back.reason) == \
            ("countered", first.id, "mentee", "declined", "Lunch is my only quiet hour")
    assert events(app, pair)[1:] == [("offer_made", "mentor"), ("offer_answered", "mentee"), ("offer_made", "mentee"),
                                     ("offer_answered", "mentor")]


def test_only_the_author_withdraws_an_unanswered_offer(app, maya, robert, pair):
    post(maya, pair, "offers", {"offer-kind": "resource", "offer-text": "A video"})
    assert post(robert, pair, "offers/1/withdrawn", {}).status_code == 422
    assert post(maya, pair, "offers/1/withdrawn", {}).status_code == 302
    assert post(robert, pair, "offers/1/accepted", {}).status_code == 422
    assert events(app, pair)[-1] == ("offer_withdrawn", "mentor")


def test_an_offer_of_10000_characters_is_refused(app, maya, pair):
    from tenants.pair_space.models import Offer

    refused = post(maya, pair, "offers", {"offer-kind": "resource", "offer-text": LONG})
    assert refused.status_code == 422 and "Keep an offer to 300 characters." in refused.get_data(as_text=True)
    assert count(app, Offer) == 0


def test_an_htmx_answer_swaps_the_section_and_the_waiting_list(app, maya, robert, pair):
    post(maya, pair, "offers", {"offer-kind": "feedback", "offer-text": "On your slides"})
    swapped = post(robert, pair, "offers/1/accepted", {}, headers={"HX-Request": "true"})
    body = swapped.get_data(as_text=True)
    assert swapped.status_code == 200 and "<html" not in body
    assert 'id="offers"' in body and 'id="waiting" class="card waiting" aria-labelledby="waiting-title" hx-swap-oob="true"' in body


# --- goals -------------------------------------------------------------------------------------

def test_a_goal_gets_dated_progress_from_its_owner_only(app, maya, robert, pair):
    from tenants.goals.models import Goal, GoalUpdate

    post(robert, pair, "goals", {"goal-text": "Summarise with AI"})
    with in_tenant(app):
        goal_id = Goal.get().id
    assert post(robert, pair, f"goals/{goal_id}", {f"g{goal_id}-progress": "40", f"g{goal_id}-status": "open",
                                                   f"g{goal_id}-text": "First summary done"}).status_code == 302
    assert post(maya, pair, f"goals/{goal_id}", {f"g{goal_id}-progress": "90", f"g{goal_id}-status": "open"}).status_code == 404
    over = post(robert, pair, f"goals/{goal_id}", {f"g{goal_id}-progress": "150", f"g{goal_id}-status": "open"})
    assert over.status_code == 422 and "Say how far you are, 0 to 100 %." in over.get_data(as_text=True)
    post(robert, pair, f"goals/{goal_id}", {f"g{goal_id}-progress": "0", f"g{goal_id}-status": "achieved",
                                            f"g{goal_id}-text": "Whole board pack summarised"})
    with in_tenant(app):
        goal = Goal.get_by_id(goal_id)
        assert (goal.progress, goal.status, GoalUpdate.select().count()) == (100, "achieved", 2)
    shown = maya.get(space(pair)).get_data(as_text=True)
    assert "Whole board pack summarised" in shown and "First summary done" in shown
    assert events(app, pair)[1:] == [("goal_progress", "mentee"), ("goal_progress", "mentee")]


# --- pulse and closing survey ------------------------------------------------------------------

PULSE = {"clarity": "4", "needs": "4", "trust": "5", "effectiveness": "3", "learning": "4",
         "comment": "Robert is great but busy", "share_comment": "y"}


def test_a_pulse_is_answered_once_a_round_and_the_partner_never_sees_it(app, maya, robert, pair):
    from tenants.pair_space.models import PulseAnswer

    assert post(maya, pair, "pulse", PULSE).status_code == 302
    twice = post(maya, pair, "pulse", PULSE)
    assert twice.status_code == 422 and "You already answered round 1" in twice.get_data(as_text=True)
    assert "Robert is great but busy" not in robert.get(space(pair)).get_data(as_text=True)
    with in_tenant(app):
        answer = PulseAnswer.get()
        assert (answer.round, answer.trust, answer.share_comment) == (1, 5, True)
    assert events(app, pair)[1:] == [("pulse", "mentor")]


def test_a_pulse_item_outside_1_to_5_is_refused(app, maya, pair):
    from tenants.pair_space.models import PulseAnswer

    refused = post(maya, pair, "pulse", {**PULSE, "trust": "6"})
    assert refused.status_code == 422 and "Answer from 1 to 5." in refused.get_data(as_text=True)
    assert count(app, PulseAnswer) == 0


def test_the_closing_survey_opens_when_the_pairing_ends_and_the_space_becomes_read_only(app, maya, robert, pair):
    from tenants.pair_space.models import ClosingSurvey
    from tenants.pairing.board import end_pairing
    from tenants.pairing.models import Pairing

    early = post(maya, pair, "closing", {"goals_met": "yes", "recommend": "9", "stay": "4"})
    assert early.status_code == 422 and count(app, ClosingSurvey) == 0
    with in_tenant(app):
        end_pairing(Pairing.get_by_id(pair), "Maya moved abroad", "hr@acme.example")
    assert events(app, pair)[-1] == ("ended", None)
    assert "Answer the closing survey" in maya.get("/t/acme/").get_data(as_text=True)
    unrated = post(maya, pair, "closing", {"goals_met": "yes", "recommend": "11", "stay": "4"})
    assert unrated.status_code == 422 and "Choose a number from 0 to 10." in unrated.get_data(as_text=True)
    assert post(maya, pair, "closing", {"goals_met": "yes", "recommend": "9", "stay": "4",
                                        "before_0": "2", "after_0": "4"}).status_code == 302
    assert post(robert, pair, "closing", {"goals_met": "partly", "recommend": "7", "before_0": "1",
                                          "after_0": "3"}).status_code == 302
    with in_tenant(app):
        assert sorted((s.by, s.stay, s.read_skills()[0]["skill"]) for s in ClosingSurvey.select()) == \
            [("mentee", None, "AI tools"), ("mentor", 4, "Strategic thinking")]
    assert maya.get(space(pair)).status_code == 200
    for path, data in (("offers", {"offer-kind": "resource", "offer-text": "Too late"}), ("pulse", PULSE),
                       ("meetings/past", {"past-day": local_day(-1), "past-minutes": "30", "past-initiated_by": "mentor"})):
        assert post(maya, pair, path, data).status_code == 403
    assert count(app, ClosingSurvey) == 2


def test_asking_for_help_reaches_the_programme_manager_and_the_audit_log(app, robert, pair):
    from tenants.audit import AuditEntry

    asked = post(robert, pair, "help", {"kind": "rematch", "text": "We never manage to meet."})
    assert asked.status_code == 302
    message = last_email(app, "hr@acme.example")
    assert message.subject == "Robert Okafor asks for a rematch" and "We never manage to meet." in message.body
    with in_tenant(app):
        entry = AuditEntry.select().order_by(AuditEntry.id.desc()).first()
        assert (entry.actor, entry.action) == ("robert@acme.example", "asked for a rematch")
    assert post(robert, pair, "help", {"kind": "help", "text": LONG}).status_code == 422


# --- the event log -----------------------------------------------------------------------------

def test_publishing_writes_started_and_the_log_converts_to_the_trackers_events(app, acme):
    
    from tenants.pair_space.events import events_of
    from tenants.pairing.board import publish
    from tenants.pairing.models import Pairing, PairingProposal
    from tenants.people.models import User

    with in_tenant(app):
        maya, robert = User.get(User.email == "maya@acme.example"), User.get(User.email == "robert@acme.example")
        proposal = PairingProposal.create(created_by="hr@acme.example", mode="best_total")
        proposal.write([{"mentor_id": maya.id, "mentee_id": robert.id, "score": 80, "reason": "r", "reasons": []}], [])
        publish(proposal.id, "hr@acme.example")
        pairing = Pairing.get()
        assert events_of(pairing) == [{"on": pairing.started.date(), "kind": "started", "by": None}]


# --- the programme manager's pulse rhythm ------------------------------------------------------

def test_the_programme_manager_sets_the_pulse_rhythm(app, pair, maya):
    from tenants.program.models import current_program

    admin = as_user(app, "hr@acme.example")
    settings = "/t/acme/admin/program"
    assert 'name="every"' in admin.get(settings).get_data(as_text=True)
    token = csrf_token(admin, settings)
    refused = admin.post("/t/acme/admin/program/pulse", data={"every": "20", "open_days": "30", "csrf_token": token})
    assert refused.status_code == 422 and "A round closes before the next one opens" in refused.get_data(as_text=True)
    saved = admin.post("/t/acme/admin/program/pulse", data={"every": "60", "open_days": "10", "csrf_token": token})
    assert saved.status_code == 302
    with in_tenant(app):
        assert (current_program().pulse_every_days, current_program().pulse_open_days) == (60, 10)
    assert "Your pulse for this month is due" not in maya.get("/t/acme/").get_data(as_text=True)  # day 40 of 60
    assert post(maya, pair, "pulse", PULSE).status_code == 422
