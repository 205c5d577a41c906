"""Certificates: earned PDFs that say what a participant did, signed, with a code anyone can check.

    certificate_pdf(CertificateFacts(...)) -> bytes      the one-page document (document.py)
    signing.identity_in(folder) -> SigningIdentity       the platform's key, made on first use
    signing.identity_from_files(key, cert, passphrase)   an organisation's own
    signing.sign_pdf(pdf, identity, contact=url)         PAdES signature, no change allowed after
    signing.fingerprint(identity) -> "AB:CD:…"           for the verify page

Who earns a certificate is decided elsewhere; everything here works on plain data.
"""
from .document import CertificateFacts, certificate_pdf

__all__ = ["CertificateFacts", "certificate_pdf"]
