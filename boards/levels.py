"""Threshold levels on the server, as static/js/levels.js computes them in the browser:
the alert history (stats/alert_log.py) logs the same crossings screens show, and names
them as the screens' alert strip does (static/js/alertstrip.js): the widget's title and,
for a grid, the row that is alerting."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from boards.widget_types import widget_type
from boards.widget_types.base import ORDER, BoardData, Level, level_of
from bpcc import catalogue

__all__ = ["ORDER", "alert_subject", "has_thresholds", "level_of", "widget_level", "widget_title"]

SUBJECT_LENGTH = 200  # AlertEvent.widget_title and AlertAck.widget_title hold this much


def has_thresholds(widget: Mapping[str, Any]) -> bool:
    return bool(widget.get("thresholds") or widget.get("column_thresholds"))


def widget_level(widget: Mapping[str, Any], data: BoardData) -> Level:
    """Return a widget's level in board data, the value that sets it (the first of the
    worst cells of a grid) and that value's statistic."""
    kind = widget_type(widget)
    return kind.level(widget, data) if kind else ("normal", None, "")


def widget_title(widget: Mapping[str, Any]) -> str:
    """Return a widget's title as screens show it: its own, or its statistic's label, or
    its type's."""
    if widget.get("title"):
        return str(widget["title"])
    if widget.get("stat"):
        return catalogue.get(str(widget["stat"])).label
    kind = widget_type(widget)
    return kind.label if kind else str(widget.get("type", ""))


def alert_subject(widget: Mapping[str, Any], data: BoardData | None) -> str:
    """Return what an alert of `widget` is about, in words: its title, and for a grid the
    row that sets its level in `data` ("Service levels · Sales"), if any."""
    kind = widget_type(widget)
    row = (
        kind.row(widget, data)
        if kind and data and widget_level(widget, data)[0] != "normal"
        else ""
    )
    subject = f"{widget_title(widget)} · {row}" if row else widget_title(widget)
    return subject[:SUBJECT_LENGTH]
