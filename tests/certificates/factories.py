"""Plain-function factories for certificate tests: the facts of a finished pairing."""
from dataclasses import replace
from datetime import date

from tenants.certificates import CertificateFacts

VERIFY_URL = "https://mentorup.example/verify/K7QM2XRD9FHTW4PZ"
NAMES = {
    "Latin with accents": "Zoë Łukasiewicz-Ångström",
    "Cyrillic": "Анна Сергеевна Кузнецова",
    "Greek": "Αικατερίνη Παπαδοπούλου",
    "Arabic": "فاطمة الزهراء بن علي",
    "Hebrew": "נועה בן־דוד",
    "Chinese": "王小明",
    "Japanese": "山田 花子（やまだ はなこ）",
}
SVG_LOGO = (b'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 60 60">'
            b'<rect width="60" height="60" rx="12" fill="#1f5f8b"/>'
            b'<path d="M14 44 L30 14 L46 44 Z" fill="#ffffff"/></svg>')


def facts(**changes):
    """A reverse mentor who went through all three phases with a senior partner."""
    certificate = CertificateFacts(
        participant="Zoë Łukasiewicz-Ångström",
        role="Reverse mentor",
        partner="Margarethe von Thurn",
        programme="Next Generation Leadership 2025",
        organisation="Acme Industries Ltd",
        colour="#1f5f8b",
        start=date(2025, 1, 13),
        end=date(2025, 10, 31),
        journey=(("Role-taking", date(2025, 1, 13)), ("Role-making", date(2025, 3, 2)),
                 ("Routinization", date(2025, 6, 18))),
        meetings=14,
        code="K7QM-2XRD-9FHT",
        verify_url=VERIFY_URL,
        issued=date(2025, 11, 3),
    )
    return replace(certificate, **changes)
