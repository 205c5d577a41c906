"""Long lists, shown a page at a time."""
from dataclasses import dataclass

PAGE_SIZE = 50


@dataclass(frozen=True)
class Page:
    items: list
    number: int  # 1-based
    count: int  # how many pages there are (at least one)
    total: int  # how many items in all


def page_of(query, number, size=PAGE_SIZE):
    """Page `number` of a peewee query; a number past the end gives the last page."""
    total = query.count()
    count = max(1, -(-total // size))
    number = min(max(number or 1, 1), count)
    return Page(list(query.paginate(number, size)), number, count, total)
