"""Email goes out through a real SMTP server, or into the development outbox."""
import re

from saas.control import OutboxMessage
from saas.mail import send_mail
from tests.factories import csrf_token, make_tenant


def test_mail_is_delivered_over_smtp(smtp_app):
    app, inbox = smtp_app
    with app.app_context():
        send_mail("zoë@example.org", "Grüße", "Hello — with unicode ✓")
        assert OutboxMessage.select().count() == 0
    (recipients, message), = inbox.messages
    assert recipients == ["zoë@example.org"]
    assert message["Subject"] == "Grüße"
    assert "Hello — with unicode ✓" in message.get_content()


def test_a_password_reset_arrives_by_smtp_with_a_working_link(smtp_app):
    app, inbox = smtp_app
    make_tenant(app, "alpha", [("ada@alpha.example", "Ada Alpha", "admin")])
    client = app.test_client()
    client.post("/t/alpha/forgot", data={"email": "ada@alpha.example",
                                         "csrf_token": csrf_token(client, "/t/alpha/forgot")})
    (recipients, message), = inbox.messages
    assert recipients == ["ada@alpha.example"]
    link = re.search(r"http://localhost(/t/alpha/reset/\S+)", message.get_content()).group(1)
    assert client.get(link).status_code == 200


def test_without_smtp_mail_is_kept_in_the_outbox_page(app, client):
    with app.app_context():
        send_mail("ada@alpha.example", "Welcome <b>aboard</b>", "Line one\nhttps://example.org/x")
    index = client.get("/outbox/").get_data(as_text=True)
    assert "Welcome &lt;b&gt;aboard&lt;/b&gt;" in index and "ada@alpha.example" in index
    with app.app_context():
        message_id = OutboxMessage.get().id
    page = client.get(f"/outbox/{message_id}").get_data(as_text=True)
    assert '<a href="https://example.org/x"' in page


def test_the_outbox_does_not_exist_when_smtp_is_configured(smtp_app):
    app, _ = smtp_app
    assert app.test_client().get("/outbox/").status_code == 404
