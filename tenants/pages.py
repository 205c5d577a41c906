"""Long lists, shown a page at a time."""
from dataclasses import dataclass

PAGE_SIZE = 50


@dataclass(frozen=True)
class Page:
    items: list
    number: int  # 1-based
    count: int  # how many pages there are (at least one)
    total: int  # how many items in all


def page_of(query, number, size=PAGE_SIZE, total=None):
    """Page `number` of a peewee query; a number past the end gives the last page. `total` is
    how many items `query` gives, when a cheaper query than `query` itself can count them."""
    total = query.count() if total is None else total
    count = max(1, -(-total // size))
    number = min(max(number or 1, 1), count)
    return Page(list(query.paginate(number, size)), number, count, total)
