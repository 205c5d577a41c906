"""The one product MentorUp sells (a participant seat) and its two prices in Stripe, a month's and
a year's, made from the settings and found again by their lookup keys."""
import stripe
from flask import current_app

from saas.billing.stripe_client import BillingUnavailable, client
from saas.control import audit

PRODUCT_ID = "mentorup_seat"  # our own id: the product is found again without a search
PRODUCT_NAME = "MentorUp seat"
LOOKUP_KEYS = {"month": "mentorup_seat_monthly", "year": "mentorup_seat_yearly"}
PLAN_NAMES = {"month": "Monthly", "year": "Yearly"}


def wanted_prices(config):
    """(interval, lookup key, amount in cents) of each price the settings ask for."""
    amounts = {"month": config["BILLING_MONTHLY_SEAT_CENTS"], "year": config["BILLING_YEARLY_SEAT_CENTS"]}
    return [(interval, LOOKUP_KEYS[interval], amounts[interval]) for interval in ("month", "year")]


def prices_in_words(config):
    """{interval: "€8.00"}: a seat's price for each interval, as the settings set it."""
    return {interval: format_money(amount, config["BILLING_CURRENCY"].lower())
            for interval, _, amount in wanted_prices(config)}


def matches(price, currency, amount, interval):
    return (price.active and price.currency == currency and price.unit_amount == amount
            and price.product == PRODUCT_ID and price.recurring is not None and price.recurring.interval == interval)


def sync_prices(actor="cli"):
    """Create the product and any price that is missing or differs from the settings; running it
    again creates nothing. A changed amount is a new price that takes over the lookup key (Stripe's
    prices cannot change); subscriptions keep the price they have. Returns one line per object."""
    stripe_client, config = client(), current_app.config
    currency = config["BILLING_CURRENCY"].lower()
    report = []
    try:
        stripe_client.v1.products.retrieve(PRODUCT_ID)
        report.append(f"product {PRODUCT_ID}: already in Stripe")
    except stripe.InvalidRequestError as error:
        if error.http_status != 404:
            raise
        stripe_client.v1.products.create({"id": PRODUCT_ID, "name": PRODUCT_NAME,
                                          "metadata": {"app": "mentorup"}})
        audit(actor, "created the Stripe product", detail=PRODUCT_ID)
        report.append(f"product {PRODUCT_ID}: created")
    found = {price.lookup_key: price for price in
             stripe_client.v1.prices.list({"lookup_keys": list(LOOKUP_KEYS.values()), "limit": 10}).data}
    for interval, key, amount in wanted_prices(config):
        words = f"{format_money(amount, currency)} a seat a {interval}"
        old = found.get(key)
        if old is not None and matches(old, currency, amount, interval):
            report.append(f"{key} ({words}): already in Stripe as {old.id}")
            continue
        new = stripe_client.v1.prices.create({
            "product": PRODUCT_ID, "currency": currency, "unit_amount": amount,
            "recurring": {"interval": interval}, "lookup_key": key, "transfer_lookup_key": old is not None,
            "nickname": f"{PLAN_NAMES[interval]} seat"})
        if old is not None:
            stripe_client.v1.prices.update(old.id, {"active": False})
        audit(actor, "created a Stripe price", detail=f"{key}: {words} ({new.id})")
        report.append(f"{key} ({words}): created {new.id}" + (f", replacing {old.id}" if old else ""))
    return report


def price_for(interval):
    """The active Stripe price of a seat for `interval` ("month" or "year")."""
    found = client().v1.prices.list({"lookup_keys": [LOOKUP_KEYS[interval]], "active": True, "limit": 1}).data
    if not found:
        raise BillingUnavailable("The prices are not set up in Stripe yet: the operator runs "
                                 "“flask --app wsgi billing sync-prices” once.")
    return found[0]


# --- money, in one format -------------------------------------------------------------

SYMBOLS = {"eur": "€", "usd": "$", "gbp": "£", "jpy": "¥"}
# Stripe counts these in whole units, the others in hundredths.
ZERO_DECIMAL = {"bif", "clp", "djf", "gnf", "jpy", "kmf", "krw", "mga", "pyg", "rwf", "ugx", "vnd", "vuv",
                "xaf", "xof", "xpf"}


def plain_amount(amount, currency):
    """An amount in Stripe's units as a plain number for a spreadsheet: 1200.00, or 800 in yen."""
    if amount is None:
        return ""
    return str(amount) if (currency or "").lower() in ZERO_DECIMAL else f"{amount / 100:.2f}"


def format_money(amount, currency):
    """An amount in Stripe's units as people write it: €8.00, £1,200.00, ¥800 or 8.00 CHF for
    currencies without a symbol here."""
    if amount is None or not currency:
        return "–"
    number = f"{abs(amount):,}" if currency.lower() in ZERO_DECIMAL else f"{abs(amount) / 100:,.2f}"
    sign = "−" if amount < 0 else ""
    symbol = SYMBOLS.get(currency.lower())
    return f"{sign}{symbol}{number}" if symbol else f"{sign}{number} {currency.upper()}"
