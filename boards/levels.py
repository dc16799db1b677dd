"""Threshold levels on the server, as static/js/levels.js computes them in the browser:
the alert history (stats/alert_log.py) logs the same crossings screens show."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from boards.widget_types import widget_type
from boards.widget_types.base import ORDER, BoardData, Level, level_of

__all__ = ["ORDER", "has_thresholds", "level_of", "widget_level"]


def has_thresholds(widget: Mapping[str, Any]) -> bool:
    return bool(widget.get("thresholds") or widget.get("column_thresholds"))


def widget_level(widget: Mapping[str, Any], data: BoardData) -> Level:
    """Return a widget's level in board data, the value that sets it (the first of the
    worst cells of a grid) and that value's statistic."""
    kind = widget_type(widget)
    return kind.level(widget, data) if kind else ("normal", None, "")
