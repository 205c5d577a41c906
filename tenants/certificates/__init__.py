"""Certificates: earned PDFs that say what a participant did, signed, with a code anyone can check.

    certificate_pdf(CertificateFacts(...)) -> bytes     the one-page document (document.py)
    sign_pdf(pdf, identity) -> bytes                     PAdES signature (signing.py)
"""
from .document import CertificateFacts, certificate_pdf

__all__ = ["CertificateFacts", "certificate_pdf"]
