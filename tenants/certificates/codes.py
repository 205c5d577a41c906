"""Verification codes: 80 random bits in Crockford's base 32, read and typed as four groups of
four ("K7QM-2XRD-9FHT-W4PZ"). A code says nothing about who holds it or when it was made, and
at one guess in 2^80 nobody finds one by trying.

Typing is forgiving the way Crockford meant: any case, spaces or hyphens anywhere, O for 0,
I and L for 1. Anything else is not a code and is refused before any lookup.
"""
import hashlib
import re
import secrets

ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"  # no I, L, O, U: nothing to misread
LENGTH = 16  # characters of 5 bits: 80 bits
GROUP = 4
MAX_TYPED = 64  # a typed code longer than this is not one of ours, whatever it holds
TYPOS = str.maketrans({"O": "0", "I": "1", "L": "1"})
SEPARATORS = re.compile(r"[\s\-]+")


def new_code():
    """A fresh random code, grouped for reading."""
    return grouped("".join(secrets.choice(ALPHABET) for _ in range(LENGTH)))


def grouped(characters):
    return "-".join(characters[i:i + GROUP] for i in range(0, len(characters), GROUP))


def read_code(typed):
    """The code as we print it, from what someone typed; None when it cannot be one."""
    if not isinstance(typed, str) or len(typed) > MAX_TYPED or not typed.isascii():
        return None
    characters = SEPARATORS.sub("", typed).upper().translate(TYPOS)
    if len(characters) != LENGTH or any(c not in ALPHABET for c in characters):
        return None
    return grouped(characters)


def code_digest(code):
    """What the platform keeps to find a code's tenant: its SHA-256, never the code itself."""
    return hashlib.sha256(code.encode("ascii")).hexdigest()
