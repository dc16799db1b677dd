"""JSON from people (a pasted board, an editor's save) read with limits, so no text can
crash, freeze or swell the process that reads it.

Python's `json.loads` accepts `NaN` and `Infinity`, nests until the interpreter's
recursion limit (then raises RecursionError, not a JSON error), and turns a 5,000-digit
number into an int only to fail converting it (ValueError). `loads` here refuses each
of these with `BadJson`, whose message says what was wrong in plain words. It refuses a
NUL character in a string too: PostgreSQL cannot store one.
"""

from __future__ import annotations

import json
import math
from typing import Any

MOST_DEPTH = 20  # a board is 4 deep (board, widgets, widget, thresholds)
MOST_DIGITS = 30  # far beyond any number a board holds; int() stops at 4,300


class BadJson(ValueError):
    """The text is not JSON we accept; the message says why, for a person."""


def _integer(text: str) -> int:
    if len(text.lstrip("-")) > MOST_DIGITS:
        raise BadJson(f"a number has more than {MOST_DIGITS} digits")
    return int(text)


def _real(text: str) -> float:
    value = float(text)
    if not math.isfinite(value):
        raise BadJson("a number is too large")
    return value


def _constant(name: str) -> Any:
    raise BadJson(f"{name} is not a number JSON allows")


def depth(text: str) -> int:
    """Return how deep the brackets of JSON text nest, brackets inside strings aside."""
    deepest = level = 0
    in_string = escaped = False
    for char in text:
        if in_string:
            escaped, in_string = (False, True) if escaped else (char == "\\", char != '"')
        elif char == '"':
            in_string = True
        elif char in "[{":
            level += 1
            deepest = max(deepest, level)
        elif char in "]}":
            level -= 1
    return deepest


def loads(text: str | bytes, *, most_depth: int = MOST_DEPTH) -> Any:
    """Return the value of JSON `text`; raise BadJson saying why it is refused."""
    if isinstance(text, bytes):
        try:
            text = text.decode("utf-8")
        except UnicodeDecodeError:
            raise BadJson("the text is not UTF-8") from None
    if depth(text) > most_depth:
        raise BadJson(f"it nests more than {most_depth} levels deep")
    try:
        value = json.loads(text, parse_int=_integer, parse_float=_real, parse_constant=_constant)
    except json.JSONDecodeError as exc:
        raise BadJson(f"{exc.msg} (line {exc.lineno})") from None
    if _holds_nul(value):
        # Written "\u0000": PostgreSQL stores no NUL in text nor in JSON.
        raise BadJson("a text holds a NUL character (\\u0000)")
    return value


def _holds_nul(value: Any) -> bool:
    """Return True if a string in `value` (a key or a value, at any depth) holds a NUL."""
    if isinstance(value, str):
        return "\x00" in value
    if isinstance(value, dict):
        return any(_holds_nul(k) or _holds_nul(v) for k, v in value.items())
    if isinstance(value, list):
        return any(_holds_nul(item) for item in value)
    return False
