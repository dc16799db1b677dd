"""CSV for spreadsheets, safe to open: a cell that a spreadsheet would read as a
formula is written as text.

Exports carry text from elsewhere: a calling list filled by a web form, an upstream's
error message, a widget title. A value such as `=HYPERLINK(...)` or `@SUM(...)` would
run as a formula when the file is opened (CSV injection), so it is written with a
leading apostrophe, which spreadsheets read as "this is text". Signed numbers and
phone numbers (`+1 (415) 555-0101`, `-5`) are left alone: they hold no formula, and a
list's phone numbers must come back as they went.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterable
from typing import Any, Protocol

FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
NUMBER_LIKE = re.compile(r"[+-][\d\s().,/+-]*")


class Writable(Protocol):
    def write(self, text: str, /) -> Any: ...


def cell(value: Any) -> Any:
    """Return `value` as it may go into a CSV cell."""
    if not isinstance(value, str) or not value.startswith(FORMULA_START):
        return value
    if NUMBER_LIKE.fullmatch(value):
        return value
    return "'" + value


class Writer:
    """csv.writer whose cells are made safe."""

    def __init__(self, out: Writable) -> None:
        self._writer = csv.writer(out)

    def writerow(self, row: Iterable[Any]) -> None:
        self._writer.writerow([cell(value) for value in row])


def line(row: Iterable[Any]) -> str:
    """Return one CSV line of `row`, made safe."""
    out = io.StringIO()
    Writer(out).writerow(row)
    return out.getvalue()
