"""The app for gunicorn (`gunicorn wsgi:app`) and for `flask --app wsgi ...`."""
import sys

from saas import ConfigError, create_app

# gunicorn's "worker failed to boot": its master then stops instead of starting workers for ever.
WORKER_FAILED_TO_BOOT = 3

try:
    app = create_app()
except ConfigError as error:
    print(f"mentorup: {error}", file=sys.stderr)
    sys.exit(WORKER_FAILED_TO_BOOT)
