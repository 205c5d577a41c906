"""The job consumer's entry point: `huey_consumer saas.worker.huey`.

The consumer's own app, built from the environment like the web server's: its queue knows
every job the platform and the product declare.
"""
from saas import create_app

app = create_app()
huey = app.extensions["jobs"].huey
