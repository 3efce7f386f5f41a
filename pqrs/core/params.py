"""Numbers read from request parameters (query strings, form fields that are not Django form
fields, ids in a list).

A request parameter reaches a query only through here. A value that is not a plain decimal
integer within the range asked for is absent: it matches nothing and is never sent to the
database. Both databases refuse integers beyond 64 bits with an error rather than an empty
result (SQLite: OverflowError; PostgreSQL compares them as numeric and loses its indexes), and
``str.isdigit`` accepts characters ``int`` refuses ("²"), so neither check is left to them.
"""

from __future__ import annotations

import re

# Primary keys and every integer column here fit a signed 64-bit integer.
BIGINT_MAX = 2**63 - 1

# ASCII digits only: "٣" or "²" are digits to Python, and 20 digits already exceed 64 bits.
_INTEGER = re.compile(r"-?[0-9]{1,19}")


def int_param(value: str | None, *, minimum: int = 1, maximum: int = BIGINT_MAX) -> int | None:
    """The integer in ``value`` if it lies in ``[minimum, maximum]``, else None. The default
    range is that of an id: positive, 64 bits."""
    if value is None or not _INTEGER.fullmatch(value):
        return None
    number = int(value)
    return number if minimum <= number <= maximum else None


def int_params(values: list[str], *, limit: int) -> list[int]:
    """The valid ids among ``values``, at most ``limit`` of them (a list in a form is as long
    as its sender makes it)."""
    ids = [number for number in (int_param(v) for v in values[:limit]) if number is not None]
    return list(dict.fromkeys(ids))
