"""MentorUp, the platform: hosts the reverse-mentoring product (`tenants`) for many clients."""
from flask import Flask, redirect, request, session, url_for

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
    configure_views(app)
    configure_services(app)
    configure_commands(app)
    return app


def configure_databases(app):
    """Open the control database (failing in one line if unreachable) and migrate it."""
    from saas.control import control_db
    from saas.databases import Databases, migrate

    databases = Databases(app.config["DATABASE_URL"], app.config["INSTANCE_PATH"])
    databases.check()
    app.extensions["databases"] = databases
    control_db.initialize(databases.control)
    migrate(databases.control, "control")

    @app.teardown_request
    def release_control_connection(error=None):
        databases.release_control()


def configure_web(app):
    """Sessions, CSRF, htmx, sign-in and tenant binding."""
    from flask_wtf.csrf import CSRFProtect

    from saas import auth, tenancy
    from tenants.rendering import htmx

    app.config.update(SESSION_COOKIE_HTTPONLY=True, SESSION_COOKIE_SAMESITE="Lax",
                      SESSION_COOKIE_SECURE=app.config["ENV"] == "production",
                      WTF_CSRF_TIME_LIMIT=None)
    CSRFProtect(app)
    htmx.init_app(app)
    tenancy.init_app(app)
    auth.init_app(app)

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


def configure_views(app):
    """The platform's pages, and the product's pages mounted under /t/<slug>/."""
    from saas import branding, console, errors, health, mail
    from saas.tenancy import TENANT_PREFIX
    from tenants import home
    from tenants.onboarding import import_views as imports
    from tenants.onboarding import people_views as people
    from tenants.onboarding import views as onboarding
    from tenants.pairing_board import choice_views as pairing_choice
    from tenants.pairing_board import views as pairing
    from tenants.program import views as program

    app.register_blueprint(console.bp)
    app.register_blueprint(console.signup.bp)
    app.register_blueprint(branding.bp)
    app.register_blueprint(mail.bp)
    app.register_blueprint(health.bp)
    for product in (home.bp, onboarding.bp, people.bp, imports.bp, pairing.bp, pairing_choice.bp, program.bp):
        app.register_blueprint(product, url_prefix=TENANT_PREFIX + (product.url_prefix or ""))
    app.add_url_rule("/", "index", lambda: redirect(url_for("console.home")))
    errors.init_app(app)


def configure_services(app):
    """Hand the product what it needs from the platform (it never imports the platform)."""
    from saas import auth, mail, tenant_jobs

    app.extensions["tenant_services"] = {
        "send_mail": mail.send_mail,
        "welcome_link": lambda user: auth.password_link(auth.TENANT, user, "welcome"),
        "run_job": tenant_jobs.run,
        "report_progress": tenant_jobs.report_progress,
        "progress": tenant_jobs.progress,
    }


def configure_commands(app):
    from saas import cli

    cli.init_app(app)


__all__ = ["create_app", "ConfigError"]
