"""`flask --app wsgi billing sync-prices`: the seat product and its two prices in Stripe, made
from the settings, found again by lookup key so that running it twice creates nothing."""
from saas.billing.prices import format_money
from saas.control import AuditEntry


def posts(stripe_double):
    return [r for r in stripe_double.requests if r.method == "POST"]


def prices_by_key(stripe_double):
    return {p["lookup_key"]: p for p in stripe_double.stored("price") if p["lookup_key"]}


def test_the_first_run_made_the_product_and_both_prices_from_the_settings(app, stripe_double):
    (product,) = stripe_double.stored("product")
    prices = prices_by_key(stripe_double)

    assert (product["id"], product["name"]) == ("mentorup_seat", "MentorUp seat")
    assert {key: (p["unit_amount"], p["currency"], p["recurring"]["interval"], p["product"])
            for key, p in prices.items()} == {"mentorup_seat_monthly": (800, "eur", "month", "mentorup_seat"),
                                              "mentorup_seat_yearly": (8000, "eur", "year", "mentorup_seat")}
    with app.app_context():
        assert AuditEntry.select().where(AuditEntry.action.startswith("created the Stripe product")).count() == 1


def test_running_it_again_creates_nothing(app, stripe_double):
    before = len(posts(stripe_double))

    result = app.test_cli_runner().invoke(args=["billing", "sync-prices"])

    assert result.exit_code == 0, result.output
    assert result.output.count("already in Stripe") == 3
    assert len(posts(stripe_double)) == before


def test_a_changed_amount_is_a_new_price_that_takes_over_the_lookup_key(app, stripe_double):
    old = prices_by_key(stripe_double)["mentorup_seat_monthly"]
    app.config["BILLING_MONTHLY_SEAT_CENTS"] = 900

    result = app.test_cli_runner().invoke(args=["billing", "sync-prices"])

    assert result.exit_code == 0 and f"replacing {old['id']}" in result.output
    new = prices_by_key(stripe_double)["mentorup_seat_monthly"]
    assert new["unit_amount"] == 900 and new["id"] != old["id"]
    archived = stripe_double.get(old["id"])
    assert (archived["active"], archived["lookup_key"]) == (False, None)
    assert prices_by_key(stripe_double)["mentorup_seat_yearly"]["unit_amount"] == 8000


def test_stripe_being_down_is_one_line_not_a_traceback(app, stripe_double):
    stripe_double.down = True

    result = app.test_cli_runner().invoke(args=["billing", "sync-prices"])

    assert result.exit_code == 1 and "Stripe refused or could not be reached" in result.output


def test_money_is_written_one_way():
    assert [format_money(800, "eur"), format_money(120000, "gbp"), format_money(800, "jpy"),
            format_money(1250, "chf"), format_money(-667, "usd"), format_money(None, "eur")] == \
        ["€8.00", "£1,200.00", "¥800", "12.50 CHF", "−$6.67", "–"]
