"""Check an admin API's answer against its typed dict in wire.py before anyone reads it.

The views index what the documents promise (`campaign["lists"]`, `i["instanceId"]`), so
a 200 whose body has another shape (a list where an object belongs, text for a count)
must fail as an upstream failure, in plain words, not as a KeyError or TypeError deep
in a template. `problem` walks the value and the type together: typed dicts (their
required keys present, every known key of its type; unknown keys are ignored), lists,
`dict[str, X]`, `X | None`, str, int, float, bool and Any. Pure functions: no I/O.
"""

from __future__ import annotations

import types
from typing import Any, Union, get_args, get_origin, get_type_hints, is_typeddict

MOST_PROBLEM_CHARS = 120
_NAMES = {str: "text", int: "a whole number", float: "a number", bool: "true or false"}


class _Wrong(Exception):
    """Where the value stops being of its type, and how."""


def problem(value: object, kind: Any) -> str | None:
    """Return what is wrong with `value` as a `kind` (None if nothing), naming where."""
    try:
        _check(value, kind, "the answer")
    except _Wrong as exc:
        return str(exc)[:MOST_PROBLEM_CHARS]
    return None


def _check(value: object, kind: Any, where: str) -> None:
    origin = get_origin(kind)
    if kind is Any:
        return
    if origin in (Union, types.UnionType):
        if not any(_fits(value, k) for k in get_args(kind)):
            raise _Wrong(f"{where} is {_kind(value)}")
    elif is_typeddict(kind):
        _record(value, kind, where)
    elif origin is list:
        if not isinstance(value, list):
            raise _Wrong(f"{where} is {_kind(value)}, not a list")
        for i, item in enumerate(value):
            _check(item, get_args(kind)[0], f"{where}[{i}]")
    elif origin is dict:
        if not isinstance(value, dict):
            raise _Wrong(f"{where} is {_kind(value)}, not an object")
        for key, item in value.items():
            _check(item, get_args(kind)[1], f"{where}.{str(key)[:30]}")
    elif not _scalar(value, kind):
        raise _Wrong(f"{where} is {_kind(value)}, not {_NAMES.get(kind, kind)}")


def _fits(value: object, kind: Any) -> bool:
    try:
        _check(value, kind, "")
    except _Wrong:
        return False
    return True


def _record(value: object, kind: Any, where: str) -> None:
    if not isinstance(value, dict):
        raise _Wrong(f"{where} is {_kind(value)}, not an object")
    missing = [key for key in sorted(kind.__required_keys__) if key not in value]
    if missing:
        raise _Wrong(f"{where} has no '{missing[0]}'")
    for key, field_type in get_type_hints(kind).items():
        if key in value:
            _check(value[key], field_type, f"{where}.{key}")


def _scalar(value: object, kind: Any) -> bool:
    if kind is float:
        return isinstance(value, int | float) and not isinstance(value, bool)
    if kind is int:
        return isinstance(value, int) and not isinstance(value, bool)
    return isinstance(kind, type) and isinstance(value, kind)


def _kind(value: object) -> str:
    if value is None:
        return "null"
    for python, name in ((bool, "true or false"), (str, "text"), (int, "a number")):
        if isinstance(value, python):
            return name
    names = {float: "a number", list: "a list", dict: "an object"}
    return names.get(type(value), type(value).__name__)
