"""Compile the boards of one tenant into its one statistics subscription.

A BPCC client may hold a single subscription (seed 003, Create Subscription), so
every enabled board of a tenant becomes one app-id key of the same body. Columns are
numbered "1", "2", ... in widget order, as BPCC's own wallboard does.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable
from typing import Any

from stats.models import Board

GRID_SECTIONS = {"service_grid": "service_grids", "agent_grid": "agent_grids"}


def compile_subscription(boards: Iterable[Board]) -> dict[str, Any]:
    """Return the subscription body that covers every widget of `boards`."""
    return {board.app_id: compile_board(board.widget_list()) for board in boards}


def compile_board(widgets: list[dict[str, Any]]) -> dict[str, Any]:
    """Return one app-id section: the totals and grids these widgets show."""
    totals: list[str] = []
    section: dict[str, Any] = {"stats_totals": totals, "service_grids": [], "agent_grids": []}
    for widget in widgets:
        if widget.get("type") == "total" and widget["stat"] not in totals:
            totals.append(widget["stat"])
        elif widget.get("type") in GRID_SECTIONS:
            section[GRID_SECTIONS[widget["type"]]].append(compile_grid(widget))
    return section


def compile_grid(widget: dict[str, Any]) -> dict[str, Any]:
    """Return the grid definition for one grid widget."""
    columns = list(widget["columns"])
    grid: dict[str, Any] = {
        "id": widget["id"],
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
    return grid


def column_id(index: int) -> str:
    return str(index + 1)


def fingerprint(body: dict[str, Any]) -> str:
    """Return a stable hash of a subscription body, to notice when boards change."""
    return hashlib.sha256(json.dumps(body, sort_keys=True).encode()).hexdigest()[:16]
