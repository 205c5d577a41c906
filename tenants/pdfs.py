"""PDF documents: a Jinja template under templates/pdf/ rendered by WeasyPrint into a tagged
PDF (PDF/UA-1) with its title, author, subject and date set; and the check, at start, that
fonts for every script we promise are installed."""
import shutil
import subprocess
from dataclasses import dataclass
from datetime import datetime
from functools import cache
from pathlib import Path

from jinja2 import Environment, FileSystemLoader, StrictUndefined
from weasyprint import CSS, HTML
from weasyprint.text.fonts import FontConfiguration
from weasyprint.urls import URLFetcher

from tenants.words import plural

ROOT = Path(__file__).resolve().parent.parent
STYLESHEETS = ROOT / "static" / "css"

# Scripts a name may be written in, the fontconfig languages whose letters stand for each,
# and the smallest Debian package that covers it (the names are what a user reads in the warning).
SCRIPTS = (
    ("Latin with accents", ("fr", "de", "pl", "cs", "tr", "vi"), "fonts-dejavu-core"),
    ("Cyrillic", ("ru", "uk", "bg"), "fonts-dejavu-core"),
    ("Greek", ("el",), "fonts-dejavu-core"),
    ("Arabic", ("ar", "fa"), "fonts-dejavu-core"),
    ("Hebrew", ("he",), "fonts-dejavu-core"),
    ("Chinese", ("zh-cn", "zh-tw"), "fonts-wqy-microhei"),
    ("Japanese", ("ja",), "fonts-wqy-microhei"),
)


@dataclass(frozen=True)
class DocumentInfo:
    """What a PDF reader shows in the document's properties (and screen readers announce)."""
    title: str
    author: str
    subject: str
    created: datetime
    lang: str = "en"
    keywords: tuple = ()


templates = Environment(loader=FileSystemLoader(ROOT / "templates"), autoescape=True,
                        undefined=StrictUndefined, trim_blocks=True, lstrip_blocks=True)
templates.filters["plural"] = plural

# Documents draw only on what we hand them: a stylesheet from static/css and data: URLs
# (logos, QR codes). A tenant's SVG logo must not make the server fetch anything.
_fetcher = URLFetcher(allowed_protocols={"data"})


@cache
def _stylesheet(name):
    """A parsed stylesheet, kept: parsing it again for every certificate of a batch is waste."""
    return CSS(filename=STYLESHEETS / name, url_fetcher=_fetcher)


@cache
def _font_config():
    return FontConfiguration()


def html_of(template, **context):
    """The HTML of `template` (a path under templates/, e.g. "pdf/certificate.html"), escaped."""
    return templates.get_template(template).render(**context)


def pdf_of(html, info, stylesheet):
    """PDF bytes of `html` laid out with `stylesheet` (a file name in static/css)."""
    document = HTML(string=html, url_fetcher=_fetcher).render(
        font_config=_font_config(), stylesheets=[_stylesheet(stylesheet)], pdf_variant="pdf/ua-1")
    document.metadata.title = info.title
    document.metadata.authors = [info.author]
    document.metadata.description = info.subject
    document.metadata.keywords = list(info.keywords)
    document.metadata.created = info.created.isoformat(timespec="seconds")
    document.metadata.modified = document.metadata.created
    document.metadata.lang = info.lang
    document.metadata.generator = "MentorUp"
    return document.write_pdf(pdf_variant="pdf/ua-1")


def render_pdf(template, info, stylesheet, **context):
    """PDF bytes of a template under templates/pdf/, filled with `context`."""
    return pdf_of(html_of(template, info=info, **context), info, stylesheet)


def missing_scripts(installed_languages=None):
    """[(script, Debian package)] for each script no installed font can write.

    `installed_languages` is a set of fontconfig language codes; by default, the union of
    what every installed font covers, as fontconfig (and so WeasyPrint) sees it.
    """
    if installed_languages is None:
        installed_languages = font_languages()
    return [(script, package) for script, languages, package in SCRIPTS
            if not set(languages) <= installed_languages]


def font_languages():
    """Every language some installed font covers, from fontconfig's `fc-list`."""
    listing = subprocess.run(["fc-list", "--format", "%{lang}\n"], capture_output=True,
                             text=True, check=True).stdout
    return {language for line in listing.splitlines() for language in line.split("|") if language}


def fonts_warning(installed_languages=None):
    """One paragraph to print at start when PDFs would show empty boxes, else None."""
    if installed_languages is None and shutil.which("fc-list") is None:
        return ("PDFs: fontconfig's fc-list is missing, so the fonts for names in other scripts "
                "cannot be checked. Install the Debian package fontconfig.")
    missing = missing_scripts(installed_languages)
    if not missing:
        return None
    scripts = ", ".join(script for script, _ in missing)
    packages = " ".join(sorted({package for _, package in missing}))
    return (f"PDFs: no installed font writes {scripts}; names in those scripts would print as "
            f"empty boxes in certificates and reports. Install them with: "
            f"apt-get install --no-install-recommends {packages}")
