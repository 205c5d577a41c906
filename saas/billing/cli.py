"""Operator commands: `flask --app wsgi billing sync-prices`."""
import click
import stripe
from flask.cli import AppGroup

from saas.billing.prices import sync_prices
from saas.billing.standing import billing_on

billing_cli = AppGroup("billing", help="Set up MentorUp's product and prices in Stripe.")


@billing_cli.command("sync-prices")
def sync_prices_command():
    """Create the seat product and its monthly and yearly prices in Stripe where they are missing
    (amounts and currency from the settings); running it again creates nothing."""
    if not billing_on():
        raise click.ClickException("Billing is not configured on this server: set STRIPE_SECRET_KEY first.")
    try:
        for line in sync_prices():
            click.echo(line)
    except stripe.StripeError as error:
        raise click.ClickException(f"Stripe refused or could not be reached: {error.user_message or error}")
