"""MentorUp, the platform: hosts the reverse-mentoring product (`tenants`) for many clients."""
import functools
import sys

from flask import Flask, request, session

from saas import limits
from saas.config import ROOT, ConfigError, check, from_environment


def create_app(config=None):
    """Build the app from the environment, with `config` (a dict) overriding it."""
    settings = {**from_environment(), **(config or {})}
    check(settings)
    app = Flask(__name__, instance_path=settings["INSTANCE_PATH"],
                template_folder=str(ROOT / "templates"), static_folder=str(ROOT / "static"))
    app.config.update(settings)
    app.config.setdefault("MAX_CONTENT_LENGTH", 25 * 1024 * 1024)
    configure_databases(app)
    configure_web(app)
    configure_platform_pages(app)
    configure_product(app)
    configure_billing(app)
    configure_jobs(app)
    configure_commands(app)
    limits.limit_views(app)  # once every view is registered
    return app


def configure_databases(app):
    """Open the control database (failing in one line if unreachable) and migrate it."""
    from saas.databases import Databases, migrate

    databases = Databases(app.config["DATABASE_URL"], app.config["INSTANCE_PATH"], app.config["TENANT_CONNECTIONS"])
    databases.check()
    app.extensions["databases"] = databases
    migrate(databases.control, "control")

    @app.teardown_request
    def release_control_connection(error=None):
        databases.release_control()


def configure_web(app):
    """Client addresses behind trusted proxies, sessions, CSRF, htmx, sign-in, tenant binding,
    rate limits and security headers."""
    from flask_wtf.csrf import CSRFProtect

    from saas import auth, errors, headers, limits, proxies, tenancy
    from tenants.rendering import csrf_field, htmx, url_for_each
    from tenants.words import plural

    app.config.update(SESSION_COOKIE_HTTPONLY=True, SESSION_COOKIE_SAMESITE="Lax",
                      SESSION_COOKIE_SECURE=app.config["ENV"] == "production",
                      WTF_CSRF_TIME_LIMIT=None)
    proxies.init_app(app)
    app.before_request(errors.refuse_nul_characters)  # before anything hands a text to a database
    CSRFProtect(app)
    htmx.init_app(app)
    app.add_template_filter(plural)
    app.add_template_global(csrf_field)
    app.add_template_global(url_for_each)
    tenancy.init_app(app)
    auth.init_app(app)
    limits.init_app(app)  # after tenancy: a refusal on a tenant's page is shown in its layout
    headers.init_app(app)

    @app.after_request
    def keep_signed_in_pages_out_of_caches(response):
        # After signing out, Back must not show what only a signed-in person may see.
        if "_user_id" in session:
            response.headers["Cache-Control"] = "no-store"
        return response

    @app.after_request
    def keep_form_addresses_out_of_the_address_bar(response):
        # A boosted form that is answered with its page again (a 4xx with the problems
        # shown) must leave the address bar on the page: its own address only takes POSTs,
        # so reloading it would fail. Successful forms redirect, and htmx follows that.
        if htmx and request.method != "GET" and not 300 <= response.status_code < 400:
            response.headers.setdefault("HX-Push-Url", "false")
        return response


def configure_product(app):
    """Host the product: mount its pages under /t/<slug>/ and hand it the services it asks
    for (it never imports the platform)."""
    from saas import auth, certificates, forgetting, jobs, links, mail, rollups
    from saas.billing import seats
    from saas.tenancy import TENANT_PREFIX
    from tenants.product import PRODUCT
    from tenants.scope import current_tenant

    for blueprint in PRODUCT.blueprints:
        app.register_blueprint(blueprint, url_prefix=TENANT_PREFIX + (blueprint.url_prefix or ""))
    app.extensions["tenant_services"] = {
        "send_mail": mail.send_mail,
        "welcome_link": lambda user: auth.password_link(auth.TENANT, user, "welcome"),
        "link": links.link,
        "queue_job": jobs.queue,
        "report_progress": lambda key, percent: app.extensions["jobs"].report_progress(key, percent),
        "progress": lambda key: app.extensions["jobs"].progress(key),
        "numbers_changed": lambda: jobs.queue(rollups.refresh_rollup, current_tenant().slug),
        "seats_changed": lambda: seats.people_changed(current_tenant().slug),
        "signing_identity": certificates.signing_identity,
        "logo": certificates.tenant_logo,
        "files": certificates.tenant_files,
        "publish_code": certificates.publish_code,
        "withdraw_code": certificates.withdraw_code,
        "verify_link": certificates.verify_link,
        "forget_person": lambda email, name: forgetting.forget(current_tenant().slug, email, name),
    }
    certificates.check_signing_settings(app)
    warn_once_about_fonts()


@functools.cache
def warn_once_about_fonts():
    """Say once per process, at start, when certificates would print names as empty boxes."""
    from tenants.pdfs import fonts_warning

    warning = fonts_warning()
    if warning:
        print(f"mentorup: {warning}", file=sys.stderr)


def configure_billing(app):
    """Stripe billing when STRIPE_SECRET_KEY is set; the read-only rule either way (it follows
    the tenant facts)."""
    from saas import billing

    billing.init_app(app)


def configure_jobs(app):
    """One queue for the platform's jobs and the product's (failing in one line if Redis is unreachable)."""
    from saas import jobs, mail, provisioning, rollups  # noqa: F401  (they declare the platform's jobs)
    from saas.billing import events, seats, subscriptions  # noqa: F401  (billing's jobs)
    from tenants.product import PRODUCT

    jobs.init_app(app, {**jobs.PLATFORM_JOBS, **PRODUCT.jobs})


def configure_platform_pages(app):
    """The platform's own pages: the start page, console, sign-up, branding, outbox, health,
    the public check of certificates, errors."""
    from saas import branding, certificates, console, errors, front_door, health, mail, outages

    app.register_blueprint(front_door.bp)
    app.register_blueprint(console.bp)
    app.register_blueprint(console.signup.bp)
    app.register_blueprint(branding.bp)
    app.register_blueprint(mail.bp)
    app.register_blueprint(health.bp)
    app.register_blueprint(certificates.bp)
    errors.init_app(app)
    outages.init_app(app)


def configure_commands(app):
    from saas import cli

    cli.init_app(app)


__all__ = ["create_app", "ConfigError"]
