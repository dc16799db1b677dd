"""Pure functions from raw BPCC subscription data to typed board data and deltas.

Nothing here does I/O, so the poller's logic is testable without Celery, Redis or HTTP.
"""

from __future__ import annotations

from typing import Any, TypedDict

from boards.subscription import (
    APP_ID,
    GRID_SECTIONS,
    NEWS,
    TOTAL_TYPES,
    column_id,
    column_names,
    grid_id,
    news_section,
    total_stats,
    totals_section,
    widget_services,
    widget_total_keys,
)
from boards.widget_options import TICKER_COUNT
from bpcc import catalogue
from bpcc.catalogue import Value

Row = list[Value]
# The agent states of BP's agent state summary, in the order it shows them (§2).
AGENT_STATES = ("ready", "not_ready", "busy", "after_call_work")
# Widgets fed by the poll from elsewhere than the statistics (stats/feeds.py).
CAMPAIGN = "campaign"
TICKER = "ticker"


class CampaignCell(TypedDict):
    """What a campaign widget shows: its campaign's figures (stats/campaign_figures.py).

    `status` is "ok"; "missing" (the tenant has no enabled campaign of that name);
    "pending" (not fetched yet); or "unavailable" (not fetched: every fetch failed so
    far). `total` is None where the API counts no total (OneCloud CX). `as_of` is None
    while the figures are current; once a fetch fails it is when the figures shown were
    fetched, so it changes once per outage, not at every poll.
    """

    status: str
    state: str | None
    completed: int | None
    total: int | None
    as_of: float | None


class Feeds(TypedDict):
    """What the poll read besides statistics: campaign figures by campaign name, and
    the tenant's latest console actions as ticker rows, newest first."""

    campaigns: dict[str, CampaignCell]
    actions: list[Row]


class BoardData(TypedDict):
    """What one board shows: totals by statistic, grid rows and campaign figures by
    widget id."""

    totals: dict[str, Value]
    grids: dict[str, list[Row]]
    campaigns: dict[str, CampaignCell]


def no_figures(status: str = "pending") -> CampaignCell:
    """Return the cell of a campaign widget that has no figures to show."""
    return {"status": status, "state": None, "completed": None, "total": None, "as_of": None}


def build_board_data(
    widgets: list[dict[str, Any]], raw: dict[str, Any], feeds: Feeds | None = None
) -> BoardData:
    """Return the typed data of one board from the tenant's whole subscription data and
    what else the poll read (`feeds`, see `with_feeds`).

    Totals are keyed by `total_key` (the statistic, plus its services when limited to
    some); grids by widget id. Rows are the grid's columns in order, except:
    - agent state summary: `[state, agents]` for each state of `AGENT_STATES`, then any
      other state seen;
    - news: `[id, send_time, "First Last", content, urgent (1 or 0)]`, newest first.
    """
    totals: dict[str, Value] = {}
    grids: dict[str, list[Row]] = {}
    for widget in widgets:
        kind = widget.get("type", "")
        if kind in TOTAL_TYPES:
            totals.update(_totals(widget, raw))
        elif kind in GRID_SECTIONS:
            rows = _grid_rows(widget, raw)
            grids[widget["id"]] = summarise(rows) if kind == "agent_summary" else rows
        elif kind == NEWS:
            grids[widget["id"]] = _news_rows(raw.get(news_section(widget)) or {})
    return with_feeds({"totals": totals, "grids": grids, "campaigns": {}}, widgets, feeds)


def with_feeds(data: BoardData, widgets: list[dict[str, Any]], feeds: Feeds | None) -> BoardData:
    """Return `data` with the widgets fed from outside the statistics filled in:
    - ticker: a grid of the latest console actions, newest first, cut to its `count`:
      `[entry id, time, user, action, target, upstream status, ok (1 or 0)]`;
    - campaign: its campaign's `CampaignCell` in `campaigns`, "pending" until fetched.
    """
    feeds = feeds or {"campaigns": {}, "actions": []}
    grids, campaigns = dict(data["grids"]), dict(data["campaigns"])
    for widget in widgets:
        kind = widget.get("type")
        if kind == TICKER:
            grids[widget["id"]] = feeds["actions"][: int(widget.get("count", TICKER_COUNT))]
        elif kind == CAMPAIGN:
            cell = feeds["campaigns"].get(str(widget.get("campaign", "")))
            campaigns[widget["id"]] = cell or no_figures()
    return {"totals": data["totals"], "grids": grids, "campaigns": campaigns}


def _totals(widget: dict[str, Any], raw: dict[str, Any]) -> dict[str, Value]:
    section = raw.get(totals_section(widget_services(widget))) or {}
    raw_totals = section.get("stats_totals") or {}
    stats = total_stats(widget)
    return {
        key: catalogue.get(stat).parse(raw_totals.get(stat))
        for key, stat in zip(widget_total_keys(widget), stats, strict=True)
    }


def _grid_rows(widget: dict[str, Any], raw: dict[str, Any]) -> list[Row]:
    section = (raw.get(APP_ID) or {}).get(GRID_SECTIONS[widget["type"]]) or []
    names = column_names(widget)
    return [_parse_row(names, row) for row in _find_grid(section, grid_id(widget))]


def _find_grid(grids: list[dict[str, Any]], wanted: str) -> list[dict[str, Any]]:
    for grid in grids:
        if grid.get("id") == wanted:
            return list(grid.get("values") or [])
    return []


def _parse_row(columns: list[str], raw_row: dict[str, Any]) -> Row:
    return [catalogue.get(name).parse(raw_row.get(column_id(i))) for i, name in enumerate(columns)]


def summarise(rows: list[Row]) -> list[Row]:
    """Return how many agents are in each state, from rows of one `acd_state` column."""
    counts: dict[str, int] = dict.fromkeys(AGENT_STATES, 0)
    for state, *_ in rows:
        if state not in (None, "", "0"):
            counts[str(state)] = counts.get(str(state), 0) + 1
    return [[state, n] for state, n in counts.items()]


def _news_rows(section: dict[str, Any]) -> list[Row]:
    rows: list[Row] = []
    for message in section.get("chat_messages") or []:
        name = f"{message.get('first_name', '')} {message.get('last_name', '')}".strip()
        rows.append(
            [
                str(message.get("id", "")),
                catalogue.parse_value("count", message.get("send_time")),
                name or str(message.get("login_id", "")),
                str(message.get("content", "")),
                1 if str(message.get("is_urgent")) == "1" else 0,
            ]
        )
    return rows


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
