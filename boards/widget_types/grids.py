"""Widgets built on a BPCC grid: service and agent grids, the agent state summary, the
leaderboard and the agents-available indicator (reference §1.4 and §2).

Each distinct grid appears once in the subscription, under an id derived from its
definition, so two boards showing the same grid share it, and editing one widget
leaves the ids (and the data) of every other widget as they were. The agent state
summary is an agent grid of `acd_state`, logged-in agents only, as BP builds it; the
leaderboard an agent grid of the agent's name and `calls_dispositions_per_day` with its
`dispositions`; the agents-available indicator a service grid of `name`, `agents_ready`.
"""

from __future__ import annotations

from typing import Any

from boards.widget_options import Reader, alert, shown, thresholds
from boards.widget_types.base import (
    APP_ID,
    ORDER,
    REGISTERED,
    BoardData,
    Body,
    Feeds,
    Level,
    Reading,
    Row,
    Widget,
    WidgetType,
    column_id,
    digest,
    level_of,
    register,
)
from bpcc import catalogue
from bpcc.catalogue import Place

OPERATIONS = ("EQ", "NE", "LT", "GT", "LE", "GE")
NAME_STATS = ("first_last_name", "last_first_name", "login_id")
# The agent states of BP's agent state summary, in the order it shows them (§2).
AGENT_STATES = ("ready", "not_ready", "busy", "after_call_work")
# BP's own agent state summary asks for everyone this way (reference §2).
SUMMARY_LIMIT = 1000


class GridWidget(Widget, total=False):
    columns: list[str]
    order_by: str
    order_dir: str
    limit: int
    filter: dict[str, str]
    logged_in_only: bool
    page_seconds: int
    services: list[str]
    dispositions: list[str]
    name_stat: str


class GridType(WidgetType[GridWidget]):
    """A widget showing one BPCC grid, its rows the grid's columns in order."""

    section = "service_grids"  # the section of the subscription the grid goes in

    def columns(self, widget: GridWidget) -> list[dict[str, Any]]:
        """Return the BPCC columns: `stat_name`, and `dispositions` if any."""
        return [{"stat_name": name} for name in widget.get("columns", [])]

    def options(self, widget: GridWidget, names: list[str]) -> dict[str, Any]:
        """Return the grid's options besides its columns (order, limit, filter)."""
        options: dict[str, Any] = {}
        if widget.get("order_by") in names:
            options["order_by"] = column_id(names.index(widget["order_by"]))
            options["order_dir"] = widget.get("order_dir", "DESC")
        if widget.get("limit"):
            options["limit"] = str(int(widget["limit"]))
        wanted = widget.get("filter")
        if wanted and wanted.get("stat") in names:
            options.update(grid_filter(names, wanted["stat"], wanted["op"], wanted["value"]))
        elif widget.get("logged_in_only") and "acd_state" in names:
            # BPCC's own agent summary keeps logged-in agents this way (reference §2).
            options.update(grid_filter(names, "acd_state", "NE", ""))
        return options

    def grid(self, widget: GridWidget) -> dict[str, Any]:
        """Return the grid definition, its id derived from its content."""
        columns = self.columns(widget)
        grid: dict[str, Any] = {
            "columns": [{"id": column_id(i), **column} for i, column in enumerate(columns)],
        }
        grid.update(self.options(widget, [c["stat_name"] for c in columns]))
        return {"id": f"g-{digest(grid)}", **grid}

    def statistics(self, widget: GridWidget) -> list[str]:
        return [column["stat_name"] for column in self.columns(widget)]

    def subscribe(self, widget: GridWidget, body: Body) -> None:
        grids = body[APP_ID][self.section]
        grid = self.grid(widget)
        if all(g["id"] != grid["id"] for g in grids):
            grids.append(grid)

    def read(self, widget: GridWidget, raw: dict[str, Any], feeds: Feeds) -> Reading:
        grids = (raw.get(APP_ID) or {}).get(self.section) or []
        wanted = self.grid(widget)["id"]
        names = self.statistics(widget)
        found = next((g.get("values") or [] for g in grids if g.get("id") == wanted), [])
        return {"rows": [_parse_row(names, row) for row in found]}

    def level(self, widget: GridWidget, data: BoardData) -> Level:
        """Return the level of the first of the worst cells."""
        return self.worst_cell(widget, data)[0]

    def row(self, widget: GridWidget, data: BoardData) -> str:
        """Return the name of the row of the first of the worst cells."""
        level, row = self.worst_cell(widget, data)
        if row is None:
            return ""
        return row_name(self.statistics(widget), row, skip=level[2])

    def worst_cell(self, widget: GridWidget, data: BoardData) -> tuple[Level, Row | None]:
        """Return the level of the first of the worst cells, and that cell's row."""
        columns = widget.get("columns") or []
        limits = widget.get("column_thresholds") or {}
        worst: Level = ("normal", None, "")
        worst_row: Row | None = None
        for row in data["grids"].get(widget.get("id", ""), []):
            for column, value in zip(columns, row, strict=False):
                level = level_of(value, limits.get(column))
                if ORDER.index(level) > ORDER.index(worst[0]):
                    worst, worst_row = (level, value, column), row
        return worst, worst_row


def row_name(columns: list[str], row: Row, skip: str = "") -> str:
    """Return what names a grid row: its first text cell (a service's or an agent's
    name) other than the column `skip`; "" when it has none."""
    for column, value in zip(columns, row, strict=False):
        if column != skip and value and catalogue.get(column).kind == "text":
            return str(value)
    return ""


def grid_type(widget: GridWidget) -> GridType:
    """Return the type of a grid widget."""
    kind = REGISTERED.get(str(widget.get("type")))
    if not isinstance(kind, GridType):
        raise ValueError(f"{widget.get('type')!r} is not a grid widget")
    return kind


def compile_grid(widget: GridWidget) -> dict[str, Any]:
    """Return the grid definition for one grid widget, its id derived from its content."""
    return grid_type(widget).grid(widget)


def grid_id(widget: GridWidget) -> str:
    """Return the subscription id of a grid widget's grid."""
    return str(compile_grid(widget)["id"])


def grid_filter(names: list[str], stat: str, operation: str, value: str) -> dict[str, str]:
    """Return a grid's filter on the column of `stat`."""
    return {
        "filter_by": column_id(names.index(stat)),
        "filter_value": value,
        "filter_operation": operation,
    }


def _parse_row(columns: list[str], raw_row: dict[str, Any]) -> Row:
    return [catalogue.get(name).parse(raw_row.get(column_id(i))) for i, name in enumerate(columns)]


PAGE_SECONDS = 8


def clean_grid(reader: Reader, place: Place) -> dict[str, Any]:
    """Return the options of a service or agent grid."""
    columns = reader.raw.get("columns")
    if not isinstance(columns, list) or not columns or len(columns) > 12:
        reader.error("'columns' must list 1 to 12 statistics")
        columns = []
    for name in columns:
        reader.check_stat(name, place)
    grid: dict[str, Any] = {
        "columns": columns,
        "order_dir": reader.choice("order_dir", ("ASC", "DESC"), "DESC"),
        "limit": reader.integer("limit", 0, 0, 200),
        # Rows that do not fit the tile at a legible size are shown a page at a time.
        "page_seconds": reader.integer("page_seconds", PAGE_SECONDS, 2, 120),
    }
    order_by = reader.raw.get("order_by")
    if order_by:
        if order_by not in columns:
            reader.error(f"'order_by' must be one of the columns, not {shown(order_by)}")
        grid["order_by"] = order_by
    grid["filter"] = _clean_filter(reader.child("filter"), columns)
    grid["column_thresholds"] = _column_thresholds(reader, columns)
    grid["alert"] = alert(reader.child("alert"))
    return grid


def _clean_filter(reader: Reader | None, columns: list[str]) -> dict[str, str] | None:
    if reader is None or not reader.raw.get("stat"):
        return None
    stat = reader.raw["stat"]
    if stat not in columns:
        reader.error(f"filters on a column of the grid, not {shown(stat)}")
    value = reader.raw.get("value", "")
    if not isinstance(value, str | int | float) or isinstance(value, bool):
        reader.error("'value' must be text or a number")
    op = reader.choice("op", OPERATIONS, "EQ")
    return {"stat": str(stat), "op": op, "value": str(value)}


def _column_thresholds(reader: Reader, columns: list[str]) -> dict[str, Any] | None:
    raw = reader.child("column_thresholds")
    if raw is None:
        return None
    result = {}
    for name in raw.raw:
        if name not in columns or not catalogue.get(name).numeric:
            raw.error(f"{shown(name)} is not a numeric column of the grid")
            continue
        levels = thresholds(raw.child(name))
        if levels:
            result[name] = levels
    return result or None


@register
class ServiceGrid(GridType):
    name, label, size, position = "service_grid", "Service grid", (6, 5), 40

    def clean(self, reader: Reader) -> dict[str, Any]:
        return clean_grid(reader, "service")


@register
class AgentGrid(GridType):
    name, label, size, position = "agent_grid", "Agent grid", (6, 6), 50
    section = "agent_grids"

    def clean(self, reader: Reader) -> dict[str, Any]:
        grid = clean_grid(reader, "agent")
        grid["logged_in_only"] = reader.boolean("logged_in_only", "acd_state" in grid["columns"])
        if grid["logged_in_only"] and grid["filter"]:
            # A BPCC grid takes one filter, and "logged in only" is one (acd_state NE "").
            reader.error("a grid has one filter: untick 'logged-in agents only' to filter")
        elif grid["logged_in_only"] and "acd_state" not in grid["columns"]:
            reader.error("'logged-in agents only' needs the State (acd_state) column")
        return grid


@register
class AgentSummary(GridType):
    """Rows: `[state, agents]` for each state of `AGENT_STATES`, then any other seen."""

    name, label, size, position = "agent_summary", "Agent state summary", (4, 3), 60
    section = "agent_grids"

    def columns(self, widget: GridWidget) -> list[dict[str, Any]]:
        return [{"stat_name": "acd_state"}]

    def options(self, widget: GridWidget, names: list[str]) -> dict[str, Any]:
        return {"limit": str(SUMMARY_LIMIT), **grid_filter(names, "acd_state", "NE", "")}

    def read(self, widget: GridWidget, raw: dict[str, Any], feeds: Feeds) -> Reading:
        return {"rows": summarise(super().read(widget, raw, feeds).get("rows", []))}


def summarise(rows: list[Row]) -> list[Row]:
    """Return how many agents are in each state, from rows of one `acd_state` column."""
    counts: dict[str, int] = dict.fromkeys(AGENT_STATES, 0)
    for state, *_ in rows:
        if state not in (None, "", "0"):
            counts[str(state)] = counts.get(str(state), 0) + 1
    return [[state, n] for state, n in counts.items()]


@register
class Leaderboard(GridType):
    name, label, size, position = "leaderboard", "Leaderboard", (4, 5), 70
    section = "agent_grids"

    def clean(self, reader: Reader) -> dict[str, Any]:
        return {
            "dispositions": reader.names("dispositions"),
            "name_stat": reader.choice("name_stat", NAME_STATS, "first_last_name"),
            "limit": reader.integer("limit", 10, 1, 50),
        }

    def columns(self, widget: GridWidget) -> list[dict[str, Any]]:
        count: dict[str, Any] = {"stat_name": "calls_dispositions_per_day"}
        if widget.get("dispositions"):
            count["dispositions"] = sorted(widget["dispositions"])
        return [{"stat_name": widget.get("name_stat", "first_last_name")}, count]

    def options(self, widget: GridWidget, names: list[str]) -> dict[str, Any]:
        return {"order_by": column_id(1), "order_dir": "DESC", "limit": str(widget["limit"])}


@register
class Availability(GridType):
    name, label, size, position = "availability", "Agents available per service", (3, 4), 80

    def clean(self, reader: Reader) -> dict[str, Any]:
        return {"services": reader.names("services") or None}

    def columns(self, widget: GridWidget) -> list[dict[str, Any]]:
        return [{"stat_name": "name"}, {"stat_name": "agents_ready"}]

    def options(self, widget: GridWidget, names: list[str]) -> dict[str, Any]:
        return {"service_ids": sorted(widget["services"])} if widget.get("services") else {}
