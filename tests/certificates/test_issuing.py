"""Issuing: a pairing that earned certificates gets one per partner, signed, kept, published and
announced by email, once; one that did not gets none. Every PDF is read back as a reader would."""
import datetime
import io

import pytest
from cryptography.hazmat.primitives import hashes
from pyhanko.pdf_utils.reader import PdfFileReader

from saas import create_app
from tenants.certificates.signing import fingerprint
from tests.certificates.conftest import answer_closing, certificate_id, complete, end, hold_meetings, issue_now, issued
from tests.certificates.reading import ink, missing_glyphs, page_of, png_of
from tests.certificates.test_signing import status_of
from tests.factories import last_email, make_tenant
from tests.pair_space.conftest import in_tenant, make_pairing
from tests.phases.test_scenarios import READY_FOR_ROUTINIZATION
from tests.platform.smtp import Inbox, free_port


def pdf_of(app, email, slug="acme"):
    from tenants.certificates.issuing import pdf_of
    from tenants.certificates.models import Certificate

    with in_tenant(app, slug):
        return pdf_of(Certificate.get_by_id(certificate_id(app, email, slug)))


def identity_of(app):
    from saas.certificates import signing_identity

    with app.app_context():
        return signing_identity()


# --- who earns one ---------------------------------------------------------------------------

def test_an_ended_pairing_with_six_meetings_and_both_surveys_earns_both_partners_one(app, pair):
    complete(app, pair, meetings=6)
    assert issue_now(app) == 2
    assert [(email, role) for email, role, _, _ in issued(app)] == [("maya@acme.example", "mentor"),
                                                                     ("robert@acme.example", "mentee")]


def test_five_meetings_earn_nothing(app, pair):
    complete(app, pair, meetings=5)
    assert issue_now(app) == 0 and issued(app) == []


def test_one_closing_survey_earns_nothing(app, pair):
    complete(app, pair, surveys=("mentor",))
    assert issue_now(app) == 0 and issued(app) == []


def test_a_running_pairing_earns_nothing_for_its_meetings_alone(app, pair):
    from tenants.pairing.models import Pairing

    with in_tenant(app):
        pairing = Pairing.get_by_id(pair)
        hold_meetings(pairing, 6)
        answer_closing(pairing, "mentor", "mentee")
    assert issue_now(app) == 0


def test_the_end_of_the_programme_term_ends_a_running_pairing_for_the_rule(app, pair):
    from tenants.pairing.models import Pairing
    from tenants.program.models import Program

    with in_tenant(app):
        pairing = Pairing.get_by_id(pair)
        hold_meetings(pairing, 6)
        answer_closing(pairing, "mentor", "mentee")
        Program.create(name="Acme Reverse Mentoring", term_start=pairing.started.date(),
                       term_end=datetime.date.today())
    assert issue_now(app) == 0  # the term's last day is still in it
    with in_tenant(app):
        Program.update(term_end=datetime.date.today() - datetime.timedelta(days=1)).execute()
    assert issue_now(app) == 2


def test_a_pairing_that_reached_routinization_earns_it_even_after_falling_back(app, routine):
    from tenants.certificates.issuing import read_pairing
    from tenants.pairing.models import Pairing
    from tenants.phases import phase_of
    from tenants.tracker.readings import programme_rules

    with in_tenant(app):
        pairing = Pairing.get_by_id(routine)
        today = datetime.date.today()
        assert phase_of(READY_FOR_ROUTINIZATION, today).phase != "routinization"  # it fell back since
        record, journey = read_pairing(pairing, today, None, programme_rules())
    assert record.routinization == datetime.date(2026, 5, 3)
    assert journey == (("Role-taking", datetime.date(2026, 1, 5)), ("Role-making", datetime.date(2026, 3, 4)),
                       ("Routinization", datetime.date(2026, 5, 3)))
    assert issue_now(app) == 2


def test_the_programme_managers_thresholds_decide(app, pair):
    from tenants.certificates.models import CertificateSettings

    complete(app, pair, meetings=3)
    assert issue_now(app) == 0
    with in_tenant(app):
        CertificateSettings.create(meetings=3)
    assert issue_now(app) == 2


def test_each_certificate_is_issued_once(app, earned):
    before = issued(app)
    assert issue_now(app) == 0
    from tenants.certificates.issuing import check_pairing

    with in_tenant(app):
        assert check_pairing(earned) == 0
    assert issued(app) == before


def test_a_certificate_issued_meanwhile_by_another_worker_is_not_issued_twice(app, pair):
    """Two workers read the pairing at once; the second to write finds the first's row, and
    leaves neither its file nor its published code behind."""
    from saas.certificates import CertificateCode
    from tenants import platform
    from tenants.certificates.issuing import due_from, issue, letterhead
    from tenants.pairing.models import Pairing

    complete(app, pair)
    with in_tenant(app):
        pairing, head = Pairing.get_by_id(pair), letterhead()
        first, second = due_from(pairing, head), due_from(pairing, head)
        assert len(issue(first)) == 2
        assert issue(second) == []
        files = sorted(p.name for p in platform.files("certificates").iterdir())
        assert len(files) == 2
        assert CertificateCode.select().count() == 2


def test_the_issued_facts_stay_as_they_were_when_a_name_changes(app, earned):
    from tenants.people.models import User

    code = [code for email, _, code, _ in issued(app) if email == "maya@acme.example"][0]
    with in_tenant(app):
        User.update(name="Maya Someone-Else").where(User.email == "maya@acme.example").execute()
    assert "Maya Chen" in page_of(pdf_of(app, "maya@acme.example")).extract_text()
    assert "Maya Chen" in app.test_client().get(f"/verify/{code}").get_data(as_text=True)


# --- the document ------------------------------------------------------------------------------

def test_the_pdf_is_one_page_that_states_who_did_what(app, earned):
    page = page_of(pdf_of(app, "maya@acme.example"))
    text = page.extract_text()
    for words in ("Maya Chen", "Reverse mentor", "Robert Okafor", "Acme", "6 meetings held", "ROLE-TAKING"):
        assert words in text
    code = [code for email, _, code, _ in issued(app) if email == "maya@acme.example"][0]
    assert code in text and f"http://localhost/verify/{code}" in text
    metadata = page.pdf.metadata
    assert metadata.title == "Certificate: Maya Chen, Reverse mentoring"
    assert metadata.author == "Acme"
    assert code in metadata.subject
    assert metadata.creation_date.date() == datetime.date.today()


def test_the_pdf_is_signed_by_the_platform_and_breaks_when_one_byte_changes(app, earned):
    pdf = pdf_of(app, "robert@acme.example")
    identity = identity_of(app)
    status = status_of(pdf, identity.certificate)
    assert status.intact and status.valid and status.trusted
    signature = PdfFileReader(io.BytesIO(pdf)).embedded_signatures[0].sig_object
    assert signature["/ContactInfo"].startswith("http://localhost/verify/")
    changed = bytearray(pdf)
    at = changed.index(b"Robert") if b"Robert" in changed else changed.index(b"/Title") + 8
    changed[at] ^= 0x01
    assert not status_of(bytes(changed), identity.certificate).intact


def test_the_pdf_renders_to_a_page_with_ink(app, earned):
    assert 0.02 < ink(png_of(pdf_of(app, "maya@acme.example"))) < 0.5


@pytest.mark.parametrize("name", ["Zoë Łukasiewicz-Ångström", "Анна Кузнецова", "Αικατερίνη Παπαδοπούλου",
                                  "فاطمة الزهراء بن علي", "王小明", "山田 花子", "=HYPERLINK(\"x\")+1",
                                  "@SUM(A1:A9)", ("Maximiliana Świętosława " * 10)[:250]],
                         ids=["latin", "cyrillic", "greek", "arabic", "chinese", "japanese", "formula", "at-formula",
                              "250 characters"])
def test_names_in_any_script_are_printed_as_typed(app, pair, name):
    from tenants.people.models import User

    with in_tenant(app):
        User.update(name=name).where(User.email == "maya@acme.example").execute()
    complete(app, pair)
    issue_now(app)
    pdf = pdf_of(app, "maya@acme.example")
    assert "".join(name.split()) in "".join(page_of(pdf).extract_text().split())
    assert missing_glyphs(pdf) == []
    page_of(pdf)  # still one page


def test_the_tenants_logo_and_colour_are_on_the_certificate(app, pair):
    from saas.branding import save_logo
    from saas.control import Tenant
    from tests.certificates.factories import SVG_LOGO

    with app.app_context():
        tenant = Tenant.get(Tenant.slug == "acme")
        tenant.primary_color = "#8b1f3a"
        tenant.save()
        save_logo(tenant, "svg", SVG_LOGO)
    complete(app, pair)
    issue_now(app)
    image = png_of(pdf_of(app, "maya@acme.example"), dpi=150)
    frame = [image.getpixel((image.width // 2, y)) for y in range(48, 60)]
    assert any(abs(r - 0x8b) < 24 and abs(g - 0x1f) < 24 and abs(b - 0x3a) < 24 for r, g, b in frame)
    logo = (370 * 150 // 72, 30 * 150 // 72, 470 * 150 // 72, 70 * 150 // 72)
    assert ink(image, logo) > 0.05


# --- the email ---------------------------------------------------------------------------------

def test_each_holder_is_emailed_once_with_a_link_to_download(app, earned):
    message = last_email(app, "robert@acme.example")
    assert message.subject == "Your certificate from Reverse mentoring"
    assert f"http://localhost/t/acme/certificates/{certificate_id(app, 'robert@acme.example')}/download" in message.body
    assert "Reached routinization" not in message.body and "Completed the programme" in message.body
    from saas.control import OutboxMessage

    with app.app_context():
        assert OutboxMessage.select().where(OutboxMessage.subject.startswith("Your certificate")).count() == 2
    issue_now(app)
    with app.app_context():
        assert OutboxMessage.select().where(OutboxMessage.subject.startswith("Your certificate")).count() == 2


def test_a_name_or_programme_with_line_breaks_adds_no_email_header(tmp_path):
    """Through a real SMTP server: the subject stays one header, and nobody else is sent a copy."""
    from aiosmtpd.controller import Controller

    from tenants.pairing.models import Pairing
    from tenants.program.models import Program

    inbox, port = Inbox(), free_port()
    controller = Controller(inbox, hostname="127.0.0.1", port=port)
    controller.start()
    try:
        app = create_app({"INSTANCE_PATH": str(tmp_path / "instance"), "SMTP_URL": f"smtp://127.0.0.1:{port}",
                          "TESTING": True, "SECRET_KEY": "test-secret", "JOBS_IMMEDIATE": True})
        make_tenant(app, "acme", [("hr@acme.example", "Hana HR", "admin"),
                                  ("maya@acme.example", "Maya\r\nBcc: eve@evil.example", "mentor"),
                                  ("robert@acme.example", "Robert Okafor", "mentee")])
        with in_tenant(app):
            Program.create(name="Exec\nBcc: eve@evil.example\n\nInjected body")
            pairing = make_pairing("maya@acme.example", "robert@acme.example")
            hold_meetings(pairing, 6)
            end(Pairing.get_by_id(pairing.id))
            answer_closing(pairing, "mentor", "mentee")
        assert issue_now(app) == 2
    finally:
        controller.stop()
    certificates = [(to, message) for to, message in inbox.messages if "certificate" in message["Subject"]]
    assert sorted(to for to, _ in certificates) == [["maya@acme.example"], ["robert@acme.example"]]
    for _, message in certificates:
        assert message["Subject"] == "Your certificate from Exec Bcc: eve@evil.example Injected body"
        assert message["Bcc"] is None
        assert "eve@evil.example" not in str(message.get("To"))


# --- the signing key -----------------------------------------------------------------------

def test_the_platform_key_is_made_in_the_instance_folder_on_first_use(app, earned):
    from pathlib import Path

    from tenants.certificates.signing import CERT_FILE, KEY_FILE

    assert (Path(app.instance_path) / KEY_FILE).exists() and (Path(app.instance_path) / CERT_FILE).exists()
    from tenants.certificates.models import Certificate

    with in_tenant(app):
        assert {c.fingerprint for c in Certificate.select()} == {fingerprint(identity_of(app))}


def organisation_key(folder):
    """An organisation's own key and self-signed certificate, unencrypted, as files."""
    from cryptography.hazmat.primitives import serialization
    from cryptography.hazmat.primitives.asymmetric import ec

    from tenants.certificates.signing import self_signed_certificate

    key = ec.generate_private_key(ec.SECP256R1())
    certificate = self_signed_certificate(key, name="Acme Industries certificates")
    (folder / "key.pem").write_bytes(key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                                                       serialization.NoEncryption()))
    (folder / "cert.pem").write_bytes(certificate.public_bytes(serialization.Encoding.PEM))
    return str(folder / "key.pem"), str(folder / "cert.pem"), certificate


def test_an_organisations_own_key_signs_when_the_settings_name_it(tmp_path):
    key, cert, certificate = organisation_key(tmp_path)
    app = create_app({"INSTANCE_PATH": str(tmp_path / "instance"), "TESTING": True, "SECRET_KEY": "test-secret",
                      "JOBS_IMMEDIATE": True, "CERT_SIGNING_KEY": key, "CERT_SIGNING_CERT": cert})
    make_tenant(app, "acme", [("maya@acme.example", "Maya Chen", "mentor"),
                              ("robert@acme.example", "Robert Okafor", "mentee")])
    with in_tenant(app):
        pairing_id = make_pairing("maya@acme.example", "robert@acme.example").id
    complete(app, pairing_id)
    issue_now(app)
    status = status_of(pdf_of(app, "maya@acme.example"), certificate)
    assert status.intact and status.trusted
    code = issued(app)[0][2]
    page = app.test_client().get(f"/verify/{code}").get_data(as_text=True)
    assert certificate.fingerprint(hashes.SHA256()).hex(":").upper() in page


def test_a_key_without_its_certificate_stops_the_start(tmp_path):
    from saas import ConfigError

    key, _, _ = organisation_key(tmp_path)
    with pytest.raises(ConfigError, match="CERT_SIGNING_KEY and CERT_SIGNING_CERT go together"):
        create_app({"INSTANCE_PATH": str(tmp_path / "instance"), "CERT_SIGNING_KEY": key})


def test_a_certificate_that_is_not_the_keys_stops_the_start(tmp_path):
    from saas import ConfigError

    key, _, _ = organisation_key(tmp_path)
    (tmp_path / "other").mkdir()
    _, other_cert, _ = organisation_key(tmp_path / "other")
    with pytest.raises(ConfigError, match="is not the certificate of the key"):
        create_app({"INSTANCE_PATH": str(tmp_path / "instance"), "CERT_SIGNING_KEY": key,
                    "CERT_SIGNING_CERT": other_cert})


# --- the tenant's files ----------------------------------------------------------------------

def test_deleting_a_tenant_deletes_its_certificate_files(app, earned):
    from saas.certificates import files_of
    from saas.provisioning import delete_tenant

    with app.app_context():
        folder = files_of("acme")
        assert len(list((folder / "certificates").iterdir())) == 2
        delete_tenant("acme")
        assert not folder.exists()



def test_a_read_only_tenant_issues_nothing_until_it_is_writable_again(app, pair):
    """Unpaid or suspended: the platform lends the tenant's facts with read_only set."""
    from dataclasses import replace

    from tenants.certificates.issuing import issue_earned
    from tenants.scope import bound, current_tenant, database

    complete(app, pair)
    with in_tenant(app):
        with bound(replace(current_tenant(), read_only=True), database.obj):
            assert issue_earned() == 0
    assert issued(app) == []
    assert issue_now(app) == 2
