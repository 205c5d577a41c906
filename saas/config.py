"""Settings: environment variables with defaults that are safe for a developer's machine."""
import os
from pathlib import Path

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
        "BASE_URL": env.get("BASE_URL", ""),
        "STRIPE_SECRET_KEY": env.get("STRIPE_SECRET_KEY", ""),
        "STRIPE_WEBHOOK_SECRET": env.get("STRIPE_WEBHOOK_SECRET", ""),
        "CERT_SIGNING_KEY": env.get("CERT_SIGNING_KEY", ""),
        "CERT_SIGNING_CERT": env.get("CERT_SIGNING_CERT", ""),
    }


def check(settings):
    """Refuse settings that would be unsafe in production."""
    if settings["ENV"] == "production":
        if settings["SECRET_KEY"] == DEFAULT_SECRET_KEY or len(settings["SECRET_KEY"]) < 32:
            raise ConfigError("production needs SECRET_KEY set to a random string of 32+ characters")
        if not settings["SMTP_URL"]:
            raise ConfigError("production needs SMTP_URL: there is no development outbox in production")
