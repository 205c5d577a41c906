"""The programme manager, and a consultant acting as one, see that a pair works together but
never what the partners wrote: charter text, agendas, notes, offer text, reasons, comments.

Every page of the tenant (every GET route, existing or new, with every id filled in) is
opened as each of them after the partners have written something of each kind."""
import re

import pytest
from werkzeug.routing import IntegerConverter

from saas.control import Tenant
from tests.factories import add_staff, csrf_token, make_consultancy, sign_in
from tests.pair_space.conftest import PRIVATE, as_user, in_tenant
from tests.pair_space.test_space import CHARTER, PULSE, local_day, post

# One marker per private text, each written by a partner below.
SECRETS = {"charter": "SECRET-CHARTER-a1", "agenda": "SECRET-AGENDA-b2", "note": "SECRET-NOTE-c3",
           "offer": "SECRET-OFFER-d4", "decline": "SECRET-DECLINE-e5", "comment": "SECRET-COMMENT-f6",
           "cancel": "SECRET-CANCEL-g7", "goal update": "SECRET-GOAL-h8"}


@pytest.fixture
def written(app, maya, robert, pair):
    """The partners have used every part of the space; returns the ids a route may need."""
    from tenants.goals.models import Goal
    from tenants.pair_space.models import Meeting

    post(maya, pair, "charter", {**CHARTER, "learn": SECRETS["charter"], "success": SECRETS["charter"]})
    post(maya, pair, "charter/sign", {"number": "1"})
    post(maya, pair, "meetings/past", {"past-day": local_day(-2), "past-minutes": "60", "past-initiated_by": "mentor",
                                       "past-agenda": SECRETS["agenda"]})
    post(robert, pair, "meetings", {"day": local_day(5), "at": "10:00", "minutes": "30", "agenda": SECRETS["agenda"]})
    post(robert, pair, "meetings/2/cancel", {"reason": SECRETS["cancel"]})
    post(robert, pair, "meetings/1/notes", {"text": SECRETS["note"]})
    post(maya, pair, "offers", {"offer-kind": "session", "offer-text": SECRETS["offer"]})
    post(robert, pair, "offers/1/declined", {"o1-reason": SECRETS["decline"]})
    post(robert, pair, "offers", {"offer-kind": "feedback", "offer-text": SECRETS["offer"]})
    post(robert, pair, "pulse", {**PULSE, "comment": SECRETS["comment"], "share_comment": ""})
    post(robert, pair, "goals", {"goal-text": "Learn prompts"})
    with in_tenant(app):
        goal = Goal.get()
        meeting = Meeting.get_by_id(1)
    post(robert, pair, f"goals/{goal.id}", {f"g{goal.id}-progress": "30", f"g{goal.id}-status": "open",
                                            f"g{goal.id}-text": SECRETS["goal update"]})
    page = maya.get(f"/t/acme/pairs/{pair}/meetings/{meeting.id}").get_data(as_text=True)
    assert SECRETS["agenda"] in page and SECRETS["note"] in page  # the partners do read them
    return {"pairing_id": pair, "meeting_id": meeting.id, "offer_id": 1, "goal_id": goal.id}


def every_page(app, ids):
    """Every GET address of the tenant's pages, with the ids of `ids` and a dummy for the rest."""
    for rule in app.url_map.iter_rules():
        if "GET" not in rule.methods or not rule.rule.startswith("/t/<"):
            continue
        values = {arg: ids.get(arg, 1) for arg in rule.arguments}
        values["tenant"] = "acme"
        for arg in rule.arguments - set(ids) - {"tenant"}:
            if not isinstance(rule._converters[arg], IntegerConverter):
                values[arg] = "x"
        with app.test_request_context():
            yield app.url_for(rule.endpoint, **values)


def assert_sees_no_secret(app, client, ids):
    opened = 0
    for url in every_page(app, ids):
        page = client.get(url).get_data(as_text=True)
        opened += 1
        for what, secret in SECRETS.items():
            assert secret not in page, f"{url} shows the {what}"
        assert PRIVATE not in page or "/admin/" in url, f"{url} shows a private reason"
    assert opened > 20


def test_the_programme_manager_sees_no_private_text_on_any_page(app, written):
    admin = as_user(app, "hr@acme.example")
    assert admin.get("/t/acme/admin/pairing").status_code == 200
    assert_sees_no_secret(app, admin, written)


def test_a_consultant_acting_as_the_programme_manager_sees_none_either(app, written):
    with app.app_context():
        consultancy = make_consultancy("Kite Partners", "kim@kite.example")
        add_staff(consultancy, "cory@kite.example")
        Tenant.update(consultancy=consultancy).where(Tenant.slug == "acme").execute()
    staff = app.test_client()
    assert sign_in(staff, "/console/login", "cory@kite.example").status_code == 302
    entered = staff.post("/console/tenants/acme/enter", data={"csrf_token": csrf_token(staff, "/console/tenants/acme")})
    assert entered.status_code == 302
    assert re.search("You are acting as this organisation", staff.get("/t/acme/").get_data(as_text=True))
    assert staff.get(f"/t/acme/pairs/{written['pairing_id']}/").status_code == 404
    assert_sees_no_secret(app, staff, written)
