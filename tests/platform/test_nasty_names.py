"""Names typed to cause harm (spreadsheet formulas, line breaks that start a header, markup) are
plain text in emails, sent through a real SMTP server, and in PDFs, read back with pypdf."""
import io

import pytest
from pypdf import PdfReader

from saas.mail import send_mail
from saas.tenancy import tenant_scope
from tenants.certificates.document import certificate_pdf
from tenants.pairing import board
from tests.certificates.factories import facts
from tests.certificates.test_document import squashed
from tests.factories import make_tenant
from tests.pair_space.conftest import make_pairing

NASTY = {
    "formula": '=HYPERLINK("http://evil.example","Click")',
    "header": "Eve\r\nBcc: x@evil.example",
    "header-lf": "Eve\nX-Injected: yes\n\nA body of our own",
    "markup": "<script>alert(1)</script> Mallory",
    "tab": "\t+SUM(A1:A9)",
}


def headers_of(message):
    return {name.lower() for name in message.keys()}


@pytest.mark.parametrize("name", NASTY.values(), ids=NASTY.keys())
def test_a_subject_with_a_nasty_name_stays_one_header(smtp_app, name):
    app, inbox = smtp_app
    with app.app_context():
        send_mail("ann@example.org", f"Meet your partner: {name}", f"Hello,\nyour partner is {name}.")
    (recipients, message), = inbox.messages
    assert recipients == ["ann@example.org"]
    assert headers_of(message) <= {"from", "to", "subject", "message-id", "content-type",
                                   "content-transfer-encoding", "mime-version"}
    assert message["Subject"] == "Meet your partner: " + " ".join(name.split())
    assert name.replace("\r\n", "\n") in message.get_content().replace("\r\n", "\n")  # plain text, as typed


@pytest.mark.parametrize("to", ["ann@example.org, x@evil.example", "ann@example.org\r\nBcc: x@evil.example",
                                "ann@example.org;x@evil.example"])
def test_mail_goes_to_one_address_or_nowhere(smtp_app, to):
    app, inbox = smtp_app
    with app.app_context(), pytest.raises(ValueError, match="one address"):
        send_mail(to, "Hello", "Hello")
    assert inbox.messages == []


@pytest.mark.parametrize("name", NASTY.values(), ids=NASTY.keys())
def test_the_introduction_and_the_ending_name_the_partner_harmlessly(smtp_app, name):
    app, inbox = smtp_app
    make_tenant(app, "acme", [("maya@acme.example", name, "mentor"), ("rob@acme.example", "Rob Ok", "mentee")])
    with app.app_context(), tenant_scope("acme"):
        pairing = make_pairing("maya@acme.example", "rob@acme.example")
        board.introduce(pairing)
        board.end_pairing(pairing, "Moved on", "hr@acme.example")
    to_rob = [message for recipients, message in inbox.messages if recipients == ["rob@acme.example"]]
    assert len(to_rob) == 2 and len(inbox.messages) == 4
    for message in to_rob:
        assert "bcc" not in headers_of(message) and "x-injected" not in headers_of(message)
        assert " ".join(name.split()) in message["Subject"]
        assert name.strip().replace("\r\n", "\n") in message.get_content().replace("\r\n", "\n")


@pytest.mark.parametrize("name", NASTY.values(), ids=NASTY.keys())
def test_a_certificate_prints_a_nasty_name_as_typed_and_acts_on_nothing(name):
    pdf = certificate_pdf(facts(participant=name, partner=name))
    reader = PdfReader(io.BytesIO(pdf))
    text = "".join(page.extract_text() for page in reader.pages)
    assert squashed(name) in squashed(text)
    assert b"/JavaScript" not in pdf and b"/Launch" not in pdf and b"/OpenAction" not in pdf
    links = [annotation.get_object().get("/A", {}).get("/URI") for page in reader.pages
             for annotation in page.get("/Annots", [])]
    assert all(link is None or "evil" not in link for link in links)
    assert squashed(name) in squashed(reader.metadata.title)  # the document's title, as typed too
