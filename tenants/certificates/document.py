"""The certificate as a document: the facts it states, laid out on one A4 landscape page
with the tenant's colour and logo and a QR code to its verify page."""
import base64
import math
import re
import unicodedata
from dataclasses import dataclass
from datetime import date, datetime, time, timezone

import segno
from markupsafe import Markup

from tenants.pdfs import DocumentInfo, render_pdf

LOGO_TYPES = {"png": "image/png", "svg": "image/svg+xml"}
HEX_COLOUR = re.compile(r"^#[0-9a-fA-F]{6}$")

# Type sizes (pt) a long name or sentence steps down through until it fits its band of the
# page; the smallest is used even when it would not, and the band clips what is left.
NAME_SIZES = (38, 32, 26, 21, 17, 14, 12, 10, 9)
STATEMENT_SIZES = (13, 12, 11, 10, 9, 8, 7)
MEASURE_PT = 640  # width of the text column
NAME_BAND_PT = 84  # heights the page has room for
STATEMENT_BAND_PT = 58
LINE_HEIGHT = 1.2


@dataclass(frozen=True)
class CertificateFacts:
    """What a certificate says, as the product decided it; nothing here is looked up."""
    participant: str
    role: str  # "Reverse mentor" or "Reverse mentee"
    partner: str
    programme: str
    organisation: str
    colour: str  # the tenant's primary colour, "#rrggbb"
    start: date
    end: date
    journey: tuple  # ((phase name, date reached), ...) in the order reached
    meetings: int
    code: str
    verify_url: str
    issued: date
    logo: tuple | None = None  # ("png" | "svg", bytes), already checked by the platform

    def __post_init__(self):
        # The colour goes into a stylesheet, where HTML escaping protects nothing.
        if not HEX_COLOUR.match(self.colour):
            raise ValueError(f"The colour must look like #1f5f8b, not {self.colour!r}.")
        if self.logo is not None and self.logo[0] not in LOGO_TYPES:
            raise ValueError(f"A logo is PNG or SVG, not {self.logo[0]!r}.")


def certificate_pdf(facts):
    """The certificate as PDF bytes (unsigned: see signing.sign_pdf)."""
    return render_pdf("pdf/certificate.html", document_info(facts), "certificate.css",
                      facts=facts,
                      accent=facts.colour, accent_tint=tint(facts.colour, 0.035),
                      accent_line=tint(facts.colour, 0.45),
                      track_inset=f"{50 / max(1, len(facts.journey)):.3f}%",
                      logo_url=logo_url(facts.logo),
                      qr=qr_svg(facts.verify_url),
                      name_size=fitting_size(facts.participant, NAME_SIZES, NAME_BAND_PT),
                      statement_size=fitting_size(statement_text(facts), STATEMENT_SIZES,
                                                  STATEMENT_BAND_PT),
                      direction=direction, long_date=long_date)


def document_info(facts):
    return DocumentInfo(
        title=f"Certificate: {facts.participant}, {facts.programme}",
        author=facts.organisation,
        subject=(f"{facts.role} in {facts.programme} at {facts.organisation}, "
                 f"{long_date(facts.start)} to {long_date(facts.end)}. "
                 f"Verification code {facts.code}."),
        created=datetime.combine(facts.issued, time(12), tzinfo=timezone.utc),
        keywords=("certificate", "reverse mentoring", facts.code))


def statement_text(facts):
    """The words of the sentence under the name, only to size it (the template writes it)."""
    return (f"took part as {facts.role} to {facts.partner} in {facts.programme} at "
            f"{facts.organisation}, from {long_date(facts.start)} to {long_date(facts.end)}")


def fitting_size(text, sizes, band_pt, measure_pt=MEASURE_PT):
    """The largest of `sizes` at which `text` fits in `band_pt` of height, by an estimate
    that errs wide: half an em a character, a whole em for East Asian wide ones."""
    ems = sum(1.0 if unicodedata.east_asian_width(c) in "WF" else 0.5 for c in text)
    for size in sizes:
        lines = max(1, math.ceil(ems * size / measure_pt))
        if lines * size * LINE_HEIGHT <= band_pt:
            return size
    return sizes[-1]


def direction(text):
    """"rtl" or "ltr" by the first letter with a direction, as HTML's dir="auto" decides
    (WeasyPrint does not implement dir="auto" itself)."""
    for character in text:
        kind = unicodedata.bidirectional(character)
        if kind in ("R", "AL"):
            return "rtl"
        if kind == "L":
            return "ltr"
    return "ltr"


def qr_svg(url):
    """The QR code of `url` as inline SVG; the page leaves a white quiet zone around it."""
    code = segno.make(url, error="m")
    return Markup(code.svg_inline(border=0, omitsize=True, dark="#1d1d1f",
                                  svgclass="qr", title="QR code of the verification address"))


def logo_url(logo):
    if logo is None:
        return None
    kind, data = logo
    return f"data:{LOGO_TYPES[kind]};base64,{base64.b64encode(data).decode('ascii')}"


def tint(colour, strength):
    """`colour` mixed with white: `strength` 1 is the colour, 0 is white."""
    red, green, blue = (int(colour[i:i + 2], 16) for i in (1, 3, 5))
    return "#" + "".join(f"{round(255 - (255 - c) * strength):02x}" for c in (red, green, blue))


def long_date(day):
    return f"{day.day} {day:%B %Y}"
