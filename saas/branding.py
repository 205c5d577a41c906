"""A tenant's look: a logo (PNG, or SVG cleaned of anything active) and a primary colour."""
import io
import re
from pathlib import Path
from xml.etree.ElementTree import tostring

from defusedxml import ElementTree
from flask import Blueprint, abort, current_app, send_file
from PIL import Image, UnidentifiedImageError

from saas.control import Tenant
from saas.tenancy import TENANT_PREFIX
from tenants.scope import current_tenant

LOGO_MAX_BYTES = 512 * 1024
LOGO_MAX_PIXELS = 2000
SVG_MAX_DEPTH = 40  # far more nesting than any drawn logo has; 5,000 levels would exhaust Python's stack
DEFAULT_COLOR = "#1f5f8b"
SVG_NS = "{http://www.w3.org/2000/svg}"
# What a logo may draw with. Anything else (script, foreignObject, animation, links
# to other documents) is either refused or dropped.
SVG_ELEMENTS = {"svg", "g", "defs", "title", "desc", "path", "rect", "circle", "ellipse", "line",
                "polyline", "polygon", "text", "tspan", "linearGradient", "radialGradient", "stop",
                "clipPath", "mask", "symbol", "use"}
ACTIVE = re.compile(r"javascript:|<script|\bon[a-z]+\s*=", re.I)

bp = Blueprint("branding", __name__, url_prefix=TENANT_PREFIX)


class BrandingError(ValueError):
    """The logo or colour cannot be used; the message says why."""


def checked_logo(data):
    """(extension, bytes) of an acceptable logo, or raise BrandingError."""
    if not data:
        raise BrandingError("The file is empty.")
    if len(data) > LOGO_MAX_BYTES:
        raise BrandingError(f"The logo is {len(data) / 1048576:.1f} MB; the limit is 512 KB.")
    if data.startswith(b"\x89PNG\r\n\x1a\n"):
        return "png", checked_png(data)
    if b"<svg" in data[:4096]:
        return "svg", cleaned_svg(data)
    raise BrandingError("This file is not a PNG or SVG image.")


def checked_png(data):
    """The PNG's size is read from its header and judged before Pillow decodes a pixel: a file
    of a few bytes may declare 20000×20000 pixels (a decompression bomb)."""
    width, height = png_size(data)
    if max(width, height) > LOGO_MAX_PIXELS:
        raise BrandingError(f"The logo is {width}×{height} pixels; at most {LOGO_MAX_PIXELS} either way.")
    try:
        with Image.open(io.BytesIO(data)) as image:
            image.verify()
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError, Image.DecompressionBombError):
        raise BrandingError("This PNG file is damaged.")
    return data


def png_size(data):
    """(width, height) from the PNG's IHDR chunk, which the format puts first."""
    if len(data) < 24 or data[12:16] != b"IHDR":
        raise BrandingError("This PNG file is damaged.")
    return int.from_bytes(data[16:20], "big"), int.from_bytes(data[20:24], "big")


def cleaned_svg(data):
    """The SVG with only drawing elements and attributes left; scripts are refused outright."""
    text = data.decode("utf-8", errors="replace")
    if ACTIVE.search(text):
        raise BrandingError("This SVG contains a script or an event handler. Upload one without (or a PNG).")
    try:
        root = ElementTree.fromstring(data, forbid_dtd=True)
    except Exception:
        raise BrandingError("This SVG file cannot be read.")
    if root.tag not in ("svg", SVG_NS + "svg"):
        raise BrandingError("This file is not an SVG image.")
    if depth(root) > SVG_MAX_DEPTH:
        raise BrandingError(f"This SVG nests its elements more than {SVG_MAX_DEPTH} deep. Simplify it (or upload a PNG).")
    strip(root)
    # The SVG namespace is declared on the root here rather than by register_namespace(): that
    # table is the whole process's, and WeasyPrint (imported to make certificates) resets its
    # default entry, which made the output read <ns0:svg …>.
    for element in root.iter():
        element.tag = element.tag.replace(SVG_NS, "")
    root.set("xmlns", SVG_NS[1:-1])
    return tostring(root, encoding="utf-8")


def depth(root):
    """How deep the elements nest, counted without recursion (the point is to refuse what
    recursion could not walk)."""
    deepest, level = 0, [(root, 1)]
    while level:
        element, at = level.pop()
        deepest = max(deepest, at)
        level.extend((child, at + 1) for child in element)
    return deepest


def strip(element):
    for child in list(element):
        if child.tag.replace(SVG_NS, "") not in SVG_ELEMENTS:
            element.remove(child)
        else:
            strip(child)
    for name in list(element.attrib):
        value = element.attrib[name]
        local = name.split("}")[-1]
        external = local == "href" and not value.startswith("#")
        if local.startswith("on") or external or ("url(" in value and "url(#" not in value):
            del element.attrib[name]


def checked_color(value):
    """A #rrggbb colour that white text can sit on (WCAG AA, 4.5:1), or raise BrandingError."""
    value = (value or "").strip().lower()
    if not re.fullmatch(r"#[0-9a-f]{6}", value):
        raise BrandingError("Use a colour like #1f5f8b.")
    ratio = 1.05 / (luminance(value) + 0.05)
    if ratio < 4.5:
        raise BrandingError(f"White text on this colour is hard to read (contrast {ratio:.1f}:1; "
                            "it needs 4.5:1). Choose a darker shade.")
    return value


def luminance(color):
    channels = [int(color[i:i + 2], 16) / 255 for i in (1, 3, 5)]
    linear = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def logo_folder():
    return Path(current_app.instance_path) / "branding"


def save_logo(tenant, extension, data):
    logo_folder().mkdir(exist_ok=True)
    name = f"{tenant.slug}.{extension}"
    (logo_folder() / name).write_bytes(data)
    tenant.logo = name
    tenant.save()


def remove_logo(slug):
    for path in logo_folder().glob(f"{slug}.*"):
        path.unlink()


@bp.route("/logo")
def logo():
    tenant = Tenant.get(Tenant.slug == current_tenant().slug)
    if not tenant.logo:
        abort(404)
    response = send_file(logo_folder() / tenant.logo, max_age=300)
    # An SVG opened on its own could run script; we stripped it, and this forbids it anyway.
    response.headers["Content-Security-Policy"] = "default-src 'none'; style-src 'unsafe-inline'"
    response.headers["X-Content-Type-Options"] = "nosniff"
    return response


@bp.route("/brand.css")
def stylesheet():
    color = current_tenant().branding.get("color", DEFAULT_COLOR)
    return f":root {{ --brand: {color}; --brand-dark: {color}; }}\n", 200, {
        "Content-Type": "text/css", "Cache-Control": "max-age=300"}
