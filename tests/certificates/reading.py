"""Reading PDFs back the way a reader would: text and where it is drawn, metadata, the
embedded fonts and whether each drawn glyph really exists in them, and page 1 as pixels."""
import io
import re
import subprocess
import tempfile
from pathlib import Path

from fontTools.pens.boundsPen import BoundsPen
from fontTools.ttLib import TTFont
from PIL import Image
from pypdf import PdfReader

BFCHAR = re.compile(rb"beginbfchar(.*?)endbfchar", re.S)
PAIR = re.compile(rb"<([0-9a-fA-F]+)>\s*<([0-9a-fA-F]+)>")


def page_of(pdf):
    reader = PdfReader(io.BytesIO(pdf))
    assert len(reader.pages) == 1, f"{len(reader.pages)} pages"
    return reader.pages[0]


def text_runs(pdf):
    """[(text, x, y, size)] for every piece of text drawn, in PDF points from the bottom left."""
    runs = []

    def visit(text, cm, tm, font, size):
        if text.strip():
            x = tm[4] * cm[0] + tm[5] * cm[2] + cm[4]
            y = tm[4] * cm[1] + tm[5] * cm[3] + cm[5]
            runs.append((text, x, y, size * abs(cm[3])))

    page_of(pdf).extract_text(visitor_text=visit)
    return runs


def fonts_of(pdf):
    """{font name: (font program bytes or None, {glyph id: text})} for the page's fonts."""
    fonts = {}
    for font in page_of(pdf)["/Resources"]["/Font"].values():
        font = font.get_object()
        descendant = font["/DescendantFonts"][0].get_object()
        descriptor = descendant["/FontDescriptor"].get_object()
        program = next((descriptor[key].get_object().get_data()
                        for key in ("/FontFile", "/FontFile2", "/FontFile3") if key in descriptor), None)
        fonts[str(font["/BaseFont"])] = (program, glyph_texts(font["/ToUnicode"].get_object().get_data()))
    return fonts


def glyph_texts(cmap):
    """{glyph id: text} from a ToUnicode CMap's bfchar entries (what WeasyPrint writes)."""
    return {int(glyph, 16): bytes.fromhex(text.decode()).decode("utf-16-be")
            for block in BFCHAR.findall(cmap) for glyph, text in PAIR.findall(block)}


def missing_glyphs(pdf):
    """[(font, text)] for each drawn character that has no real glyph (tofu): a font not
    embedded, glyph 0 (.notdef), a glyph id past the font's end, or an empty outline."""
    missing = []
    for name, (program, glyphs) in fonts_of(pdf).items():
        if program is None:
            missing += [(name, text) for text in glyphs.values()]
            continue
        font = TTFont(io.BytesIO(program))
        order = font.getGlyphOrder()
        glyph_set = font.getGlyphSet()
        for glyph, text in glyphs.items():
            if glyph == 0 or glyph >= len(order):
                missing.append((name, text))
            elif not text.isspace():
                pen = BoundsPen(glyph_set)
                glyph_set[order[glyph]].draw(pen)
                if pen.bounds is None:
                    missing.append((name, text))
    return missing


def png_of(pdf, dpi=72):
    """Page 1 as a PIL image, rendered by poppler's pdftoppm (not by us)."""
    with tempfile.TemporaryDirectory() as folder:
        source = Path(folder) / "document.pdf"
        source.write_bytes(pdf)
        subprocess.run(["pdftoppm", "-png", "-r", str(dpi), "-singlefile", str(source),
                        str(Path(folder) / "page")], check=True)
        with Image.open(Path(folder) / "page.png") as image:
            return image.convert("RGB")


def ink(image, box=None):
    """The share of pixels in `box` (or the whole image) that are not near-white."""
    region = image.crop(box) if box else image
    grey = region.convert("L")
    return sum(grey.histogram()[:200]) / (grey.width * grey.height)
