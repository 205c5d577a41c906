"""What anyone may learn of a certificate from its code: whose it is, for what, from when to
when, and whether it still stands. The partner's name and the reason for a revocation stay
with the programme: the partner did not ask to be named on a public page, and a reason may
concern the holder in ways a stranger has no business reading."""
from dataclasses import dataclass
from datetime import date

from tenants.certificates.models import Certificate


@dataclass(frozen=True)
class PublicRecord:
    code: str
    name: str
    role: str  # "Reverse mentor" or "Reverse mentee"
    programme: str
    organisation: str
    starts: date
    ends: date
    issued: date
    fingerprint: str  # of the signing certificate that signed this certificate
    revoked: date | None


def public_record(code):
    """The public facts of the certificate with `code` (as printed), or None."""
    found = Certificate.get_or_none(Certificate.code == code)
    if found is None:
        return None
    return PublicRecord(code=found.code, name=found.name, role=found.role_name, programme=found.programme,
                        organisation=found.organisation, starts=found.starts, ends=found.ends,
                        issued=found.issued.date(), fingerprint=found.fingerprint,
                        revoked=found.revoked.date() if found.revoked else None)
