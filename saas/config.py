"""Settings: environment variables with defaults that are safe for a developer's machine."""
import os
from pathlib import Path
from urllib.parse import urlsplit

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_SECRET_KEY = "dev-only-not-secret"


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
        "JOBS_QUEUE": env.get("JOBS_QUEUE", "mentorup"),
        # A worker holds a lease on each job it runs, renewed every quarter of it; a reaper in
        # every consumer takes back what a stopped worker held, so nothing waits longer than
        # lease + sweep (90 s by default) to be retried or marked failed.
        "JOB_LEASE_SECONDS": float(env.get("JOB_LEASE_SECONDS", 60)),
        "JOB_SWEEP_SECONDS": float(env.get("JOB_SWEEP_SECONDS", 30)),
        "JOB_RETRY_SECONDS": float(env.get("JOB_RETRY_SECONDS", 30)),  # doubled at each further attempt
    }


def check(settings):
    """Refuse settings that would be unsafe in production."""
    if settings["ENV"] == "production":
        if settings["SECRET_KEY"] == DEFAULT_SECRET_KEY or len(settings["SECRET_KEY"]) < 32:
            raise ConfigError("production needs SECRET_KEY set to a random string of 32+ characters")
        if not settings["SMTP_URL"]:
            raise ConfigError("production needs SMTP_URL: there is no development outbox in production")
        if urlsplit(settings["BASE_URL"]).hostname in ("127.0.0.1", "localhost"):
            raise ConfigError("production needs BASE_URL: the address people use to reach MentorUp, "
                              "for the links in emails")
