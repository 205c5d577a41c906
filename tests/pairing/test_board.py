"""The admin's pairing board on real tenant data: propose, pin, forbid, publish, end."""
import functools
import re
import threading

import pytest

from saas.tenancy import tenant_scope
from tenants import platform
from tenants.matching import SCORES
from tenants.models import now
from tenants.onboarding.models import ProfileSkill
from tenants.pairing import board
from tenants.pairing.models import Pairing, PairingProposal
from tenants.people.models import User
from tenants.program.models import Skill
from tests.factories import at_the_same_moment, csrf_token, last_email, make_tenant, post_form, ready, sign_in

PEOPLE = [("hr@acme.example", "Hana HR", "admin"),
          ("maya@acme.example", "Maya Chen", "mentor"), ("sam@acme.example", "Sam Ito", "mentor"),
          ("robert@acme.example", "Robert Okafor", "mentee"), ("grace@acme.example", "Grace Lee", "mentee"),
          ("ivy@acme.example", "Ivy New", "mentee")]


@pytest.fixture
def acme(app):
    make_tenant(app, "acme", PEOPLE)
    make_tenant(app, "other", [("hr@other.example", "Otto Other", "admin")])
    with app.app_context(), tenant_scope("acme"):
        ready("maya@acme.example", 2, ["AI tools"], ["Strategic thinking"], "Digital")
        ready("sam@acme.example", 1, ["Social media"], [], "Sales")
        ready("robert@acme.example", 8, ["Strategic thinking"], ["AI tools"], "Board")
        ready("grace@acme.example", 7, [], ["Social media", "AI tools"], "Finance")
    return "acme"


@pytest.fixture
def admin(client, acme):
    sign_in(client, "/t/acme/login", "hr@acme.example")
    return client


def run(client, **form):
    return post_form(client, "/t/acme/admin/pairing", {"mode": "best_total", **form}, "/t/acme/admin/pairing/proposals")


def latest(app):
    with app.app_context(), tenant_scope("acme"):
        proposal = PairingProposal.select().order_by(PairingProposal.id.desc()).get()
        names = dict(User.select(User.id, User.name).tuples())
        return proposal, {(names[p["mentor_id"]], names[p["mentee_id"]]) for p in proposal.read("pairs")}


def read(app, proposal, field):
    with app.app_context(), tenant_scope("acme"):
        return proposal.read(field)


def ids(app, *emails):
    with app.app_context(), tenant_scope("acme"):
        return [User.get(User.email == e).id for e in emails]


def test_a_proposal_pairs_the_cohort_and_explains_who_is_left_out(app, admin):
    assert run(admin).status_code == 302
    proposal, pairs = latest(app)
    assert pairs == {("Maya Chen", "Robert Okafor"), ("Sam Ito", "Grace Lee")}
    page = admin.get("/t/acme/admin/pairing").get_data(as_text=True)
    assert "Ivy New" in page and "Profile not ready for pairing" in page
    assert "Maya Chen can teach" in page


def test_forbidding_a_pair_takes_it_out_of_the_draft_and_keeps_it_out_of_the_next(app, admin):
    run(admin)
    maya, robert = ids(app, "maya@acme.example", "robert@acme.example")
    post_form(admin, "/t/acme/admin/pairing", {"mentor": maya, "mentee": robert, "kind": "forbid"},
              "/t/acme/admin/pairing/decisions")
    draft, pairs = latest(app)
    assert ("Maya Chen", "Robert Okafor") not in pairs  # at once: it cannot be published by mistake
    assert any("Forbidden as a pair by Hana HR" in u["reason"] for u in read(app, draft, "unmatched"))
    run(admin)
    assert ("Maya Chen", "Robert Okafor") not in latest(app)[1]
    page = admin.get("/t/acme/admin/pairing").get_data(as_text=True)
    assert "Maya Chen &amp; Robert Okafor: forbidden" in page


def test_a_pinned_pair_is_kept_on_every_run(app, admin):
    maya, grace = ids(app, "maya@acme.example", "grace@acme.example")
    post_form(admin, "/t/acme/admin/pairing", {"mentor": maya, "mentee": grace, "kind": "pin"},
              "/t/acme/admin/pairing/decisions")
    run(admin, mode="most_matched")
    assert ("Maya Chen", "Grace Lee") in latest(app)[1]


def test_publishing_introduces_both_partners_and_shows_them_each_other(app, admin, client):
    run(admin)
    proposal, _ = latest(app)
    response = post_form(admin, "/t/acme/admin/pairing", {}, f"/t/acme/admin/pairing/proposals/{proposal.id}/publish")
    assert response.status_code == 302
    assert "Meet your reverse-mentoring partner: Robert Okafor" == last_email(app, "maya@acme.example").subject
    assert "Why you were matched" in last_email(app, "robert@acme.example").body
    maya = app.test_client()
    sign_in(maya, "/t/acme/login", "maya@acme.example")
    assert "Your mentee: Robert Okafor" in maya.get("/t/acme/").get_data(as_text=True)
    again = post_form(admin, "/t/acme/admin/pairing", {}, f"/t/acme/admin/pairing/proposals/{proposal.id}/publish")
    assert again.status_code == 409 and "already published" in again.get_data(as_text=True)
    with app.app_context(), tenant_scope("acme"):
        assert Pairing.select().count() == 2


def test_a_proposal_compares_itself_with_the_draft_it_replaced_not_with_a_publication(app, admin):
    run(admin)
    run(admin)
    assert "the one before: 2 pairs" in admin.get("/t/acme/admin/pairing").get_data(as_text=True)
    proposal, _ = latest(app)
    post_form(admin, "/t/acme/admin/pairing", {}, f"/t/acme/admin/pairing/proposals/{proposal.id}/publish")
    run(admin)  # the people left: Ivy, whose profile is not ready
    page = admin.get("/t/acme/admin/pairing").get_data(as_text=True)
    assert "Nobody more can be paired right now" in page and "the one before" not in page


def test_of_two_runs_at_once_the_newer_is_the_draft_whichever_ends_first(app, admin):
    with app.app_context(), tenant_scope("acme"):
        older, newer = (PairingProposal.create(created_by="hr@acme.example", mode="best_total", status="running")
                        for _ in range(2))
        board.complete_proposal(newer.id)
        board.complete_proposal(older.id)  # overtaken while it ran: it must not replace the newer
        assert [p.status for p in PairingProposal.select().order_by(PairingProposal.id)] == ["superseded", "draft"]
        assert board.current_draft().id == newer.id
    page = admin.get("/t/acme/admin/pairing").get_data(as_text=True)
    assert f"/proposals/{newer.id}/publish" in page and f"/proposals/{older.id}/" not in page


def test_two_runs_ending_at_the_same_moment_leave_one_draft(app, acme, database_url):
    with app.app_context(), tenant_scope("acme"):
        runs = [PairingProposal.create(created_by="hr@acme.example", mode="best_total", status="running").id
                for _ in range(2)]
    problems = []

    def complete(proposal_id):
        with app.app_context(), tenant_scope("acme"):
            try:
                board.complete_proposal(proposal_id)
            except Exception as error:  # noqa: BLE001 (said below, with the statuses)
                problems.append(repr(error))
    def computed():  # both have their pairs and stand where each decides whether it is the newest draft
        with app.app_context(), tenant_scope("acme"):
            return all(platform.progress(f"proposal-{run_id}") == 95 for run_id in runs)
    at_the_same_moment(app, database_url, "pairing_proposal", *(functools.partial(complete, run_id) for run_id in runs),
                       ready=computed)
    with app.app_context(), tenant_scope("acme"):
        statuses = [p.status for p in PairingProposal.select().order_by(PairingProposal.id)]
    assert (statuses, problems) == (["superseded", "draft"], [])


def test_two_admins_publishing_at_once_publish_once(app, admin):
    run(admin)
    proposal, _ = latest(app)
    outcomes = []

    def publish():
        with app.app_context(), tenant_scope("acme"):
            try:
                outcomes.append(len(board.publish(proposal.id, "someone")))
            except board.AlreadyPublished:
                outcomes.append("told")
    threads = [threading.Thread(target=publish) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(outcomes, key=str) == [2, "told"]


def test_ending_a_pairing_frees_both_tells_them_and_keeps_them_apart(app, admin):
    run(admin)
    proposal, _ = latest(app)
    post_form(admin, "/t/acme/admin/pairing", {}, f"/t/acme/admin/pairing/proposals/{proposal.id}/publish")
    with app.app_context(), tenant_scope("acme"):
        pairing_id = Pairing.select().join(User, on=Pairing.mentor == User.id).where(User.email == "maya@acme.example").get().id
    missing = post_form(admin, "/t/acme/admin/pairing", {"reason": ""}, f"/t/acme/admin/pairing/pairings/{pairing_id}/end")
    assert missing.status_code == 422
    assert f'id="reason-{pairing_id}"' in (page := missing.get_data(as_text=True)) and 'aria-invalid="true"' in page
    asked = post_form(admin, "/t/acme/admin/pairing", {"reason": "Maya moved abroad"},
                      f"/t/acme/admin/pairing/pairings/{pairing_id}/end").get_data(as_text=True)
    assert "End the pairing of Maya Chen and Robert Okafor?" in asked and 'name="confirmed" value="yes"' in asked
    assert 'name="reason" value="Maya moved abroad"' in asked
    with app.app_context(), tenant_scope("acme"):
        assert Pairing.get_by_id(pairing_id).status == "active"  # nothing happens until it is confirmed
    post_form(admin, "/t/acme/admin/pairing", {"reason": "Maya moved abroad", "confirmed": "yes"}, f"/t/acme/admin/pairing/pairings/{pairing_id}/end")
    with app.app_context(), tenant_scope("acme"):
        assert Pairing.get_by_id(pairing_id).end_reason == "Maya moved abroad"
    for person, partner in (("maya@acme.example", "Robert Okafor"), ("robert@acme.example", "Maya Chen")):
        told = last_email(app, person)
        assert told.subject == f"Your reverse-mentoring pairing with {partner} has ended"
        assert "moved abroad" not in told.body  # the reason is the programme's, not theirs to read
    run(admin)
    proposal, pairs = latest(app)
    assert ("Maya Chen", "Robert Okafor") not in pairs  # free again, but not for each other
    assert any(u["name"] == "Robert Okafor" and "ruled out by the programme manager" in u["reason"]
               for u in read(app, proposal, "unmatched"))


@pytest.mark.parametrize("form", [{"mode": "fastest"}, {"w-skills": "-1"}, {"w-values": "lots"}])
def test_bad_settings_are_refused_with_a_message(admin, form):
    response = run(admin, **form)
    assert response.status_code == 422 and 'role="alert"' in response.get_data(as_text=True)


def test_an_empty_cohort_is_a_proposal_with_nobody_not_an_error(app, client):
    make_tenant(app, "empty", [("hr@empty.example", "Eve", "admin")])
    sign_in(client, "/t/empty/login", "hr@empty.example")
    response = post_form(client, "/t/empty/admin/pairing", {"mode": "best_total"}, "/t/empty/admin/pairing/proposals")
    assert response.status_code == 302
    assert "0 pairs" in client.get("/t/empty/admin/pairing").get_data(as_text=True)


def test_participants_cannot_use_the_board(app, acme, client):
    sign_in(client, "/t/acme/login", "maya@acme.example")
    assert client.get("/t/acme/admin/pairing").status_code == 403
    preview = post_form(client, "/t/acme/", {"mode": "best_total"}, "/t/acme/admin/pairing/preview")
    assert preview.status_code == 403


def preview(client, **form):
    return post_form(client, "/t/acme/admin/pairing", {"mode": "best_total", **form}, "/t/acme/admin/pairing/preview",
                     headers={"HX-Request": "true"})


def test_previewing_weights_shows_what_would_change_and_saves_nothing(app, admin):
    run(admin)
    before = PairingProposal_count(app)
    same = preview(admin).get_data(as_text=True)
    assert "With these weights:</strong> 2 pairs, total score" in same and "the same pairs" in same
    # Only "different departments" counts, and both pairs are across departments: 100 each.
    only_departments = {f"w-{name}": 10 if name == "cross_function" else 0 for name in SCORES}
    assert "2 pairs, total score 200.0" in preview(admin, **only_departments).get_data(as_text=True)
    robert, = ids(app, "robert@acme.example")
    draft, _ = latest(app)
    post_form(admin, "/t/acme/admin/pairing", {"mentee": robert}, f"/t/acme/admin/pairing/proposals/{draft.id}/remove")
    changed = preview(admin).get_data(as_text=True)
    assert "1 senior would be paired differently" in changed and "Robert Okafor: no mentor → Maya Chen" in changed
    assert PairingProposal_count(app) == before  # a preview is not a proposal


def test_a_preview_with_a_bad_weight_says_so_next_to_the_weights(app, admin):
    response = preview(admin, **{"w-career_gap": "11"})
    assert response.status_code == 422
    assert "Career-stage gap: “11” is not a weight; give a number from 0 to 10." in response.get_data(as_text=True)
    assert "Nothing is not a weight" in preview(admin, **{"w-skills": ""}).get_data(as_text=True)
    assert preview(admin, mode="cheapest").status_code == 422


def test_a_bad_weight_keeps_everything_typed_and_says_which(app, admin):
    response = post_form(admin, "/t/acme/admin/pairing", {"w-values": "7", "w-career_gap": "11", "mode": "most_matched"},
                         "/t/acme/admin/pairing/proposals", headers={"HX-Request": "true", "HX-Boosted": "true"})
    page = response.get_data(as_text=True)
    assert response.status_code == 422 and "Career-stage gap: “11” is not a weight" in page
    assert response.headers["HX-Push-Url"] == "false"  # reloading must show the board, not POST's address
    assert 'id="w-values" name="w-values" type="number" min="0" max="10" step="0.5" value="7"' in page
    assert 'value="most_matched" checked' in page and "<details open>" in page


def PairingProposal_count(app):
    with app.app_context(), tenant_scope("acme"):
        return PairingProposal.select().count()


@pytest.mark.parametrize("path", ["/t/other/admin/pairing", "/t/other/admin/pairing/proposals",
                                  "/t/other/admin/pairing/decisions", "/t/other/admin/pairing/proposals/1/publish",
                                  "/t/other/admin/pairing/pairings/1/end", "/t/other/admin/pairing/preview"])
def test_another_tenants_board_is_out_of_reach(app, admin, path):
    token = csrf_token(admin, "/t/acme/admin/pairing")
    method = admin.get if path.endswith("pairing") else admin.post
    response = method(path, data={"csrf_token": token, "mode": "best_total"})
    assert response.status_code == 302 and response.headers["Location"].startswith("/t/other/login")
    with app.app_context(), tenant_scope("other"):
        assert PairingProposal.select().count() == 0


def test_the_consoles_numbers_follow_a_publication(app, admin):
    from saas.control import Tenant, TenantRollup
    run(admin)
    proposal, _ = latest(app)
    post_form(admin, "/t/acme/admin/pairing", {}, f"/t/acme/admin/pairing/proposals/{proposal.id}/publish")
    with app.app_context():
        rollup = TenantRollup.select().join(Tenant).where(Tenant.slug == "acme").get()
        assert (rollup.participants, rollup.active_pairs) == (5, 2)


def test_swapping_mentors_rescores_both_pairs_or_says_which_rule_stops_it(app, admin):
    run(admin)
    proposal, pairs = latest(app)
    robert, grace = ids(app, "robert@acme.example", "grace@acme.example")
    # Sam teaches only social media, which Robert does not want: the swap must be refused.
    offered = admin.get(f"/t/acme/admin/pairing?swap={robert}").get_data(as_text=True)
    assert "No swap keeps every rule for Robert Okafor." in offered and 'name="other"' not in offered
    refused = post_form(admin, "/t/acme/admin/pairing", {"mentee": robert, "other": grace},
                        f"/t/acme/admin/pairing/proposals/{proposal.id}/swap")
    assert refused.status_code == 422
    assert "Sam Ito cannot mentor Robert Okafor: Sam Ito teaches none of the topics Robert Okafor wants." in \
        refused.get_data(as_text=True)
    assert latest(app)[1] == pairs


def test_swap_options_for_someone_no_longer_in_the_programme_are_none(app, admin):
    run(admin)
    robert, = ids(app, "robert@acme.example")
    with app.app_context(), tenant_scope("acme"):
        User.update(invitation_revoked=now()).where(User.email == "maya@acme.example").execute()
    page = admin.get(f"/t/acme/admin/pairing?swap={robert}")
    assert page.status_code == 200 and "No swap keeps every rule for Robert Okafor." in page.get_data(as_text=True)


def run_with_sam_teaching_ai_too(app, admin):
    """Sam can then mentor Robert as well as Grace, so their mentors can be swapped."""
    with app.app_context(), tenant_scope("acme"):
        sam = User.get(User.email == "sam@acme.example")
        ProfileSkill.create(user=sam, skill=Skill.get(Skill.name == "AI tools"), direction="teach", level=3)
    run(admin)


def test_a_swap_that_keeps_the_rules_is_made(app, admin):
    run_with_sam_teaching_ai_too(app, admin)
    proposal, _ = latest(app)
    robert, grace = ids(app, "robert@acme.example", "grace@acme.example")
    offered = admin.get(f"/t/acme/admin/pairing?swap={robert}").get_data(as_text=True)
    assert re.search(rf'<select id="swap-{robert}" name="other"><option value="{grace}">Grace Lee</option></select>', offered)
    response = post_form(admin, "/t/acme/admin/pairing", {"mentee": robert, "other": grace},
                         f"/t/acme/admin/pairing/proposals/{proposal.id}/swap")
    assert response.status_code == 302
    swapped, pairs = latest(app)
    assert pairs == {("Maya Chen", "Grace Lee"), ("Sam Ito", "Robert Okafor")}
    assert not any(p["pinned"] or p["reason"].startswith("Pinned") for p in read(app, swapped, "pairs"))


def test_a_swap_into_a_forbidden_pair_is_neither_offered_nor_made(app, admin):
    run_with_sam_teaching_ai_too(app, admin)
    proposal, pairs = latest(app)
    maya, robert, grace = ids(app, "maya@acme.example", "robert@acme.example", "grace@acme.example")
    post_form(admin, "/t/acme/admin/pairing", {"mentor": maya, "mentee": grace, "kind": "forbid"},
              "/t/acme/admin/pairing/decisions")
    assert "No swap keeps every rule for Robert Okafor." in admin.get(f"/t/acme/admin/pairing?swap={robert}").get_data(as_text=True)
    refused = post_form(admin, "/t/acme/admin/pairing", {"mentee": robert, "other": grace},
                        f"/t/acme/admin/pairing/proposals/{proposal.id}/swap")
    assert refused.status_code == 422 and "Maya Chen and Grace Lee are a forbidden pair." in refused.get_data(as_text=True)
    assert latest(app)[1] == pairs


def test_removing_a_pair_leaves_both_waiting_with_a_reason(app, admin):
    run(admin)
    proposal, _ = latest(app)
    robert, = ids(app, "robert@acme.example")
    post_form(admin, "/t/acme/admin/pairing", {"mentee": robert}, f"/t/acme/admin/pairing/proposals/{proposal.id}/remove")
    proposal, pairs = latest(app)
    assert pairs == {("Sam Ito", "Grace Lee")}
    assert "Taken out of this proposal" in admin.get("/t/acme/admin/pairing").get_data(as_text=True)
    with app.app_context(), tenant_scope("acme"):
        assert proposal.total == round(proposal.read("pairs")[0]["score"], 1)


def test_a_large_programme_is_paired_by_a_job_with_progress(app, admin, monkeypatch):
    huey = app.extensions["jobs"].huey
    monkeypatch.setattr(board, "IN_THE_BACKGROUND_FROM", 3)  # the tenant has 5 participants
    monkeypatch.setattr(huey, "immediate", False)  # queue for real, run as the consumer would
    huey.flush()
    run(admin)
    page = admin.get("/t/acme/admin/pairing").get_data(as_text=True)
    assert "Pairing everyone in the programme" in page and "Publish" not in page
    running = re.search(r"/proposals/(\d+)/progress", page).group(1)
    polling = admin.get(f"/t/acme/admin/pairing/proposals/{running}/progress", headers={"HX-Request": "true"})
    assert "<progress" in polling.get_data(as_text=True)
    worker = threading.Thread(target=lambda: huey.execute(huey.dequeue()))
    worker.start()
    worker.join(timeout=60)
    done = admin.get(f"/t/acme/admin/pairing/proposals/{running}/progress", headers={"HX-Request": "true"})
    assert done.headers["HX-Refresh"] == "true"
    assert latest(app)[1] == {("Maya Chen", "Robert Okafor"), ("Sam Ito", "Grace Lee")}


def test_a_senior_chooses_from_a_shortlist_and_the_choice_is_kept(app, admin):
    assert post_form(admin, "/t/acme/admin/pairing", {}, "/t/acme/admin/pairing/shortlists").status_code == 302
    assert "Choose your reverse mentor" in last_email(app, "grace@acme.example").subject
    grace = app.test_client()
    sign_in(grace, "/t/acme/login", "grace@acme.example")
    assert "Choose your mentor" in grace.get("/t/acme/").get_data(as_text=True)
    page = grace.get("/t/acme/shortlist").get_data(as_text=True)
    assert "Sam Ito" in page and "Maya Chen" in page
    maya, robert = ids(app, "maya@acme.example", "robert@acme.example")
    outsider = post_form(grace, "/t/acme/shortlist", {"mentor": robert})
    assert outsider.status_code == 422 and "one of the mentors on your shortlist" in outsider.get_data(as_text=True)
    assert post_form(grace, "/t/acme/shortlist", {"mentor": maya}).status_code == 302
    run(admin)
    assert ("Maya Chen", "Grace Lee") in latest(app)[1]
    assert "Chosen so far: 1 of 2 seniors." in admin.get("/t/acme/admin/pairing").get_data(as_text=True)


def offer_to_grace(app, mentor_emails, reason):
    import json

    from tenants.pairing.models import ShortlistOffer
    with app.app_context(), tenant_scope("acme"):
        grace = User.get(User.email == "grace@acme.example")
        mentors = [User.get(User.email == email).id for email in mentor_emails]
        ShortlistOffer.create(mentee=grace, reason=reason, candidates=json.dumps(
            [{"mentor_id": mentor, "score": 50, "reason": "You complement each other."} for mentor in mentors]))
    client = app.test_client()
    sign_in(client, "/t/acme/login", "grace@acme.example")
    return client


def test_a_senior_reads_their_shortlist_in_their_own_words(app, admin):
    grace = offer_to_grace(app, ["maya@acme.example"], "Only 1 mentor can be paired with Grace Lee")
    page = grace.get("/t/acme/shortlist").get_data(as_text=True)
    assert "One colleague fits the programme's rules for you right now." in page
    assert "can be paired with Grace Lee" not in page and "Maya Chen" in page


def test_an_empty_shortlist_says_so_and_offers_no_form(app, admin):
    grace = offer_to_grace(app, [], "No mentor is at least 2 levels below Grace Lee, outside the 1–4 levels")
    page = grace.get("/t/acme/shortlist").get_data(as_text=True)
    assert "No mentor fits the programme's rules for you yet." in page
    assert "<form method=\"post\" novalidate>" not in page and "outside the" not in page
    assert "Choose your mentor" not in grace.get("/t/acme/").get_data(as_text=True)
    sent = post_form(grace, "/t/acme/shortlist", {"mentor": "1"})
    assert sent.status_code == 200 and "form-error" not in sent.get_data(as_text=True)


def test_a_shortlist_of_another_tenant_is_out_of_reach(app, admin):
    post_form(admin, "/t/acme/admin/pairing", {}, "/t/acme/admin/pairing/shortlists")
    grace = app.test_client()
    sign_in(grace, "/t/acme/login", "grace@acme.example")
    assert grace.get("/t/other/shortlist").headers["Location"].startswith("/t/other/login")
    assert admin.get("/t/acme/shortlist").status_code == 404  # admins have no shortlist


def test_a_proposal_can_pair_one_cohort(app, admin):
    from tenants.program.models import Cohort
    with app.app_context(), tenant_scope("acme"):
        spring = Cohort.create(name="Spring")
        User.update(cohort=spring).where(User.email.in_(["sam@acme.example", "grace@acme.example"])).execute()
    run(admin, cohort=str(spring.id))
    assert latest(app)[1] == {("Sam Ito", "Grace Lee")}
    assert run(admin, cohort="999").status_code == 422
    for garbled in ("²", "١", "9" * 30):  # digits int() reads, or not, and numbers past any id
        assert run(admin, cohort=garbled).status_code == 422


def test_a_pin_ends_with_its_pairing_and_introductions_show_only_the_good_reasons(app, admin):
    from tenants.pairing.models import PairDecision
    sam, grace = ids(app, "sam@acme.example", "grace@acme.example")
    post_form(admin, "/t/acme/admin/pairing", {"mentor": sam, "mentee": grace, "kind": "pin"}, "/t/acme/admin/pairing/decisions")
    run(admin)
    proposal, _ = latest(app)
    post_form(admin, "/t/acme/admin/pairing", {}, f"/t/acme/admin/pairing/proposals/{proposal.id}/publish")
    body = last_email(app, "grace@acme.example").body
    assert "Why you were matched:" in body and "Pinned" not in body
    with app.app_context(), tenant_scope("acme"):
        assert PairDecision.select().count() == 0
