"""Long lists, shown a page at a time, and the page number an address asks for."""
from dataclasses import dataclass

import peewee

from tenants.forms import number_in

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


def page_of(query, number, size=PAGE_SIZE, total=None):
    """Page `number` of a peewee query; a number past the end gives the last page. `total` is
    how many items `query` gives, when it is known already. A first page that is not full needs
    no counting: most lists are short, and a count is one more query."""
    number, first = max(number or 1, 1), None
    if number == 1 and total is None:
        first = list(query.paginate(1, size))
        if len(first) < size:
            return Page(first, 1, 1, len(first))
    total = query.count() if total is None else total
    count = max(1, -(-total // size))
    number = min(number, count)
    return Page(first if number == 1 and first is not None else list(query.paginate(number, size)), number, count, total)


def counting(**queries):
    """One query giving how many rows each of `queries` gives, in their order (a page of several
    lists needs each one's length: one round trip, not one a list)."""
    columns = [query.select(peewee.fn.COUNT(peewee.SQL("*"))).order_by() for query in queries.values()]
    return peewee.Select(columns=columns).bind(next(iter(queries.values())).model._meta.database)


def page_asked(args, name="page"):
    """The page number a list's address asks for under `name` (1 when none or nonsense, as
    `tenants.forms.number_in` reads it; past the end is the last page, which `page_of` decides)."""
    return number_in(args.get(name, "")) or 1
