"""The documented shape of an upstream answer, checked before anything is built from it.

A `200` is trusted only when it is what the seed documents say it is: JSON, and for
"Get Subscription Data" (docs/upstream/realtime-stats-api.md) an object with, for each app id of the
subscription, an object whose sections are:
- `stats_totals`: an object of statistic name → text (`""` is "no data");
- `service_grids`, `agent_grids`: a list of `{"id": text, "values": [row, ...]}`, each
  row an object of column id → text;
- `chat_messages`: a list of objects of field → text.
Sections the answer leaves out are read as empty (as before), and fields nobody asked
for are ignored; anything else (an error object, HTML, a number where text belongs)
makes the whole answer a bad one, with a short reason naming where it went wrong.
Pure functions: no I/O.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import Any

# How much of an upstream key a reason quotes: keys are the upstream's, of any length.
KEY_CHARS = 40
GRIDS = ("service_grids", "agent_grids")
# Keys in which the APIs put their own words when the answer is an error (bpcc/client.py).
ERROR_KEYS = ("error_message", "errorMessage", "message", "error_description", "error")


class NotJson(ValueError):
    """The answer's body is not JSON; the message says what it is instead."""


class _Wrong(Exception):
    """Where the data stops being the documented shape, and how."""


def answer_json(content: bytes, content_type: str = "") -> Any:
    """Return the JSON value of an answer's body; raise NotJson with a short reason."""
    start = content.lstrip()[:1]
    if not start:
        raise NotJson("the tenant's answer is empty")
    if "html" in content_type.lower() or start == b"<":
        raise NotJson("the tenant's answer is HTML, not JSON")
    try:
        return json.loads(content)
    except (json.JSONDecodeError, UnicodeDecodeError):
        raise NotJson("the tenant's answer is not JSON") from None


def data_problem(data: object, subscription: Mapping[str, Any]) -> str | None:
    """Return what is wrong with `data` as the answer to `subscription` (the body the
    subscription was created with), or None if it is the documented shape."""
    if not isinstance(data, dict):
        return f"the tenant's answer is {_kind(data)}, not an object"
    words = _error_words(data, subscription)
    if words is not None:
        return f"the tenant's answer is an error: {words}"
    try:
        for app_id, wanted in subscription.items():
            _section(data.get(app_id), _name(app_id), wanted)
    except _Wrong as exc:
        return str(exc)
    return None


def _error_words(data: dict[str, Any], subscription: Mapping[str, Any]) -> str | None:
    """Return the upstream's words if `data` is an error body rather than data."""
    if any(app_id in data for app_id in subscription):
        return None
    for key in ERROR_KEYS:
        if data.get(key):
            return str(data[key])
    return None


def _section(section: object, where: str, wanted: Mapping[str, Any]) -> None:
    if section is None:
        raise _Wrong(f"{where} is missing")
    found = _object(section, where)
    for name in wanted:
        value = found.get(name)
        if value is None:  # left out: read as empty
            continue
        if name == "stats_totals":
            _texts(value, f"{where}.stats_totals")
        elif name in GRIDS:
            _grids(value, f"{where}.{name}")
        elif name == "chat_messages":
            for i, message in enumerate(_list(value, f"{where}.chat_messages")):
                _texts(message, f"{where}.chat_messages[{i}]")


def _grids(value: object, where: str) -> None:
    for i, item in enumerate(_list(value, where)):
        at = f"{where}[{i}]"
        grid = _object(item, at)
        _text(grid.get("id"), f"{at}.id")
        for j, row in enumerate(_list(grid.get("values"), f"{at}.values")):
            _texts(row, f"{at}.values[{j}]")


def _texts(value: object, where: str) -> None:
    """Check that `value` is an object of text values."""
    for key, text in _object(value, where).items():
        _text(text, f"{where}.{_name(key)}")


def _object(value: object, where: str) -> dict[Any, Any]:
    if isinstance(value, dict):
        return value
    raise _Wrong(f"{where} is {_kind(value)}, not an object")


def _list(value: object, where: str) -> list[Any]:
    if isinstance(value, list):
        return value
    raise _Wrong(f"{where} is {_kind(value)}, not a list")


def _text(value: object, where: str) -> None:
    if not isinstance(value, str):
        raise _Wrong(f"{where} is {_kind(value)}, not text")


def _kind(value: object) -> str:
    """Return what a JSON value is, in words."""
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true or false"
    if isinstance(value, int | float):
        return "a number"
    if isinstance(value, str):
        return "text"
    return "a list" if isinstance(value, list) else "an object"


def _name(key: object) -> str:
    text = str(key)
    return text if len(text) <= KEY_CHARS else text[: KEY_CHARS - 1] + "…"
