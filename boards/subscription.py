"""Compile the boards of one tenant into its one statistics subscription.

A BPCC client may hold a single subscription (seed 003, Create Subscription), so the
union of what every enabled board of a tenant shows becomes one body:
- totals over all supervised services go in the app id `wallboard`; totals limited to
  chosen services go in an app id of their own per set of services, with BP's
  `stats_totals_service_ids` (docs/upstream/bpcc-statistics.md §1.2);
- each distinct grid appears once, under an id derived from its definition, so two
  boards showing the same grid share it, and editing one widget leaves the ids (and
  the data) of every other widget as they were. Service and agent grids, the agent
  state summary (an agent grid of `acd_state`, logged-in agents only, as BP builds it),
  the leaderboard (agent name and `calls_dispositions_per_day` with its `dispositions`)
  and the agents-available indicator (a service grid of `name`, `agents_ready`) are all
  grids (reference §1.4 and §2);
- each news widget's `chat_messages` request goes in an app id of its own, since one
  section holds one such request.
Widgets that show no statistics (clock, text) add nothing.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable, Sequence
from typing import Any

from boards.models import Board

APP_ID = "wallboard"
# Widgets that show totals; a sparkline's totals also feed the history stream, which
# keeps the app id `wallboard` only, so a sparkline is never limited to services.
TOTAL_TYPES = frozenset({"total", "gauge", "sparkline"})
# Widgets built on a BPCC grid, and the section of the subscription that grid goes in.
GRID_SECTIONS = {
    "service_grid": "service_grids",
    "agent_grid": "agent_grids",
    "availability": "service_grids",
    "agent_summary": "agent_grids",
    "leaderboard": "agent_grids",
}
NEWS = "news"
# BP's own agent state summary asks for everyone this way (reference §2).
SUMMARY_LIMIT = 1000


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


def widget_services(widget: dict[str, Any]) -> list[str] | None:
    """Return the services a totals widget is limited to, or None for all of them."""
    if widget.get("type") == "sparkline":
        return None
    return widget.get("services") or None


def widget_total_keys(widget: dict[str, Any]) -> list[str]:
    """Return the keys of a totals widget's values in board data, primary first."""
    services = widget_services(widget)
    return [total_key(stat, services) for stat in total_stats(widget)]


def compile_subscription(boards: Iterable[Board]) -> dict[str, Any]:
    """Return the subscription body that covers every widget of `boards`."""
    body: dict[str, Any] = {APP_ID: _section()}
    for board in boards:
        for widget in board.widget_list():
            _add(body, widget)
    for section in body.values():
        section.get("stats_totals", []).sort()
    return body


def _section(services: Sequence[str] | None = None) -> dict[str, Any]:
    section: dict[str, Any] = {"stats_totals": [], "service_grids": [], "agent_grids": []}
    if services:
        section = {"stats_totals": [], "stats_totals_service_ids": sorted(services)}
    return section


def _add(body: dict[str, Any], widget: dict[str, Any]) -> None:
    kind = widget.get("type")
    if kind in TOTAL_TYPES:
        services = widget_services(widget)
        section = body.setdefault(totals_section(services), _section(services))
        for stat in total_stats(widget):
            if stat not in section["stats_totals"]:
                section["stats_totals"].append(stat)
    elif kind in GRID_SECTIONS:
        grids = body[APP_ID][GRID_SECTIONS[kind]]
        grid = compile_grid(widget)
        if all(g["id"] != grid["id"] for g in grids):
            grids.append(grid)
    elif kind == NEWS:
        body.setdefault(news_section(widget), {"chat_messages": chat_request(widget)})


def chat_request(widget: dict[str, Any]) -> dict[str, str]:
    """Return a news widget's request for the top of the internal chat messages."""
    return {"filter": str(widget.get("filter", "")), "limit": str(int(widget.get("limit", 5)))}


def news_section(widget: dict[str, Any]) -> str:
    """Return the app id of a news widget's messages: one section per filter and limit,
    since a section holds one `chat_messages` request."""
    return f"news-{_digest(chat_request(widget))}"


def grid_columns(widget: dict[str, Any]) -> list[dict[str, Any]]:
    """Return the BPCC columns of a grid widget: `stat_name`, and `dispositions` if any."""
    kind = widget.get("type")
    if kind == "agent_summary":
        return [{"stat_name": "acd_state"}]
    if kind == "availability":
        return [{"stat_name": "name"}, {"stat_name": "agents_ready"}]
    if kind == "leaderboard":
        count: dict[str, Any] = {"stat_name": "calls_dispositions_per_day"}
        if widget.get("dispositions"):
            count["dispositions"] = sorted(widget["dispositions"])
        return [{"stat_name": widget.get("name_stat", "first_last_name")}, count]
    return [{"stat_name": name} for name in widget["columns"]]


def column_names(widget: dict[str, Any]) -> list[str]:
    """Return the statistic of each column of a grid widget, in order."""
    return [column["stat_name"] for column in grid_columns(widget)]


def compile_grid(widget: dict[str, Any]) -> dict[str, Any]:
    """Return the grid definition for one grid widget, its id derived from its content."""
    columns = grid_columns(widget)
    grid: dict[str, Any] = {
        "columns": [{"id": column_id(i), **column} for i, column in enumerate(columns)],
    }
    grid.update(_grid_options(widget, [c["stat_name"] for c in columns]))
    return {"id": f"g-{_digest(grid)}", **grid}


def _grid_options(widget: dict[str, Any], names: list[str]) -> dict[str, Any]:
    kind = widget.get("type")
    if kind == "agent_summary":
        return {"limit": str(SUMMARY_LIMIT), **_filter(names, "acd_state", "NE", "")}
    if kind == "leaderboard":
        return {"order_by": column_id(1), "order_dir": "DESC", "limit": str(widget["limit"])}
    if kind == "availability":
        return {"service_ids": sorted(widget["services"])} if widget.get("services") else {}
    options: dict[str, Any] = {}
    if widget.get("order_by") in names:
        options["order_by"] = column_id(names.index(widget["order_by"]))
        options["order_dir"] = widget.get("order_dir", "DESC")
    if widget.get("limit"):
        options["limit"] = str(int(widget["limit"]))
    wanted = widget.get("filter")
    if wanted and wanted.get("stat") in names:
        options.update(_filter(names, wanted["stat"], wanted["op"], wanted["value"]))
    elif widget.get("logged_in_only") and "acd_state" in names:
        # BPCC's own agent summary keeps logged-in agents this way (reference §2).
        options.update(_filter(names, "acd_state", "NE", ""))
    return options


def _filter(names: list[str], stat: str, operation: str, value: str) -> dict[str, str]:
    return {
        "filter_by": column_id(names.index(stat)),
        "filter_value": value,
        "filter_operation": operation,
    }


def grid_id(widget: dict[str, Any]) -> str:
    """Return the subscription id of a grid widget's grid."""
    return str(compile_grid(widget)["id"])


def column_id(index: int) -> str:
    return str(index + 1)


def fingerprint(body: dict[str, Any]) -> str:
    """Return a stable hash of a subscription body, to notice when boards change."""
    return _digest(body)
