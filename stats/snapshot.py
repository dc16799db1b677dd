"""Pure functions from raw BPCC subscription data to typed board data and deltas.

Nothing here does I/O, so the poller's logic is testable without Celery, Redis or HTTP.
"""

from __future__ import annotations

from typing import Any, TypedDict

from stats import catalogue
from stats.catalogue import Value
from stats.subscription import (
    APP_ID,
    GRID_SECTIONS,
    column_id,
    grid_id,
    total_key,
    total_stats,
    totals_section,
)

Row = list[Value]


class BoardData(TypedDict):
    """What one board shows: totals by statistic, grid rows by widget id."""

    totals: dict[str, Value]
    grids: dict[str, list[Row]]


def build_board_data(widgets: list[dict[str, Any]], raw: dict[str, Any]) -> BoardData:
    """Return the typed data of one board from the tenant's whole subscription data.

    Totals are keyed by `total_key` (the statistic, plus its services when limited to
    some); grids by widget id.
    """
    totals: dict[str, Value] = {}
    grids: dict[str, list[Row]] = {}
    for widget in widgets:
        kind = widget.get("type", "")
        if kind == "total":
            services = widget.get("services") or None
            section = raw.get(totals_section(services)) or {}
            raw_totals = section.get("stats_totals") or {}
            for stat in total_stats(widget):
                totals[total_key(stat, services)] = catalogue.get(stat).parse(raw_totals.get(stat))
        elif kind in GRID_SECTIONS:
            section = (raw.get(APP_ID) or {}).get(GRID_SECTIONS[kind]) or []
            raw_grid = _find_grid(section, grid_id(widget))
            grids[widget["id"]] = [_parse_row(widget["columns"], row) for row in raw_grid]
    return {"totals": totals, "grids": grids}


def _find_grid(grids: list[dict[str, Any]], wanted: str) -> list[dict[str, Any]]:
    for grid in grids:
        if grid.get("id") == wanted:
            return list(grid.get("values") or [])
    return []


def _parse_row(columns: list[str], raw_row: dict[str, Any]) -> Row:
    return [catalogue.get(name).parse(raw_row.get(column_id(i))) for i, name in enumerate(columns)]


def diff(old: BoardData | None, new: BoardData) -> BoardData | None:
    """Return what changed from `old` to `new`, or None when nothing did.

    Changed totals are listed one by one; a grid with any changed cell is sent whole,
    because rows are ordered and limited upstream and can move between polls.
    """
    if old is None:
        return new
    totals = {k: v for k, v in new["totals"].items() if old["totals"].get(k, ...) != v}
    grids = {k: rows for k, rows in new["grids"].items() if old["grids"].get(k) != rows}
    if not totals and not grids:
        return None
    return {"totals": totals, "grids": grids}
