"""How counts are written, in pages, emails and PDFs alike (no Flask here: PDFs are made without it)."""


def plural(count, noun, nouns=None):
    """A count and its noun, as a template writes it: `{{ n | plural("pair") }}` is "1 pair" or
    "3 pairs"; irregular nouns give their plural (`plural("person", "people")`)."""
    return f"{count} {noun if count == 1 else nouns or noun + 's'}"
