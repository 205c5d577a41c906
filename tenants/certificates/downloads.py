"""Names of downloaded certificates: `certificate-<programme>-<name>.pdf`, as an ASCII slug that
every browser and file system takes, and with the real names (any script) for those that read
RFC 6266's filename*."""
import re
import unicodedata
from urllib.parse import quote

PART = 60  # characters of each name in a file name: a 300-character name makes no file system happy
# What file systems refuse, and the bidirectional controls that could make "…fdp.exe" read as "…exe.pdf".
NOT_IN_FILE_NAMES = re.compile('[\x00-\x1f\x7f/\\\\:*?"<>|\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]+')
# Latin letters that Unicode does not decompose into a base letter and an accent.
LETTERS = str.maketrans({"ł": "l", "Ł": "L", "ø": "o", "Ø": "O", "đ": "d", "Đ": "D", "ß": "ss", "æ": "ae",
                         "Æ": "AE", "œ": "oe", "Œ": "OE", "þ": "th", "Þ": "Th", "ı": "i"})


def slug(text, fallback):
    """ASCII letters and digits joined by hyphens: "Zoë Łukasiewicz" -> "zoe-lukasiewicz"."""
    ascii_text = unicodedata.normalize("NFKD", text.translate(LETTERS)).encode("ascii", "ignore").decode()
    words = re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")
    return words[:PART].strip("-") or fallback


def plain(text):
    """The real name, without what file systems refuse, on one line and not too long."""
    return " ".join(NOT_IN_FILE_NAMES.sub(" ", text).split())[:PART].strip() or "participant"


def ascii_name(programme, name):
    return f"certificate-{slug(programme, 'programme')}-{slug(name, 'participant')}.pdf"


def real_name(programme, name):
    return f"certificate-{plain(programme)}-{plain(name)}.pdf"


def content_disposition(programme, name):
    """The header that names the download, both ways."""
    return (f'attachment; filename="{ascii_name(programme, name)}"; '
            f"filename*=UTF-8''{quote(real_name(programme, name), safe='')}")


def zip_names(certificates):
    """A distinct real name for each certificate in a zip; namesakes get " (2)", " (3)", …"""
    taken, names = set(), []
    for certificate in certificates:
        base = real_name(certificate.programme, certificate.name)[:-len(".pdf")]
        name, n = f"{base}.pdf", 1
        while name.lower() in taken:
            n += 1
            name = f"{base} ({n}).pdf"
        taken.add(name.lower())
        names.append(name)
    return names
