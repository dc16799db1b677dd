"""Reading a widget's options: `Reader`, which notes every problem with the widget it
belongs to (boards/widgets.py gathers them), and the options many types share. Each
type reads its own options with these (boards/widget_types/).

Thresholds (`thresholds`, or `column_thresholds` per grid column) are
`{"direction": "above" | "below", "warning": n, "critical": n}` in the statistic's own
unit (seconds, a fraction for ratios); `alert` is `{"flash", "sound", "repeat"}`: what
a widget at its critical level does until someone acknowledges it.
"""

from __future__ import annotations

import json
import math
from typing import Any

from bpcc import catalogue
from bpcc.catalogue import Place

DIRECTIONS = ("above", "below")


def shown(value: object, most: int = 60) -> str:
    """Return a value a person sent, quoted and cut short, for an error message: text
    in single quotes, anything else as JSON."""
    text = value if isinstance(value, str) else json.dumps(value, default=str)
    text = text if len(text) <= most else text[: most - 1] + "…"
    return f"'{text}'" if isinstance(value, str) else text


class Reader:
    """Read typed options from one raw dict, noting each problem with where it is."""

    def __init__(self, raw: dict[str, Any], where: str, errors: list[str]) -> None:
        self.raw = raw
        self.where = where
        self.errors = errors

    def error(self, message: str) -> None:
        self.errors.append(f"{self.where}: {message}")

    def text(self, key: str, default: str = "", *, limit: int = 200, required: bool = False) -> str:
        value = self.raw.get(key, default)
        if not isinstance(value, str):
            self.error(f"'{key}' must be text")
            return default
        value = value.strip()
        if required and not value:
            self.error(f"'{key}' is required")
        if len(value) > limit:
            self.error(f"'{key}' is longer than {limit} characters")
        return value

    def integer(self, key: str, default: int, low: int, high: int) -> int:
        value = self.raw.get(key, default)
        if isinstance(value, bool) or not isinstance(value, int) or not low <= value <= high:
            self.error(f"'{key}' must be a whole number from {low} to {high}")
            return default
        return value

    def number(self, key: str) -> float | None:
        value = self.raw.get(key)
        if value is None or value == "":
            return None
        number = isinstance(value, int | float) and not isinstance(value, bool)
        if not number or not math.isfinite(value):
            self.error(f"'{key}' must be a number")
            return None
        return value

    def boolean(self, key: str, default: bool = False) -> bool:
        value = self.raw.get(key, default)
        if not isinstance(value, bool):
            self.error(f"'{key}' must be true or false")
            return default
        return value

    def choice(self, key: str, options: tuple[str, ...], default: str) -> str:
        value = self.raw.get(key, default)
        if value not in options:
            self.error(f"'{key}' must be one of {', '.join(options)}")
            return default
        return str(value)

    def names(self, key: str, *, limit: int = 50) -> list[str]:
        value = self.raw.get(key) or []
        if not isinstance(value, list) or not all(isinstance(v, str) and v for v in value):
            self.error(f"'{key}' must be a list of names")
            return []
        if len(value) > limit:
            self.error(f"'{key}' lists more than {limit} names")
        return list(dict.fromkeys(v.strip() for v in value))

    def stat(self, key: str, place: Place, *, required: bool = True) -> str | None:
        name = self.raw.get(key)
        if name in (None, ""):
            if required:
                self.error(f"'{key}' is required: pick a statistic")
            return None
        self.check_stat(name, place)
        return str(name)

    def check_stat(self, name: object, place: Place) -> None:
        if not isinstance(name, str) or name not in catalogue.STATISTICS:
            self.error(f"unknown statistic {shown(name)}")
        elif not catalogue.allowed(name, place):
            where = {"total": "totals", "service": "a service grid", "agent": "an agent grid"}
            self.error(f"'{name}' cannot be shown in {where[place]}")

    def child(self, key: str) -> Reader | None:
        value = self.raw.get(key)
        if value is None:
            return None
        if not isinstance(value, dict):
            self.error(f"'{key}' must be an object")
            return None
        return Reader(value, f"{self.where} {key}", self.errors)


def thresholds(reader: Reader | None) -> dict[str, Any] | None:
    """Return clean thresholds, or None when neither level is set."""
    if reader is None:
        return None
    direction = reader.choice("direction", DIRECTIONS, "above")
    warning, critical = reader.number("warning"), reader.number("critical")
    if warning is None and critical is None:
        return None
    if warning is not None and critical is not None and _wrong_order(direction, warning, critical):
        reader.error(f"the critical level must be {direction} the warning level")
    return {"direction": direction, "warning": warning, "critical": critical}


def _wrong_order(direction: str, warning: float, critical: float) -> bool:
    return critical < warning if direction == "above" else critical > warning


def alert(reader: Reader | None) -> dict[str, Any] | None:
    if reader is None:
        return None
    return {
        "flash": reader.boolean("flash"),
        "sound": reader.boolean("sound"),
        "repeat": reader.integer("repeat", 30, 5, 3600),
    }


def alerting(reader: Reader) -> dict[str, Any]:
    """Return a widget's `thresholds` and `alert`."""
    return {
        "thresholds": thresholds(reader.child("thresholds")),
        "alert": alert(reader.child("alert")),
    }
