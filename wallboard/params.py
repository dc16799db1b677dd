"""Whole numbers from query strings and forms, read without surprises.

`str.isdigit()` is True for "²" and "٣", which `int()` then refuses or reads as another
number, and `int()` of 5,000 digits raises; `whole` accepts only plain ASCII digits
within bounds.
"""

from __future__ import annotations

import re

DIGITS = re.compile(r"[0-9]{1,18}")


def whole(raw: object, low: int = 0, high: int = 2**63 - 1) -> int | None:
    """Return `raw` as an int if it is text of ASCII digits from `low` to `high`, else None."""
    if not isinstance(raw, str) or not DIGITS.fullmatch(raw):
        return None
    value = int(raw)
    return value if low <= value <= high else None
