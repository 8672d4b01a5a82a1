"""Whole numbers from the query string, checked against a range before they reach a query.

Python's int has no limit, the database's has (64-bit on SQLite and PostgreSQL): `?page=99999999999999999999`
used to end in an OverflowError or a DataError, a 500. A value out of range is a page that does not exist
(404); a value that is not a number is the default where a form could have sent it empty, else a 404.
"""

from __future__ import annotations

from django.http import Http404

# The largest primary key (BigAutoField) and the deepest page any list or search goes.
MAX_ID = 2**63 - 1
MAX_PAGE = 10_000


def _is_number(text: str) -> bool:
    digits = text[1:] if text[:1] in "+-" else text
    return bool(digits) and digits.isascii() and digits.isdigit()


def parse_int(raw, *, minimum: int, maximum: int) -> int | None:
    """`raw` as an int within [minimum, maximum], or None. Only ASCII digits with an optional sign (int() would
    also take "٣" or "1_000", and spend seconds on a 100,000-digit string)."""
    text = str(raw if raw is not None else "").strip()
    if not _is_number(text) or len(text) > 21:
        return None
    value = int(text)
    return value if minimum <= value <= maximum else None


def query_int(request, name: str, *, default: int | None = None, minimum: int = 1, maximum: int = MAX_ID,
              lenient: bool = False) -> int | None:
    """The query parameter `name` as an int in [minimum, maximum]; absent or empty → `default`.

    A number out of range → Http404. Not a number → Http404, or `default` when `lenient` (a page number
    typed by hand into the address).
    """
    text = request.GET.get(name, "").strip()
    if not text:
        return default
    if not _is_number(text):
        if lenient:
            return default
        raise Http404
    value = parse_int(text, minimum=minimum, maximum=maximum)
    if value is None:
        raise Http404
    return value


def query_ids(request, name: str, *, limit: int) -> list[int]:
    """Up to `limit` distinct ids from a repeated parameter (`?id=3&id=7`); anything not an id is ignored."""
    ids: list[int] = []
    for raw in request.GET.getlist(name):
        value = parse_int(raw, minimum=1, maximum=MAX_ID)
        if value is not None and value not in ids:
            ids.append(value)
    return ids[:limit]
