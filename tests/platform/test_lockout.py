"""Failed sign-ins slow the guesser down, per account and place, without letting a stranger
lock the owner out (saas/lockout.py)."""
import datetime

import pytest

from saas.control import LoginFailure
from tests.factories import sign_in

OWNER = "ada@alpha.example"
HOME, STRANGER = "198.51.100.7", "203.0.113.9"


def browser(app, address):
    client = app.test_client()
    client.environ_base["REMOTE_ADDR"] = address
    return client


def fail(client, email=OWNER, times=1):
    for _ in range(times):
        response = sign_in(client, "/t/alpha/login", email, "wrong guess!")
    return response


def age_failures(app, minutes):
    """Let `minutes` pass for every failure counted so far."""
    with app.app_context():
        for failure in LoginFailure.select():
            failure.at -= datetime.timedelta(minutes=minutes)
            failure.save()


def test_the_owner_at_their_usual_address_is_not_locked_out_by_a_strangers_failures(app, two_tenants):
    assert sign_in(browser(app, HOME), "/t/alpha/login", OWNER).status_code == 302
    for n in range(12):  # 60 wrong passwords from twelve addresses
        fail(browser(app, f"203.0.113.{n + 10}"), times=5)
    assert sign_in(browser(app, f"203.0.113.{n + 10}"), "/t/alpha/login", OWNER).status_code == 429
    owner_new_browser = browser(app, HOME)  # no cookies: known by the address alone
    assert sign_in(owner_new_browser, "/t/alpha/login", OWNER).status_code == 302


def test_the_owner_on_their_usual_device_gets_in_from_a_new_address(app, two_tenants):
    laptop = browser(app, HOME)
    assert sign_in(laptop, "/t/alpha/login", OWNER).status_code == 302
    for n in range(12):
        fail(browser(app, f"203.0.113.{n + 10}"), times=5)
    laptop.environ_base["REMOTE_ADDR"] = "192.0.2.44"  # a hotel's network
    assert sign_in(laptop, "/t/alpha/login", OWNER).status_code == 302


def test_many_addresses_guessing_one_account_stop_it_taking_tries_from_new_places(app, two_tenants):
    for n in range(10):
        fail(browser(app, f"203.0.113.{n + 10}"), times=5)
    refused = sign_in(browser(app, "192.0.2.99"), "/t/alpha/login", OWNER)  # even the right password
    assert refused.status_code == 429
    assert "only takes sign-ins from a device or address it used before" in refused.get_data(as_text=True)


def test_a_guesser_waits_longer_after_each_further_failure(app, two_tenants):
    guesser = browser(app, STRANGER)
    assert fail(guesser, times=5).status_code == 401
    refused = sign_in(guesser, "/t/alpha/login", OWNER)  # the right password does not help
    assert refused.status_code == 429 and "Wait a minute" in refused.get_data(as_text=True)
    assert 0 < int(refused.headers["Retry-After"]) <= 60
    age_failures(app, 1)
    assert fail(guesser).status_code == 401  # the sixth try is allowed, and fails
    again = fail(guesser)
    assert again.status_code == 429 and "Wait 2 minutes" in again.get_data(as_text=True)
    age_failures(app, 2)
    fail(guesser)
    assert "Wait 4 minutes" in fail(guesser).get_data(as_text=True)


def test_a_guessers_failures_never_delay_the_owner_at_another_address(app, two_tenants):
    fail(browser(app, STRANGER), times=5)
    assert sign_in(browser(app, HOME), "/t/alpha/login", OWNER).status_code == 302


def test_unknown_accounts_are_counted_like_real_ones(app, two_tenants):
    guesser = browser(app, STRANGER)
    fail(guesser, email="nobody@alpha.example", times=5)
    fail(guesser, times=5)
    real, unknown = fail(guesser), fail(guesser, email="nobody@alpha.example")
    assert real.status_code == unknown.status_code == 429


def test_the_owners_own_typos_are_forgotten_once_they_get_in(app, two_tenants):
    owner = browser(app, HOME)
    fail(owner, times=4)
    assert sign_in(owner, "/t/alpha/login", OWNER).status_code == 302
    fresh = browser(app, HOME)
    fail(fresh, times=4)
    assert sign_in(fresh, "/t/alpha/login", OWNER).status_code == 302


def test_an_address_trying_many_accounts_is_held_back_except_for_accounts_it_knows(app, two_tenants):
    max_browser = browser(app, STRANGER)
    assert sign_in(max_browser, "/t/alpha/login", "max@alpha.example").status_code == 302
    sprayer = browser(app, STRANGER)  # another browser on the same network
    for n in range(20):
        fail(sprayer, email=f"guess{n}@alpha.example")
    assert sign_in(sprayer, "/t/beta/login", "bea@beta.example").status_code == 429
    assert sign_in(max_browser, "/t/alpha/login", "max@alpha.example").status_code == 302


@pytest.mark.parametrize("where", ["/console/login", "/t/alpha/login"])
def test_both_realms_answer_a_locked_sign_in_with_a_429_in_their_layout(app, two_tenants, where):
    guesser = browser(app, STRANGER)
    for _ in range(5):
        sign_in(guesser, where, "someone@alpha.example", "wrong guess!")
    refused = sign_in(guesser, where, "someone@alpha.example", "wrong guess!")
    assert refused.status_code == 429
    assert "Too many failed sign-ins" in refused.get_data(as_text=True)
