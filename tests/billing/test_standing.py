"""A tenant's standing is a plain function of its subscription and the day: checked without Flask."""
import datetime

import pytest

from saas.billing.standing import Terms, standing

TERMS = Terms(trial_days=30, trial_seats=20, grace_days=14)
CREATED = datetime.datetime(2026, 3, 1, 9, 0)
DAY = datetime.timedelta(days=1)


def on(day, **subscription):
    return standing(TERMS, CREATED + day * DAY, CREATED, "Kite Partners", **subscription)


def test_the_trial_lasts_thirty_days_with_twenty_seats_then_is_read_only():
    during, last_minute = on(29), on(30 - 1 / 1440)
    after = on(30)

    assert (during.state, during.seat_limit, during.read_only) == ("trial", 20, False)
    assert last_minute.state == "trial"
    assert (after.state, after.reason, after.until) == ("read-only", "trial ended", CREATED + 30 * DAY)


def test_a_seat_limit_below_the_trials_applies_during_the_trial():
    assert on(1, seat_limit=5).seat_limit == 5
    assert on(1, seat_limit=50).seat_limit == 20
    assert "subscribing" in on(1).seat_limit_note
    assert "Kite Partners set this limit" in on(1, seat_limit=5).seat_limit_note


@pytest.mark.parametrize("status", ["active", "trialing", "incomplete"])
def test_a_live_subscription_works_with_the_consultancys_limit_or_none(status):
    assert on(400, status=status, stripe_id="sub_1").state == "subscribed"
    assert on(400, status=status, stripe_id="sub_1").seat_limit is None
    assert on(400, status=status, stripe_id="sub_1", seat_limit=40).seat_limit == 40


def test_an_overdue_payment_has_fourteen_days_of_grace_from_the_first_failure():
    failed = CREATED + 40 * DAY
    grace = on(53.9, status="past_due", stripe_id="sub_1", past_due_since=failed)
    over = on(54, status="past_due", stripe_id="sub_1", past_due_since=failed)

    assert (grace.state, grace.since, grace.until, grace.read_only) == ("past due", failed, failed + 14 * DAY, False)
    assert (over.state, over.reason) == ("read-only", "grace ended")


@pytest.mark.parametrize("status, reason", [("unpaid", "unpaid"), ("canceled", "canceled"),
                                            ("incomplete_expired", "never paid"), ("paused", "paused")])
def test_these_statuses_are_read_only_at_once(status, reason):
    found = on(1, status=status, stripe_id="sub_1")
    assert (found.read_only, found.reason, found.seat_limit) == (True, reason, None)


def test_a_tenant_nobody_pays_for_is_not_billed():
    found = standing(TERMS, CREATED + 400 * DAY, CREATED, None)
    assert (found.state, found.read_only, found.seat_limit) == ("not billed", False, None)
