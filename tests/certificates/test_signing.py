"""The signature on certificates: made with a key created on first use or an organisation's
own, checked by pyHanko's own validation, and broken by a change of one byte."""
import hashlib
import io
import os
import re
import stat
import subprocess
import threading
from datetime import datetime, timedelta, timezone

import pytest
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from cryptography.x509.oid import ExtendedKeyUsageOID, NameOID
from pyhanko.keys import load_certs_from_pemder_data
from pyhanko.pdf_utils.reader import PdfFileReader
from pyhanko.sign.fields import MDPPerm
from pyhanko.sign.validation import SignatureCoverageLevel, validate_pdf_signature
from pyhanko_certvalidator import ValidationContext

from tenants.certificates import certificate_pdf
from tenants.certificates.signing import (CERT_FILE, KEY_FILE, SigningError, fingerprint,
                                          identity_from_files, identity_in, sign_pdf)

from .factories import VERIFY_URL, facts
from .reading import page_of

DOCUMENT_SIGNING = x509.ObjectIdentifier("1.3.6.1.5.5.7.3.36")


@pytest.fixture(scope="module")
def unsigned():
    return certificate_pdf(facts())


@pytest.fixture
def identity(tmp_path):
    return identity_in(tmp_path)


def status_of(pdf, trusted):
    """pyHanko's verdict on the document's only signature, trusting `trusted` as a root."""
    signatures = PdfFileReader(io.BytesIO(pdf)).embedded_signatures
    assert len(signatures) == 1
    roots = [next(load_certs_from_pemder_data(trusted.public_bytes(serialization.Encoding.PEM)))]
    return validate_pdf_signature(signatures[0], ValidationContext(trust_roots=roots))


# The platform's own identity

def test_the_first_use_creates_a_key_that_only_its_owner_can_read(tmp_path):
    identity_in(tmp_path)
    assert stat.S_IMODE(os.stat(tmp_path / KEY_FILE).st_mode) == 0o600
    assert (tmp_path / CERT_FILE).read_bytes().startswith(b"-----BEGIN CERTIFICATE-----")


def test_later_uses_load_the_same_identity(tmp_path):
    assert fingerprint(identity_in(tmp_path)) == fingerprint(identity_in(tmp_path))


def test_workers_starting_together_make_one_key(tmp_path):
    fingerprints = []

    def start():
        fingerprints.append(fingerprint(identity_in(tmp_path)))

    workers = [threading.Thread(target=start) for _ in range(4)]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join()
    assert len(fingerprints) == 4 and len(set(fingerprints)) == 1


def test_a_lost_certificate_is_made_again_for_the_same_key(tmp_path):
    first = identity_in(tmp_path)
    (tmp_path / CERT_FILE).unlink()
    second = identity_in(tmp_path)
    assert fingerprint(second) != fingerprint(first)
    assert second.certificate.public_key() == first.certificate.public_key()


def test_the_signing_certificate_signs_documents_only_for_ten_years(identity):
    certificate = identity.certificate
    assert certificate.subject.get_attributes_for_oid(NameOID.COMMON_NAME)[0].value == "MentorUp certificate signing"
    assert certificate.issuer == certificate.subject
    assert certificate.extensions.get_extension_for_class(x509.BasicConstraints).value.ca is False
    usage = certificate.extensions.get_extension_for_class(x509.KeyUsage).value
    assert usage.digital_signature and usage.content_commitment and not usage.key_cert_sign
    assert list(certificate.extensions.get_extension_for_class(x509.ExtendedKeyUsage).value) == [DOCUMENT_SIGNING]
    lifetime = certificate.not_valid_after_utc - certificate.not_valid_before_utc
    assert timedelta(days=3650) < lifetime < timedelta(days=3660)
    assert certificate.not_valid_before_utc < datetime.now(timezone.utc)


def test_the_fingerprint_is_the_certificates_sha256_in_pairs(identity):
    der = identity.certificate.public_bytes(serialization.Encoding.DER)
    printed = fingerprint(identity)
    assert re.fullmatch(r"([0-9A-F]{2}:){31}[0-9A-F]{2}", printed)
    assert printed.replace(":", "").lower() == hashlib.sha256(der).hexdigest()


# Signing and checking

def test_a_signed_certificate_is_intact_trusted_and_covers_the_whole_file(unsigned, identity):
    signed = sign_pdf(unsigned, identity)
    status = status_of(signed, identity.certificate)
    assert status.intact and status.valid and status.trusted
    assert status.coverage == SignatureCoverageLevel.ENTIRE_FILE
    assert status.bottom_line


def test_poppler_agrees_the_signature_is_valid_and_covers_the_document(unsigned, identity, tmp_path):
    """A second opinion from another implementation (poppler's pdfsig, on NSS)."""
    (tmp_path / "signed.pdf").write_bytes(sign_pdf(unsigned, identity))
    report = subprocess.run(["pdfsig", str(tmp_path / "signed.pdf")], capture_output=True,
                            text=True).stdout
    assert "Signature Validation: Signature is Valid." in report
    assert "Total document signed" in report
    assert "ETSI.CAdES.detached" in report


def test_the_signature_is_pades_and_allows_no_change(unsigned, identity):
    signature = PdfFileReader(io.BytesIO(sign_pdf(unsigned, identity))).embedded_signatures[0]
    assert signature.sig_object["/SubFilter"] == "/ETSI.CAdES.detached"
    assert signature.docmdp_level == MDPPerm.NO_CHANGES


def test_the_signature_says_who_signed_why_and_where_to_check(unsigned, identity):
    signed = sign_pdf(unsigned, identity, contact=VERIFY_URL, location="Online")
    signature = PdfFileReader(io.BytesIO(signed)).embedded_signatures[0].sig_object
    assert signature["/Name"] == "MentorUp certificate signing"
    assert signature["/Reason"] == "Certificate issued by MentorUp"
    assert signature["/ContactInfo"] == VERIFY_URL
    assert signature["/Location"] == "Online"


def test_a_signed_certificate_still_reads_as_the_same_document(unsigned, identity):
    page = page_of(sign_pdf(unsigned, identity))
    assert "Zoë Łukasiewicz-Ångström" in page.extract_text()
    assert page.pdf.metadata.author == "Acme Industries Ltd"


def test_a_document_signed_by_someone_else_is_not_trusted(unsigned, identity, tmp_path):
    other = identity_in(tmp_path / "other")
    status = status_of(sign_pdf(unsigned, other), identity.certificate)
    assert status.intact and not status.trusted
    assert not status.bottom_line


def largest_stream(pdf):
    """(start, end) of the longest stream's data: the embedded font, untouched by parsing."""
    spans = [(match.end(), pdf.index(b"endstream", match.end()))
             for match in re.finditer(rb"(?<!end)stream\r?\n", pdf)]
    return max(spans, key=lambda span: span[1] - span[0])


@pytest.mark.parametrize("where", ["title", "font data"])
def test_changing_one_byte_breaks_the_signature(unsigned, identity, where):
    signed = bytearray(sign_pdf(unsigned, identity))
    if where == "title":
        at = signed.index(b"/Title") + signed[signed.index(b"/Title"):].index(b"Certificate")
    else:
        start, end = largest_stream(bytes(signed))
        at = (start + end) // 2
    signed[at] ^= 0x01
    status = status_of(bytes(signed), identity.certificate)
    assert not status.intact
    assert not status.bottom_line


# An organisation's own key and certificate

def organisation_files(folder, passphrase=b"correct horse"):
    """A root CA and a signing certificate it issued, as an organisation would hand them over."""
    now = datetime.now(timezone.utc)
    root_key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    root_name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "Acme Root CA")])
    root = (x509.CertificateBuilder().subject_name(root_name).issuer_name(root_name)
            .public_key(root_key.public_key()).serial_number(1)
            .not_valid_before(now - timedelta(days=1)).not_valid_after(now + timedelta(days=365))
            .add_extension(x509.BasicConstraints(ca=True, path_length=0), critical=True)
            .add_extension(x509.KeyUsage(True, False, False, False, False, True, True, False, False), critical=True)
            .sign(root_key, hashes.SHA256()))
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    leaf = (x509.CertificateBuilder()
            .subject_name(x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "Acme Certificates")]))
            .issuer_name(root_name).public_key(key.public_key()).serial_number(2)
            .not_valid_before(now - timedelta(days=1)).not_valid_after(now + timedelta(days=365))
            .add_extension(x509.KeyUsage(True, True, False, False, False, False, False, False, False), critical=True)
            .add_extension(x509.ExtendedKeyUsage([ExtendedKeyUsageOID.CODE_SIGNING, DOCUMENT_SIGNING]), critical=False)
            .sign(root_key, hashes.SHA256()))
    (folder / "key.pem").write_bytes(key.private_bytes(
        serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
        serialization.BestAvailableEncryption(passphrase)))
    (folder / "cert.pem").write_bytes(b"".join(c.public_bytes(serialization.Encoding.PEM) for c in (leaf, root)))
    return folder / "key.pem", folder / "cert.pem", root


def test_an_organisations_own_key_signs_with_its_chain(unsigned, tmp_path):
    key, cert, root = organisation_files(tmp_path)
    identity = identity_from_files(key, cert, passphrase=b"correct horse")
    assert identity.name == "Acme Certificates"
    status = status_of(sign_pdf(unsigned, identity), root)
    assert status.intact and status.valid and status.trusted


def test_a_certificate_that_is_not_the_keys_is_refused(tmp_path):
    key, _, _ = organisation_files(tmp_path)
    ours = identity_in(tmp_path / "platform")
    with pytest.raises(SigningError, match="is not the certificate of the key"):
        identity_from_files(key, tmp_path / "platform" / CERT_FILE, passphrase=b"correct horse")
    assert ours


def test_a_wrong_passphrase_is_refused_naming_the_file(tmp_path):
    key, cert, _ = organisation_files(tmp_path)
    with pytest.raises(SigningError, match="Cannot read the signing key .*key.pem"):
        identity_from_files(key, cert, passphrase=b"wrong")


def test_a_missing_certificate_file_is_refused_naming_it(tmp_path):
    key, _, _ = organisation_files(tmp_path)
    with pytest.raises(SigningError, match="Cannot read the signing certificate .*nowhere.pem"):
        identity_from_files(key, tmp_path / "nowhere.pem", passphrase=b"correct horse")
