"""Settings: environment variables with defaults that are safe for a developer's machine."""
import os
import re
from pathlib import Path
from urllib.parse import urlsplit

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_SECRET_KEY = "dev-only-not-secret"
# Idle tenant connections a process keeps for the next request to the same tenant (150 KB of
# memory for a small tenant, up to 2.5 MB for a large one, and one open file each), the least
# recently used closed beyond it (setting TENANT_CONNECTIONS). Opening one costs about as much
# as a small request: this spares the thousand busiest tenants that, with room to spare (at
# exactly a thousand, a busy tenant's second connection pushed another tenant out). Not many
# more: SQLite's unix VFS walks a list of the process's open files at every open and close,
# so each file kept makes every other opening dearer (+60 µs per 1,000 kept, sqlite3 alone).
IDLE_CONNECTIONS = 2000


class ConfigError(RuntimeError):
    """The configuration cannot work; the message says what to change."""


def from_environment(env=os.environ):
    """Read every setting the platform knows from `env`."""
    return {
        "ENV": env.get("MENTORUP_ENV", "development"),
        "SECRET_KEY": env.get("SECRET_KEY", DEFAULT_SECRET_KEY),
        "INSTANCE_PATH": env.get("INSTANCE_PATH", str(ROOT / "instance")),
        "DATABASE_URL": env.get("DATABASE_URL", ""),
        "REDIS_URL": env.get("REDIS_URL", ""),
        "SMTP_URL": env.get("SMTP_URL", ""),
        "MAIL_FROM": env.get("MAIL_FROM", "MentorUp <no-reply@mentorup.localhost>"),
        # Every link in an email starts with this; by default the address `make run` serves.
        "BASE_URL": (env.get("BASE_URL") or f"http://127.0.0.1:{env.get('PORT', '5000')}").rstrip("/"),
        "STRIPE_SECRET_KEY": env.get("STRIPE_SECRET_KEY", ""),
        "STRIPE_WEBHOOK_SECRET": env.get("STRIPE_WEBHOOK_SECRET", ""),
        "STRIPE_API_BASE": env.get("STRIPE_API_BASE", ""),  # tests only: Stripe's API at another address
        "STRIPE_TIMEOUT": number(env, "STRIPE_TIMEOUT", 10),
        "STRIPE_MAX_NETWORK_RETRIES": number(env, "STRIPE_MAX_NETWORK_RETRIES", 2),
        "BILLING_CURRENCY": env.get("BILLING_CURRENCY", "eur").lower(),
        "BILLING_MONTHLY_SEAT_CENTS": number(env, "BILLING_MONTHLY_SEAT_CENTS", 800),
        "BILLING_YEARLY_SEAT_CENTS": number(env, "BILLING_YEARLY_SEAT_CENTS", 8000),
        "BILLING_TRIAL_DAYS": number(env, "BILLING_TRIAL_DAYS", 30),
        "BILLING_TRIAL_SEATS": number(env, "BILLING_TRIAL_SEATS", 20),
        "BILLING_GRACE_DAYS": number(env, "BILLING_GRACE_DAYS", 14),
        "TRUSTED_PROXIES": env.get("TRUSTED_PROXIES", ""),
        # SQLite: a request to a tenant whose file is not kept open pays about 0.6 ms to open it.
        "TENANT_CONNECTIONS": number(env, "TENANT_CONNECTIONS", IDLE_CONNECTIONS),
        "CERT_SIGNING_KEY": env.get("CERT_SIGNING_KEY", ""),
        "CERT_SIGNING_CERT": env.get("CERT_SIGNING_CERT", ""),
        "JOBS_QUEUE": env.get("JOBS_QUEUE", "mentorup"),
        # A worker holds a lease on each job it runs, renewed every quarter of it; a reaper in
        # every consumer takes back what a stopped worker held, so nothing waits longer than
        # lease + sweep (90 s by default) to be retried or marked failed.
        "JOB_LEASE_SECONDS": seconds(env, "JOB_LEASE_SECONDS", 60),
        "JOB_SWEEP_SECONDS": seconds(env, "JOB_SWEEP_SECONDS", 30),
        "JOB_RETRY_SECONDS": seconds(env, "JOB_RETRY_SECONDS", 30),  # doubled at each further attempt
    }


def number(env, name, default):
    """A whole number from the environment; anything else stops the start with the variable's name."""
    text = env.get(name, "").strip()
    if not text:
        return default
    if not text.isdigit():
        raise ConfigError(f"{name} must be a whole number, not {text!r}")
    return int(text)


def seconds(env, name, default):
    """A number of seconds (a fraction allowed) from the environment, or stop the start saying which."""
    text = env.get(name, "").strip()
    try:
        return float(text) if text else default
    except ValueError:
        raise ConfigError(f"{name} must be a number of seconds, not {text!r}") from None


def check(settings):
    """Refuse settings that would be unsafe in production, or that cannot be read."""
    from saas.proxies import ProxySettingError, trusted_proxies

    try:
        trusted_proxies(settings.get("TRUSTED_PROXIES", ""))
    except ProxySettingError as error:
        raise ConfigError(str(error))
    if settings["ENV"] == "production":
        if settings["SECRET_KEY"] == DEFAULT_SECRET_KEY or len(settings["SECRET_KEY"]) < 32:
            raise ConfigError("production needs SECRET_KEY set to a random string of 32+ characters")
        if not settings["SMTP_URL"]:
            raise ConfigError("production needs SMTP_URL: there is no development outbox in production")
        if urlsplit(settings["BASE_URL"]).hostname in ("127.0.0.1", "localhost"):
            raise ConfigError("production needs BASE_URL: the address people use to reach MentorUp, "
                              "for the links in emails")
        if settings["STRIPE_SECRET_KEY"] and not settings["STRIPE_WEBHOOK_SECRET"]:
            raise ConfigError("STRIPE_SECRET_KEY is set without STRIPE_WEBHOOK_SECRET: Stripe's events "
                              "could not be checked, so subscriptions would never change")
    if settings["STRIPE_SECRET_KEY"] and not re.fullmatch(r"[a-z]{3}", settings["BILLING_CURRENCY"]):
        raise ConfigError(f"BILLING_CURRENCY must be a three-letter currency code such as eur, "
                          f"not {settings['BILLING_CURRENCY']!r}")
