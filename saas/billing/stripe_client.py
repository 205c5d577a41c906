"""The app's Stripe client: stripe-python's own, with a timeout and its own retries, which send
every POST again under the same idempotency key, so that a retried call is carried out once."""
import stripe
from flask import current_app

# Stripe's errors that mean "Stripe could not be reached or answered in time", not "Stripe refused".
UNREACHABLE = (stripe.APIConnectionError, stripe.APIError, stripe.RateLimitError)


class BillingUnavailable(RuntimeError):
    """Stripe cannot be used right now, or billing is not set up; the message says so for a person."""


def make_client(config):
    """A StripeClient for these settings, or None when no secret key is set (billing off).

    STRIPE_API_BASE, a setting for tests only, sends every call to a stand-in for Stripe (the
    tests' Stripe double) instead of Stripe's own hosts.
    """
    if not config.get("STRIPE_SECRET_KEY"):
        return None
    base = config.get("STRIPE_API_BASE")
    return stripe.StripeClient(
        config["STRIPE_SECRET_KEY"],
        base_addresses={"api": base, "files": base, "connect": base, "meter_events": base} if base else None,
        max_network_retries=config["STRIPE_MAX_NETWORK_RETRIES"],
        http_client=stripe.RequestsClient(timeout=config["STRIPE_TIMEOUT"]))


def client():
    """The current app's StripeClient; raises BillingUnavailable when billing is off."""
    found = current_app.extensions.get("stripe")
    if found is None:
        raise BillingUnavailable("Billing is not configured on this server.")
    return found


def as_dict(stripe_object):
    """A Stripe object as plain dicts and lists (its `items` would shadow dict.items otherwise)."""
    return stripe_object.to_dict()
