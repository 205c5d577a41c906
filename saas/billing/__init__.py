"""Billing: consultancies pay per client tenant, per participant seat, through Stripe.

models.py the control database's part · standing.py what a tenant may do, from its plan and the clock
prices.py the product and prices in Stripe · subscriptions.py Checkout, the portal, re-reading from Stripe
events.py the webhook's events · seats.py seats follow people · enforcement.py read-only tenants
portfolio.py the consultancy's overview · views.py the pages · cli.py `billing sync-prices`
"""


def init_app(app):
    """Stripe's client (none without a secret key: billing off), the pages, the read-only rule
    and the operator command."""
    from saas.billing import cli, enforcement, views
    from saas.billing.stripe_client import make_client

    app.extensions["stripe"] = make_client(app.config)
    app.register_blueprint(views.bp)
    app.extensions["csrf"].exempt(views.webhook)
    enforcement.init_app(app)
    app.cli.add_command(cli.billing_cli)
