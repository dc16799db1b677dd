"""Longest waiting service: the service whose oldest waiting call has waited longest,
that wait, and how many calls wait there; coloured by thresholds on the wait.

It is a service grid of `name`, `in_max_wait_time` and `in_calls_waiting`, ordered by
the wait, longest first, one row (reference §1.4), limited to chosen services if any.
"""

from __future__ import annotations

from typing import Any

from boards.widget_options import Reader, alerting
from boards.widget_types.base import BoardData, Level, column_id, level_of, register
from boards.widget_types.grids import GridType, GridWidget

COLUMNS = ("name", "in_max_wait_time", "in_calls_waiting")
WAIT = COLUMNS.index("in_max_wait_time")


@register
class LongestWait(GridType):
    name, label, size, position = "longest_wait", "Longest waiting service", (3, 2), 85

    def clean(self, reader: Reader) -> dict[str, Any]:
        return {"services": reader.names("services") or None, **alerting(reader)}

    def columns(self, widget: GridWidget) -> list[dict[str, Any]]:
        return [{"stat_name": name} for name in COLUMNS]

    def options(self, widget: GridWidget, names: list[str]) -> dict[str, Any]:
        options: dict[str, Any] = {"order_by": column_id(WAIT), "order_dir": "DESC", "limit": "1"}
        if widget.get("services"):
            options["service_ids"] = sorted(widget["services"])
        return options

    def level(self, widget: GridWidget, data: BoardData) -> Level:
        rows = data["grids"].get(widget.get("id", "")) or []
        value = rows[0][WAIT] if rows else None
        return level_of(value, widget.get("thresholds")), value, COLUMNS[WAIT]

    def row(self, widget: GridWidget, data: BoardData) -> str:
        rows = data["grids"].get(widget.get("id", "")) or []
        return str(rows[0][0] or "") if rows else ""
