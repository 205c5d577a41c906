"""The digital signature on certificates: a PAdES signature that a PDF reader checks, made
with the platform's own key (created on first use) or an organisation's key and certificate."""
import fcntl
import io
import os
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone
from functools import lru_cache
from pathlib import Path

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID
from pyhanko.keys import load_certs_from_pemder_data, load_private_key_from_pemder_data
from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
from pyhanko.sign import fields, signers
from pyhanko_certvalidator.registry import SimpleCertificateStore

KEY_FILE = "certificate-signing-key.pem"
CERT_FILE = "certificate-signing-cert.pem"
SIGNER_NAME = "MentorUp certificate signing"
# Ten years: a certificate issued near the end must still check in a reader for years to
# come; the key is then replaced (delete both files) rather than kept for ever.
VALIDITY = timedelta(days=3653)
# ECDSA on P-256 (PAdES and every current reader accept it): an RSA key of the same strength
# (3072 bits) costs pyHanko about 0.1 s to load at each signature, longer than the rendering.
CURVE = ec.SECP256R1()
# Room for the signature container beside its certificates (signature, signed attributes,
# framing; generous for RSA 4096), so that pyHanko need not sign once more to measure it.
SIGNATURE_ROOM = 2048


class SigningError(ValueError):
    """The key or certificate cannot be used; the message says why."""


@dataclass(frozen=True)
class SigningIdentity:
    """A private key and the X.509 certificate that names it (plus any chain up to a root)."""
    key: object  # a private key as cryptography loads it (EC, RSA, ...)
    certificate: x509.Certificate
    chain: tuple = ()

    @property
    def name(self):
        names = (self.certificate.subject.get_attributes_for_oid(NameOID.COMMON_NAME)
                 or self.certificate.subject.get_attributes_for_oid(NameOID.ORGANIZATION_NAME))
        return names[0].value if names else self.certificate.subject.rfc4514_string()


def identity_in(folder):
    """The platform's identity kept in `folder`, created there on first use.

    Creation holds a lock, so that two workers starting together make one key, not two.
    """
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    with _locked(folder / ".certificate-signing.lock"):
        key_path, cert_path = folder / KEY_FILE, folder / CERT_FILE
        if not key_path.exists():
            key = ec.generate_private_key(CURVE)
            _write(key_path, key.private_bytes(serialization.Encoding.PEM,
                                               serialization.PrivateFormat.PKCS8,
                                               serialization.NoEncryption()), mode=0o600)
            cert_path.unlink(missing_ok=True)  # a certificate for a key that is gone
        if not cert_path.exists():
            key = _load_key(key_path, None)
            _write(cert_path, self_signed_certificate(key).public_bytes(serialization.Encoding.PEM),
                   mode=0o644)
        return identity_from_files(key_path, cert_path)


def identity_from_files(key_path, cert_path, passphrase=None):
    """An organisation's own key and certificate, from PEM files.

    The certificate file may carry the chain after the signing certificate.
    """
    key = _load_key(key_path, passphrase)
    try:
        certificates = x509.load_pem_x509_certificates(Path(cert_path).read_bytes())
    except (OSError, ValueError) as error:
        raise SigningError(f"Cannot read the signing certificate {cert_path}: {error}")
    certificate, *chain = certificates
    if _public(certificate) != _public(key):
        raise SigningError(f"The signing certificate {cert_path} is not the certificate of the key {key_path}.")
    return SigningIdentity(key, certificate, tuple(chain))


def self_signed_certificate(key, name=SIGNER_NAME, now=None):
    """A certificate for signing documents only (not a CA, not for TLS)."""
    now = now or datetime.now(timezone.utc)
    subject = x509.Name([
        x509.NameAttribute(NameOID.COMMON_NAME, name),
        x509.NameAttribute(NameOID.ORGANIZATION_NAME, "MentorUp"),
    ])
    return (
        x509.CertificateBuilder()
        .subject_name(subject).issuer_name(subject)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - timedelta(minutes=5))  # clocks of other machines lag
        .not_valid_after(now + VALIDITY)
        .add_extension(x509.BasicConstraints(ca=False, path_length=None), critical=True)
        .add_extension(x509.KeyUsage(digital_signature=True, content_commitment=True,
                                     key_encipherment=False, data_encipherment=False,
                                     key_agreement=False, key_cert_sign=False, crl_sign=False,
                                     encipher_only=False, decipher_only=False), critical=True)
        .add_extension(x509.ExtendedKeyUsage([x509.ObjectIdentifier("1.3.6.1.5.5.7.3.36")]),
                       critical=False)  # id-kp-documentSigning (RFC 9336)
        .add_extension(x509.SubjectKeyIdentifier.from_public_key(key.public_key()), critical=False)
        .sign(key, hashes.SHA256())
    )


def sign_pdf(pdf, identity, reason="Certificate issued by MentorUp", location=None, contact=None):
    """`pdf` with a PAdES baseline (B-B) signature appended as an incremental update.

    It is a certification signature that allows no change: a reader reports any edit.
    `contact` is where a reader can check the document (the verify page's address).
    """
    metadata = signers.PdfSignatureMetadata(
        field_name="Signature", md_algorithm="sha256", subfilter=fields.SigSeedSubFilter.PADES,
        name=identity.name, reason=reason, location=location, contact_info=contact,
        certify=True, docmdp_permissions=fields.MDPPerm.NO_CHANGES)
    room = SIGNATURE_ROOM + sum(len(c.public_bytes(serialization.Encoding.DER))
                                for c in (identity.certificate, *identity.chain))
    output = signers.sign_pdf(IncrementalPdfFileWriter(io.BytesIO(pdf)), metadata,
                              signer=_signer(identity), bytes_reserved=2 * room)  # hex digits
    return output.getvalue()


def fingerprint(identity):
    """SHA-256 of the signing certificate, as readers show it: "AB:CD:…"."""
    return identity.certificate.fingerprint(hashes.SHA256()).hex(":").upper()


@lru_cache(maxsize=4)
def _signer(identity):
    """pyHanko's signer for `identity`, kept: a batch signs hundreds of certificates with one key."""
    def loaded(certificate):
        return next(load_certs_from_pemder_data(certificate.public_bytes(serialization.Encoding.PEM)))

    key = identity.key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                                     serialization.NoEncryption())
    return signers.SimpleSigner(
        signing_cert=loaded(identity.certificate),
        signing_key=load_private_key_from_pemder_data(key, None),
        cert_registry=SimpleCertificateStore.from_certs([loaded(c) for c in identity.chain]))


def _public(key_or_certificate):
    return key_or_certificate.public_key().public_bytes(serialization.Encoding.DER,
                                                        serialization.PublicFormat.SubjectPublicKeyInfo)


def _load_key(path, passphrase):
    try:
        return serialization.load_pem_private_key(Path(path).read_bytes(), passphrase)
    except (OSError, ValueError, TypeError) as error:
        raise SigningError(f"Cannot read the signing key {path}: {error}")


def _write(path, data, mode):
    """Write a new file with `mode` from its first byte (a key is never readable by others)."""
    descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, mode)
    with os.fdopen(descriptor, "wb") as file:
        file.write(data)


@contextmanager
def _locked(path):
    with open(path, "a") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(lock, fcntl.LOCK_UN)
