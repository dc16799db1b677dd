"""The options of each widget type, read from a raw widget by `Reader`, which notes
every problem with the widget it belongs to (boards/widgets.py gathers them).

Thresholds (`thresholds`, or `column_thresholds` per grid column) are
`{"direction": "above" | "below", "warning": n, "critical": n}` in the statistic's own
unit (seconds, a fraction for ratios); `alert` is `{"flash", "sound", "repeat"}`: what
a widget at its critical level does until someone acknowledges it. A campaign widget
names its `campaign`; a ticker shows the latest `count` console actions.
"""

from __future__ import annotations

import json
import math
from typing import Any

from bpcc import catalogue
from bpcc.catalogue import Place

DIRECTIONS = ("above", "below")
OPERATIONS = ("EQ", "NE", "LT", "GT", "LE", "GE")
NAME_STATS = ("first_last_name", "last_first_name", "login_id")
TICKER_COUNT = 5  # console actions a ticker shows when it does not say


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


def _alerting(reader: Reader) -> dict[str, Any]:
    return {
        "thresholds": thresholds(reader.child("thresholds")),
        "alert": alert(reader.child("alert")),
    }


def _total(reader: Reader) -> dict[str, Any]:
    return {
        "stat": reader.stat("stat", "total"),
        "secondary": reader.stat("secondary", "total", required=False),
        "services": reader.names("services") or None,
        **_alerting(reader),
    }


def _gauge(reader: Reader) -> dict[str, Any]:
    low, high = reader.number("min") or 0, reader.number("max")
    if high is None or high <= low:
        reader.error("a gauge needs a maximum above its minimum")
    return {
        "stat": reader.stat("stat", "total"),
        "services": reader.names("services") or None,
        "min": low,
        "max": high,
        **_alerting(reader),
    }


def _sparkline(reader: Reader) -> dict[str, Any]:
    return {
        "stat": reader.stat("stat", "total"),
        "minutes": reader.integer("minutes", 30, 5, 1440),
        **_alerting(reader),
    }


def _grid(reader: Reader, place: Place) -> dict[str, Any]:
    columns = reader.raw.get("columns")
    if not isinstance(columns, list) or not columns or len(columns) > 12:
        reader.error("'columns' must list 1 to 12 statistics")
        columns = []
    for name in columns:
        reader.check_stat(name, place)
    grid: dict[str, Any] = {
        "columns": columns,
        "order_dir": reader.choice("order_dir", ("ASC", "DESC"), "DESC"),
        "limit": reader.integer("limit", 0, 0, 200),
    }
    order_by = reader.raw.get("order_by")
    if order_by:
        if order_by not in columns:
            reader.error(f"'order_by' must be one of the columns, not {shown(order_by)}")
        grid["order_by"] = order_by
    grid["filter"] = _filter(reader.child("filter"), columns)
    grid["column_thresholds"] = _column_thresholds(reader, columns)
    grid["alert"] = alert(reader.child("alert"))
    return grid


def _filter(reader: Reader | None, columns: list[str]) -> dict[str, str] | None:
    if reader is None or not reader.raw.get("stat"):
        return None
    stat = reader.raw["stat"]
    if stat not in columns:
        reader.error(f"filters on a column of the grid, not {shown(stat)}")
    value = reader.raw.get("value", "")
    if not isinstance(value, str | int | float) or isinstance(value, bool):
        reader.error("'value' must be text or a number")
    op = reader.choice("op", OPERATIONS, "EQ")
    return {"stat": str(stat), "op": op, "value": str(value)}


def _column_thresholds(reader: Reader, columns: list[str]) -> dict[str, Any] | None:
    raw = reader.child("column_thresholds")
    if raw is None:
        return None
    result = {}
    for name in raw.raw:
        if name not in columns or not catalogue.get(name).numeric:
            raw.error(f"{shown(name)} is not a numeric column of the grid")
            continue
        levels = thresholds(raw.child(name))
        if levels:
            result[name] = levels
    return result or None


def _service_grid(reader: Reader) -> dict[str, Any]:
    return _grid(reader, "service")


def _agent_grid(reader: Reader) -> dict[str, Any]:
    grid = _grid(reader, "agent")
    grid["logged_in_only"] = reader.boolean("logged_in_only", "acd_state" in grid["columns"])
    if grid["logged_in_only"] and grid["filter"]:
        # A BPCC grid takes one filter, and "logged in only" is one (acd_state NE "").
        reader.error("a grid has one filter: untick 'logged-in agents only' to filter")
    elif grid["logged_in_only"] and "acd_state" not in grid["columns"]:
        reader.error("'logged-in agents only' needs the State (acd_state) column")
    return grid


def _leaderboard(reader: Reader) -> dict[str, Any]:
    return {
        "dispositions": reader.names("dispositions"),
        "name_stat": reader.choice("name_stat", NAME_STATS, "first_last_name"),
        "limit": reader.integer("limit", 10, 1, 50),
    }


def _availability(reader: Reader) -> dict[str, Any]:
    return {"services": reader.names("services") or None}


def _news(reader: Reader) -> dict[str, Any]:
    return {"filter": reader.text("filter", limit=100), "limit": reader.integer("limit", 5, 1, 20)}


def _clock(reader: Reader) -> dict[str, Any]:
    return {
        "show_date": reader.boolean("show_date", True),
        "show_seconds": reader.boolean("show_seconds", True),
    }


def _text(reader: Reader) -> dict[str, Any]:
    return {"text": reader.text("text", required=True, limit=500)}


def _campaign(reader: Reader) -> dict[str, Any]:
    # By name: the name is what people know, and OneCloud CX's v2 API has no ids.
    campaign = reader.text("campaign", limit=200)
    if not campaign:
        reader.error("'campaign' is required: pick a campaign")
    return {"campaign": campaign}


def _ticker(reader: Reader) -> dict[str, Any]:
    return {"count": reader.integer("count", TICKER_COUNT, 1, 20)}


def _nothing(reader: Reader) -> dict[str, Any]:
    return {}


CLEANERS = {
    "total": _total,
    "gauge": _gauge,
    "sparkline": _sparkline,
    "service_grid": _service_grid,
    "agent_grid": _agent_grid,
    "agent_summary": _nothing,
    "leaderboard": _leaderboard,
    "availability": _availability,
    "news": _news,
    "clock": _clock,
    "text": _text,
    "campaign": _campaign,
    "ticker": _ticker,
}
