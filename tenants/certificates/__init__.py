"""Certificates: earned PDFs that say what a participant did, signed, with a code anyone can check.

    certificate_pdf(CertificateFacts(...)) -> bytes      the one-page document (document.py)
    signing.identity_in(folder) -> SigningIdentity       the platform's key, made on first use
    signing.identity_from_files(key, cert, passphrase)   an organisation's own
    signing.sign_pdf(pdf, identity, contact=url)         PAdES signature, no change allowed after
    signing.fingerprint(identity) -> "AB:CD:…"           for the verify page
    earning.earned(PairingRecord, EarningRule) -> Verdict   who earns one, and why
    codes.new_code(), codes.read_code(typed)              verification codes

Those work on plain data (no Flask, no database). The rest is the product around them:
models.py (Certificate, the earning rule's settings, cohort zips), issuing.py (the jobs that
issue, and revoking), batches.py (a cohort's zip), verification.py (what /verify shows),
downloads.py (file names), views.py.
"""
from .document import CertificateFacts, certificate_pdf

__all__ = ["CertificateFacts", "certificate_pdf"]
