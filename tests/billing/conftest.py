"""Fixtures for the billing tests: a fresh Stripe double per test, and a client aimed at it."""
import pytest

from tests.billing.stripe_double import StripeDouble


@pytest.fixture
def stripe_double():
    with StripeDouble() as double:
        yield double


@pytest.fixture
def stripe_client(stripe_double):
    return stripe_double.client()
