"""The job consumer's entry point: `huey_consumer saas.worker.huey`.

The consumer's own app, built from the environment like the web server's: its queue knows
every job the platform and the product declare. If the database or Redis cannot be reached,
the consumer stops at once with one line saying which.
"""
import sys

from saas import ConfigError, create_app

try:
    app = create_app()
except ConfigError as error:
    sys.exit(f"mentorup: {error}")
huey = app.extensions["jobs"].huey
