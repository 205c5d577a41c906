"""Long lists, shown a page at a time, and the numbers in their addresses (page, cohort, ...)."""
from dataclasses import dataclass

PAGE_SIZE = 50
# The largest id a database column holds (PostgreSQL's bigint, SQLite's integer): a bigger
# number in an address names nothing, and handing it to the database would be an error there.
BIGGEST_ID = 2**63 - 1


@dataclass(frozen=True)
class Page:
    items: list
    number: int  # 1-based
    count: int  # how many pages there are (at least one)
    total: int  # how many items in all


def number_in(text):
    """The whole number in `text` (from a query string, say), or None when it is not one we can use:
    only ASCII digits count (`int()` reads "٣", `isdigit()` passes "²"), and nothing past BIGGEST_ID."""
    if not (text.isascii() and text.isdigit()) or int(text) > BIGGEST_ID:
        return None
    return int(text)


def page_of(query, number, size=PAGE_SIZE, total=None):
    """Page `number` of a peewee query; a number past the end gives the last page. `total` is
    how many items `query` gives, when a cheaper query than `query` itself can count them."""
    total = query.count() if total is None else total
    count = max(1, -(-total // size))
    number = min(max(number or 1, 1), count)
    return Page(list(query.paginate(number, size)), number, count, total)


def page_asked(args):
    """The page number a list's address asks for (1 when none or nonsense; past the end is the
    last page, which `page_of` decides)."""
    return number_in(args.get("page", "")) or 1
