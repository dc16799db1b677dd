"""Pure functions from raw BPCC subscription data to typed board data and deltas.

Nothing here does I/O, so the poller's logic is testable without Celery, Redis or HTTP.
"""

from __future__ import annotations

from typing import Any

from boards.widget_types import typed
from boards.widget_types.base import (
    NO_FEEDS,
    BoardData,
    CampaignCell,
    Feeds,
    Row,
    no_figures,
)
from bpcc.catalogue import Value

__all__ = ["BoardData", "CampaignCell", "Feeds", "Row", "build_board_data", "diff", "no_figures"]


def build_board_data(
    widgets: list[dict[str, Any]], raw: dict[str, Any], feeds: Feeds | None = None
) -> BoardData:
    """Return the typed data of one board from the tenant's whole subscription data and
    what else the poll read (`feeds`): each widget's type reads its part
    (boards/widget_types/).

    Totals are keyed by `total_key` (the statistic, plus its services when limited to
    some); grid rows and campaign figures by widget id.
    """
    totals: dict[str, Value] = {}
    grids: dict[str, list[Row]] = {}
    campaigns: dict[str, CampaignCell] = {}
    for kind, widget in typed(widgets):
        part = kind.read(widget, raw, feeds or NO_FEEDS)
        totals.update(part.get("totals", {}))
        if "rows" in part:
            grids[widget["id"]] = part["rows"]
        if "campaign" in part:
            campaigns[widget["id"]] = part["campaign"]
    return {"totals": totals, "grids": grids, "campaigns": campaigns}


def diff(old: BoardData | None, new: BoardData) -> BoardData | None:
    """Return what changed from `old` to `new`, or None when nothing did.

    Changed totals are listed one by one; a grid with any changed cell is sent whole,
    because rows are ordered and limited upstream and can move between polls; so is a
    campaign widget's cell. (Snapshots stored before campaign widgets have no
    `campaigns`.)
    """
    if old is None:
        return new
    totals = {k: v for k, v in new["totals"].items() if old["totals"].get(k, ...) != v}
    grids = {k: rows for k, rows in new["grids"].items() if old["grids"].get(k) != rows}
    before = old.get("campaigns") or {}
    campaigns = {k: cell for k, cell in new["campaigns"].items() if before.get(k) != cell}
    if not totals and not grids and not campaigns:
        return None
    return {"totals": totals, "grids": grids, "campaigns": campaigns}
