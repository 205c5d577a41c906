"""Billing's pages: Stripe's webhook, and in the console each client's billing page and the
consultancy's overview (with its CSV). Subscribing and managing cards happen on Stripe's own
pages; from htmx requests those answers are an HX-Redirect."""
from flask import Blueprint, current_app, flash, has_request_context, redirect, request, url_for
from flask_login import current_user
from flask_wtf import FlaskForm
from wtforms import IntegerField, RadioField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import NumberRange, Optional, ValidationError

from saas.billing import events, portfolio, seats, subscriptions
from saas.billing.models import Invoice, StripeCustomer, subscription_for
from saas.billing.prices import LOOKUP_KEYS, PLAN_NAMES, format_money, prices_in_words
from saas.billing.standing import billing_on
from saas.billing.stripe_client import UNREACHABLE, BillingUnavailable
from saas.console.access import membership, my_tenant, my_tenants, owners_only, staff_only
from saas.control import Tenant
from saas.links import link
from tenants.rendering import htmx, render

bp = Blueprint("billing", __name__)
NOT_CONFIGURED = "Billing is not configured on this server"


@bp.route("/billing/webhook", methods=["POST"])
def webhook():
    """Stripe's events. Exempt from CSRF: Stripe signs the body instead."""
    if not billing_on():
        return NOT_CONFIGURED + "\n", 404, {"Content-Type": "text/plain"}
    status, text = events.receive(request.get_data(), request.headers.get("Stripe-Signature"))
    return text + "\n", status, {"Content-Type": "text/plain"}


def go_to(address):
    """Send the browser to another site (Stripe's): htmx must leave the page, not fetch it."""
    if htmx:
        return "", 204, {"HX-Redirect": address}
    return redirect(address, 303)


def not_configured(status=200):
    return render("billing/not_configured.html", message=NOT_CONFIGURED, status=status)


# --- the overview -----------------------------------------------------------------------------

def overview_lines():
    return portfolio.clients_billing(my_tenants(), membership().consultancy.name)


@bp.route("/console/billing")
@staff_only
def overview():
    if not billing_on():
        return not_configured()
    lines = overview_lines()
    customer = StripeCustomer.get_or_none(StripeCustomer.consultancy == membership().consultancy)
    return render("billing/overview.html", lines=lines, totals=portfolio.totals(lines), money=format_money,
                  can_manage=customer is not None and customer.stripe_id is not None)


@bp.route("/console/billing.csv")
@staff_only
def overview_csv():
    if not billing_on():
        return not_configured(status=404)
    return portfolio.as_csv(overview_lines()), 200, {
        "Content-Type": "text/csv; charset=utf-8", "Content-Disposition": "attachment; filename=billing.csv"}


@bp.route("/console/billing/portal", methods=["POST"])
@owners_only
def portal():
    if not billing_on():
        return not_configured(status=404)
    back = request.form.get("back")
    return_to = link("billing.tenant_billing", slug=back) if back and my_tenants().where(
        Tenant.slug == back).exists() else link("billing.overview")
    try:
        return go_to(subscriptions.portal_url(membership().consultancy, current_user.email, return_to))
    except BillingUnavailable as problem:
        flash(str(problem), "error")
    except UNREACHABLE:
        flash("Stripe could not be reached just now, so the billing portal did not open. Try again in a minute.",
              "error")
    return redirect(return_to, 303)


# --- one client ---------------------------------------------------------------------------------

class SubscribeForm(FlaskForm):
    interval = RadioField("Billed", choices=[SelectChoice(interval, PLAN_NAMES[interval]) for interval in LOOKUP_KEYS],
                          default="month")


class SeatLimitForm(FlaskForm):
    seat_limit = IntegerField("Most seats this client may use", validators=[
        Optional(), NumberRange(min=1, max=100_000, message="Enter a whole number from 1 to 100,000.")])

    def __init__(self, *args, seats_in_use=0, **kwargs):
        super().__init__(*args, **kwargs)
        self.seats_in_use = seats_in_use

    def validate_seat_limit(self, field):
        if field.data is not None and field.data < self.seats_in_use:
            raise ValidationError(f"{self.seats_in_use} seats are in use already: the limit cannot be lower. "
                                  "Revoke invitations first, or choose a higher limit.")


def tenant_page(tenant, refreshed=True, limit_form=None, status=200):
    row = subscription_for(tenant)
    line = portfolio.ClientBilling(tenant, row, portfolio.standing_of_client(tenant, row, tenant.consultancy.name))
    invoices = Invoice.select().where(Invoice.tenant == tenant).order_by(Invoice.created.desc()).limit(24)
    return render("billing/tenant.html", tenant=tenant, line=line, subscription=row, refreshed=refreshed,
                  seats_in_use=seats.count_seats(tenant.slug),
                  invoices=invoices, money=format_money, prices=prices_in_words(current_app.config),
                  subscribe=SubscribeForm(formdata=None),
                  limit_form=limit_form or SeatLimitForm(formdata=None, seat_limit=row.seat_limit),
                  is_owner=membership().role == "owner", status=status)


@bp.route("/console/tenants/<slug:slug>/billing")
@staff_only
def tenant_billing(slug):
    tenant = my_tenant(slug)
    if not billing_on():
        return not_configured()
    refreshed = True
    try:
        if request.args.get("session_id"):
            if subscriptions.finish_checkout(tenant, request.args["session_id"]):
                flash(f"Thank you: {tenant.name} is subscribed.", "success")
            else:
                flash("Stripe is still confirming the payment; this page shows it once it has.", "info")
        refreshed = subscriptions.refresh_for_page(subscription_for(tenant))
    except UNREACHABLE:
        refreshed = False
    return tenant_page(tenant, refreshed)


@bp.route("/console/tenants/<slug:slug>/billing/subscribe", methods=["POST"])
@owners_only
def subscribe(slug):
    tenant = my_tenant(slug)
    if not billing_on():
        return not_configured(status=404)
    form = SubscribeForm()
    if not form.validate_on_submit():
        flash("Choose monthly or yearly billing.", "error")
        return redirect(url_for("billing.tenant_billing", slug=slug), 303)
    try:
        address = subscriptions.start_checkout(
            tenant, form.interval.data, seats.count_seats(slug), current_user.email,
            link("billing.tenant_billing", slug=slug))
    except BillingUnavailable as problem:
        flash(str(problem), "error")
    except UNREACHABLE:
        flash("Stripe could not be reached just now, so nothing changed. Try again in a minute.", "error")
    else:
        return go_to(address)
    return redirect(url_for("billing.tenant_billing", slug=slug), 303)


@bp.route("/console/tenants/<slug:slug>/billing/seat-limit", methods=["POST"])
@owners_only
def seat_limit(slug):
    tenant = my_tenant(slug)
    if not billing_on():
        return not_configured(status=404)
    row = subscription_for(tenant)
    form = SeatLimitForm(seats_in_use=seats.count_seats(slug))
    if not form.validate_on_submit():
        return tenant_page(tenant, limit_form=form, status=422)
    subscriptions.set_seat_limit(tenant, form.seat_limit.data, current_user.email)
    flash(f"{tenant.name} may now use up to {form.seat_limit.data} seats." if form.seat_limit.data
          else f"{tenant.name} has no seat limit now" + (" beyond the trial's." if not row.stripe_id else "."),
          "success")
    return redirect(url_for("billing.tenant_billing", slug=slug), 303)


@bp.app_context_processor
def console_facts():
    """The console layout's facts on billing's pages too (whose consultancy), and for its banner,
    the consultancy's clients whose payment is overdue or who can only read."""
    if not has_request_context() or request.blueprint not in ("console", "billing") \
            or not current_user.is_authenticated or membership() is None:
        return {}
    return {"membership": membership(),
            "billing_alerts": portfolio.needing_attention(overview_lines()) if billing_on() else []}


@bp.app_template_global()
def billing_of(tenant):
    """One client's billing line for the console's client page, or None when billing is off."""
    if not billing_on():
        return None
    return portfolio.clients_billing(my_tenants().where(Tenant.id == tenant.id), membership().consultancy.name)[0]
