"""Fixtures of the platform's tests: a real SMTP server on loopback, and an app that sends through it."""
import pytest
from aiosmtpd.controller import Controller

from saas import create_app
from tests.platform.smtp import Inbox, free_port


@pytest.fixture
def smtp_server():
    inbox = Inbox()
    port = free_port()
    controller = Controller(inbox, hostname="127.0.0.1", port=port)
    controller.start()
    yield f"smtp://127.0.0.1:{port}", inbox
    controller.stop()


@pytest.fixture
def smtp_app(tmp_path, smtp_server):
    url, inbox = smtp_server
    app = create_app({"INSTANCE_PATH": str(tmp_path / "instance"), "SMTP_URL": url, "BASE_URL": "http://localhost",
                      "TESTING": True, "SECRET_KEY": "test-secret", "JOBS_IMMEDIATE": True})
    return app, inbox
