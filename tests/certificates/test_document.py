"""The certificate document: one A4 landscape page that says who did what, in any script,
with real glyphs, its metadata set, and a QR code that leads to the verify page."""
import http.server
import io
import re
import threading
from datetime import date, datetime

import pytest
import zxingcpp
from PIL import Image

from tenants.certificates import CertificateFacts, certificate_pdf
from tenants.certificates.document import NAME_BAND_PT, NAME_SIZES, direction, fitting_size
from tenants.pdfs import DocumentInfo, pdf_of

from .factories import NAMES, SVG_LOGO, VERIFY_URL, facts
from .reading import ink, missing_glyphs, page_of, png_of, text_runs

A4_LANDSCAPE = (841.89, 595.28)  # points
LONG_NAME = ("Maximiliana Świętosława Ødegård-Nakamura " * 8)[:300]


def squashed(text):
    """Text without its whitespace: line breaks fall anywhere in a long name."""
    return re.sub(r"\s+", "", text)


def test_a_certificate_is_one_a4_landscape_page():
    page = page_of(certificate_pdf(facts()))
    width, height = float(page.mediabox.width), float(page.mediabox.height)
    assert width == pytest.approx(A4_LANDSCAPE[0], abs=0.5)
    assert height == pytest.approx(A4_LANDSCAPE[1], abs=0.5)


def test_a_certificate_states_who_did_what_with_whom_and_when():
    text = page_of(certificate_pdf(facts())).extract_text()
    for words in ("Zoë Łukasiewicz-Ångström", "Reverse mentor", "Margarethe von Thurn",
                  "Next Generation Leadership 2025", "Acme Industries Ltd", "13 January 2025",
                  "31 October 2025", "14 meetings held", "K7QM-2XRD-9FHT", VERIFY_URL,
                  "3 November 2025"):
        assert words in text


def test_the_journey_lists_each_phase_with_the_day_it_was_reached():
    text = page_of(certificate_pdf(facts(journey=(("Role-taking", date(2025, 2, 1)),
                                                  ("Role-making", date(2025, 4, 9)))))).extract_text()
    assert "ROLE-TAKING\n1 February 2025" in text
    assert "ROLE-MAKING\n9 April 2025" in text
    assert "ROUTINIZATION" not in text


def test_one_meeting_is_not_called_meetings():
    assert "1 meeting held" in page_of(certificate_pdf(facts(meetings=1))).extract_text()


def test_the_metadata_name_the_certificate_its_issuer_and_its_date():
    metadata = page_of(certificate_pdf(facts())).pdf.metadata
    assert metadata.title == "Certificate: Zoë Łukasiewicz-Ångström, Next Generation Leadership 2025"
    assert metadata.author == "Acme Industries Ltd"
    assert "Reverse mentor in Next Generation Leadership 2025" in metadata.subject
    assert "K7QM-2XRD-9FHT" in metadata.subject
    assert metadata.creation_date.date() == date(2025, 11, 3)


def test_a_certificate_is_a_tagged_pdf_ua_document():
    reader = page_of(certificate_pdf(facts())).pdf
    catalog = reader.trailer["/Root"]
    assert catalog["/MarkInfo"]["/Marked"] == True  # noqa: E712 (a pypdf BooleanObject)
    assert "/StructTreeRoot" in catalog
    assert catalog["/Lang"] == "en"
    assert b'pdfuaid:part="1"' in catalog["/Metadata"].get_object().get_data()


@pytest.mark.parametrize("script", NAMES)
def test_a_name_in_any_script_is_written_with_real_glyphs(script):
    pdf = certificate_pdf(facts(participant=NAMES[script], partner=NAMES[script]))
    assert NAMES[script] in page_of(pdf).extract_text()
    assert missing_glyphs(pdf) == []


def test_the_glyph_check_sees_tofu():
    """Code points Unicode has not assigned are in no font, whatever the machine has installed:
    they can only come out as boxes."""
    pdf = certificate_pdf(facts(participant="Zoë \u0378\u0379"))
    assert {text for _, text in missing_glyphs(pdf)} == {"\u0378", "\u0379"}


@pytest.mark.parametrize("name", [LONG_NAME, "王小明山田花子" * 43, NAMES["Arabic"] * 14],
                         ids=["300 Latin", "301 Chinese", "280 Arabic"])
def test_a_very_long_name_is_laid_out_whole_between_its_neighbours(name):
    pdf = certificate_pdf(facts(participant=name))
    runs = text_runs(pdf)
    preamble = next(run for run in runs if run[0].startswith("This certifies that"))
    statement = next(run for run in runs if run[0].startswith("took part as"))
    name_runs = [run for run in runs if preamble[2] > run[2] > statement[2]
                 and not run[0].startswith(("took", "This"))]
    assert squashed("".join(run[0] for run in name_runs)) == squashed(name)
    lowest = min(run[2] for run in name_runs)
    lowest_size = min(run[3] for run in name_runs)
    # The name's last line (with its descenders) ends above the rule, 4 mm over the statement.
    assert lowest - 0.3 * lowest_size > statement[2] + statement[3] + 11
    width = float(page_of(pdf).mediabox.width)
    assert all(30 < run[1] < width - 30 for run in name_runs)
    assert_the_rest_is_in_place(runs)


def assert_the_rest_is_in_place(runs):
    """The statement, then the journey, then the code, from top to bottom, inside the frame."""
    def y_of(start):
        return next(run[2] for run in runs if run[0].startswith(start))

    assert y_of("took part as") > y_of("ROUTINIZATION") > y_of("K7QM-2XRD-9FHT") > 9 / 25.4 * 72


def test_long_names_of_partner_programme_and_organisation_stay_on_one_page():
    long = "Ærøskøbing Værft og Kommunikationsrådgivning " * 7
    pdf = certificate_pdf(facts(participant=LONG_NAME, partner=long, programme=long,
                                organisation=long))
    assert_the_rest_is_in_place(text_runs(pdf))  # on one page, or page_of says how many
    assert missing_glyphs(pdf) == []


def test_a_right_to_left_name_is_marked_right_to_left():
    assert direction(NAMES["Arabic"]) == "rtl"
    assert direction(NAMES["Hebrew"]) == "rtl"
    assert direction("«" + NAMES["Hebrew"]) == "rtl"  # punctuation has no direction
    assert direction(NAMES["Japanese"]) == "ltr"
    assert direction("2025") == "ltr"


def test_a_longer_name_gets_a_smaller_size_that_fits_its_band():
    sizes = [fitting_size(name, NAME_SIZES, NAME_BAND_PT)
             for name in ("Ann Lee", "Zoë Łukasiewicz-Ångström Kowalska-Nakamura", LONG_NAME)]
    assert sizes == sorted(sizes, reverse=True)
    assert sizes[0] == NAME_SIZES[0]
    assert sizes[-1] < sizes[1]
    # East Asian characters are twice as wide: the same count needs a smaller size.
    assert fitting_size("王" * 30, NAME_SIZES, NAME_BAND_PT) < fitting_size("W" * 30, NAME_SIZES, NAME_BAND_PT)


def test_a_name_is_printed_as_typed_and_never_read_as_markup():
    typed = '=HYPERLINK("http://x.example") <b>Bold</b> & <script>alert(1)</script>'
    text = page_of(certificate_pdf(facts(participant=typed))).extract_text()
    assert squashed(typed) in squashed(text)


def test_the_qr_code_leads_to_the_verify_page():
    image = png_of(certificate_pdf(facts()), dpi=200)
    codes = zxingcpp.read_barcodes(image, formats=zxingcpp.BarcodeFormat.QRCode)
    assert [code.text for code in codes] == [VERIFY_URL]


def test_page_one_is_drawn_and_framed_in_the_tenants_colour():
    image = png_of(certificate_pdf(facts(colour="#8b1f3a")), dpi=150)
    assert 0.02 < ink(image) < 0.5
    # The frame is 9 mm from the edge: 53 px at 150 dpi.
    frame = [image.getpixel((image.width // 2, y)) for y in range(48, 60)]
    assert (0x8b, 0x1f, 0x3a) in [pytest.approx(pixel, abs=24) for pixel in frame]


def test_a_blank_page_has_no_ink():
    """The ink measure can fail: an empty page has none."""
    blank = pdf_of("<p></p>", DocumentInfo("Blank", "Test", "Nothing", datetime(2025, 1, 1)), "certificate.css")
    assert ink(png_of(blank), box=(60, 60, 780, 520)) == 0


@pytest.mark.parametrize("kind", ["svg", "png"])
def test_the_logo_is_drawn_at_the_top(kind):
    logo = (kind, SVG_LOGO if kind == "svg" else png_logo())
    with_logo = png_of(certificate_pdf(facts(logo=logo)))
    without = png_of(certificate_pdf(facts()))
    top = (370, 30, 470, 70)  # the logo's place, centred above the organisation's name
    assert ink(with_logo, top) > ink(without, top) + 0.05


def png_logo():
    buffer = io.BytesIO()
    Image.new("RGB", (120, 120), "#1f5f8b").save(buffer, "PNG")
    return buffer.getvalue()


def test_a_colour_that_is_not_a_hex_colour_is_refused():
    with pytest.raises(ValueError, match="#1f5f8b"):
        facts(colour="red; } body { display: none")


def test_a_logo_must_be_png_or_svg():
    with pytest.raises(ValueError, match="PNG or SVG"):
        facts(logo=("gif", b"GIF89a"))


def test_facts_are_frozen():
    with pytest.raises(AttributeError):
        facts().participant = "Someone else"
    assert isinstance(facts(), CertificateFacts)


def test_a_logo_cannot_make_the_server_fetch_anything():
    """Defence in depth behind the platform's SVG cleaning: documents load only data: URLs."""
    requests = []

    class Recorder(http.server.BaseHTTPRequestHandler):
        def do_GET(self):
            requests.append(self.path)
            self.send_response(404)
            self.end_headers()

        def log_message(self, *args):
            pass

    server = http.server.HTTPServer(("127.0.0.1", 0), Recorder)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    address = f"http://127.0.0.1:{server.server_port}"
    svg = (f'<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" '
           f'viewBox="0 0 10 10"><image href="{address}/a.png" width="10" height="10"/>'
           f'<use xlink:href="{address}/b.svg#x"/></svg>').encode()
    try:
        certificate_pdf(facts(logo=("svg", svg)))
    finally:
        server.shutdown()
    assert requests == []
