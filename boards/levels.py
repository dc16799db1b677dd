"""Threshold levels on the server, as static/js/levels.js computes them in the browser:
the alert history (stats/alert_log.py) logs the same crossings screens show."""

from __future__ import annotations

from typing import Any

from boards.subscription import TOTAL_TYPES, widget_total_keys
from bpcc.catalogue import Value

ORDER = ("normal", "warning", "critical")


def _reached(value: float, limit: Any, direction: str) -> bool:
    if limit is None:
        return False
    return bool(value <= limit) if direction == "below" else bool(value >= limit)


def level_of(value: Value, thresholds: dict[str, Any] | None) -> str:
    """Return the level of a value against thresholds; no data is always normal."""
    if not thresholds or not isinstance(value, int | float) or isinstance(value, bool):
        return "normal"
    direction = thresholds.get("direction") or "above"
    if _reached(value, thresholds.get("critical"), direction):
        return "critical"
    if _reached(value, thresholds.get("warning"), direction):
        return "warning"
    return "normal"


def has_thresholds(widget: dict[str, Any]) -> bool:
    return bool(widget.get("thresholds") or widget.get("column_thresholds"))


def widget_level(widget: dict[str, Any], data: Any) -> tuple[str, Value, str]:
    """Return a widget's level in board data, the value that sets it (the first of the
    worst cells of a grid) and that value's statistic."""
    if widget.get("type") in TOTAL_TYPES:
        stat = str(widget.get("stat", ""))
        value = data["totals"].get(widget_total_keys(widget)[0])
        return level_of(value, widget.get("thresholds")), value, stat
    columns: list[str] = widget.get("columns") or []
    thresholds = widget.get("column_thresholds") or {}
    worst: tuple[str, Value, str] = ("normal", None, "")
    for row in data["grids"].get(widget.get("id"), []):
        for column, value in zip(columns, row, strict=False):
            level = level_of(value, thresholds.get(column))
            if ORDER.index(level) > ORDER.index(worst[0]):
                worst = (level, value, column)
    return worst
