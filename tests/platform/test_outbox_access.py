"""The development outbox shows every invitation and reset link: only a browser on the
server's own machine may open it, and start-up says where mail goes."""
import pytest

from saas import create_app
from saas.cli import start_up_message
from saas.control import OutboxMessage
from saas.mail import destination, send_mail


def outbox_for(client, address, **headers):
    client.environ_base["REMOTE_ADDR"] = address
    return client.get("/outbox/", headers=headers)


@pytest.mark.parametrize("address", ["127.0.0.1", "::1", "127.0.0.2"])
def test_the_outbox_opens_on_this_machine(client, address):
    assert outbox_for(client, address).status_code == 200


@pytest.mark.parametrize("address", ["192.168.1.20", "203.0.113.9", "10.0.0.1", "::ffff:8.8.8.8"])
def test_the_outbox_is_refused_to_other_machines(app, client, address):
    with app.app_context():
        send_mail("ada@alpha.example", "Reset your password", "http://localhost/t/alpha/reset/secret-token")
        message_id = OutboxMessage.get().id
    for path in ("/outbox/", f"/outbox/{message_id}"):
        client.environ_base["REMOTE_ADDR"] = address
        response = client.get(path)
        body = response.get_data(as_text=True)
        assert response.status_code == 403 and "secret-token" not in body
        assert "only in a browser on the machine the server runs on" in body


@pytest.mark.parametrize("header", ["X-Forwarded-For", "Forwarded", "X-Real-IP"])
def test_a_request_a_local_proxy_forwarded_is_not_from_this_machine(client, header):
    assert outbox_for(client, "127.0.0.1", **{header: "203.0.113.9"}).status_code == 403


def test_start_up_says_where_mail_goes(app, tmp_path):
    with app.app_context():
        assert destination("http://127.0.0.1:8123") == \
            "Mail: development outbox at http://127.0.0.1:8123/outbox/ (this machine only)"
    smtp = create_app({"INSTANCE_PATH": str(tmp_path / "smtp"), "SMTP_URL": "smtp://u:p@mail.example:587?starttls",
                       "SECRET_KEY": "test-secret"})
    with smtp.app_context():
        assert destination("http://127.0.0.1:8123") == "Mail: SMTP via mail.example:587"


def test_make_run_prints_the_outbox_on_the_port_it_serves(app):
    with app.app_context():
        lines = start_up_message(8123).splitlines()
    assert lines[0] == "MentorUp is running at http://127.0.0.1:8123/"
    assert lines[-1] == "Mail: development outbox at http://127.0.0.1:8123/outbox/ (this machine only)"
