"""Compile the boards of one tenant into its one statistics subscription.

A BPCC client may hold a single subscription (seed 003, Create Subscription), so the
union of what every enabled board of a tenant shows becomes one body:
- totals over all supervised services go in the app id `wallboard`; totals limited to
  chosen services go in an app id of their own per set of services, with BP's
  `stats_totals_service_ids` (reference/bpcc-statistics.md §1.2);
- each distinct grid appears once, under an id derived from its definition, so two
  boards showing the same grid share it, and editing one widget leaves the ids (and
  the data) of every other widget as they were.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable, Sequence
from typing import Any

from stats.models import Board

APP_ID = "wallboard"
GRID_SECTIONS = {"service_grid": "service_grids", "agent_grid": "agent_grids"}


def _digest(value: object) -> str:
    return hashlib.sha256(json.dumps(value, sort_keys=True).encode()).hexdigest()[:12]


def totals_section(services: Sequence[str] | None) -> str:
    """Return the app id that carries totals over `services` (all when empty)."""
    return f"svc-{_digest(sorted(services))}" if services else APP_ID


def total_key(stat: str, services: Sequence[str] | None = None) -> str:
    """Return the key of a total in board data: the statistic, and its services if any."""
    return f"{stat}@{totals_section(services)}" if services else stat


def total_stats(widget: dict[str, Any]) -> list[str]:
    """Return the statistics a total widget shows: primary, then secondary if any."""
    return [s for s in (widget.get("stat"), widget.get("secondary")) if s]


def compile_subscription(boards: Iterable[Board]) -> dict[str, Any]:
    """Return the subscription body that covers every widget of `boards`."""
    body: dict[str, Any] = {APP_ID: _section()}
    for board in boards:
        for widget in board.widget_list():
            _add(body, widget)
    for section in body.values():
        section["stats_totals"].sort()
    return body


def _section(services: Sequence[str] | None = None) -> dict[str, Any]:
    section: dict[str, Any] = {"stats_totals": [], "service_grids": [], "agent_grids": []}
    if services:
        section = {"stats_totals": [], "stats_totals_service_ids": sorted(services)}
    return section


def _add(body: dict[str, Any], widget: dict[str, Any]) -> None:
    kind = widget.get("type")
    if kind == "total":
        services = widget.get("services") or None
        section = body.setdefault(totals_section(services), _section(services))
        for stat in total_stats(widget):
            if stat not in section["stats_totals"]:
                section["stats_totals"].append(stat)
    elif kind in GRID_SECTIONS:
        grids = body[APP_ID][GRID_SECTIONS[kind]]
        grid = compile_grid(widget)
        if all(g["id"] != grid["id"] for g in grids):
            grids.append(grid)


def compile_grid(widget: dict[str, Any]) -> dict[str, Any]:
    """Return the grid definition for one grid widget, its id derived from its content."""
    columns = list(widget["columns"])
    grid: dict[str, Any] = {
        "columns": [{"id": column_id(i), "stat_name": name} for i, name in enumerate(columns)],
    }
    if widget.get("order_by") in columns:
        grid["order_by"] = column_id(columns.index(widget["order_by"]))
        grid["order_dir"] = widget.get("order_dir", "DESC")
    if widget.get("limit"):
        grid["limit"] = str(int(widget["limit"]))
    if widget.get("logged_in_only") and "acd_state" in columns:
        # BPCC's own agent summary keeps logged-in agents this way (reference §2).
        grid["filter_by"] = column_id(columns.index("acd_state"))
        grid["filter_value"] = ""
        grid["filter_operation"] = "NE"
    return {"id": f"g-{_digest(grid)}", **grid}


def grid_id(widget: dict[str, Any]) -> str:
    """Return the subscription id of a grid widget's grid."""
    return str(compile_grid(widget)["id"])


def column_id(index: int) -> str:
    return str(index + 1)


def fingerprint(body: dict[str, Any]) -> str:
    """Return a stable hash of a subscription body, to notice when boards change."""
    return _digest(body)
