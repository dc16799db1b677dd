"""Statistics subscriptions: validate a body, then answer it from the centre.

Seed 003, "Create Subscription" and "Get Subscription Data": a body maps app ids to
`stats_totals`, `service_grids`, `agent_grids` and `chat_messages`; the data mirrors it.
Grids honour `order_by`/`order_dir`, `limit` and one `filter_by`/`filter_value`/
`filter_operation`; a comparison is numeric when both sides are numbers.
"""

from __future__ import annotations

import operator
from collections.abc import Callable
from typing import Any

from simulator import statistics as st
from simulator.centre import Agent, Centre, Service


class InvalidSubscription(ValueError):
    """The body does not describe a subscription; the message says where and why."""


SECTIONS = {"stats_totals", "service_grids", "agent_grids", "chat_messages"}
# Accepted beside the documented keys: BP's own wallboard sends them (reference §1.2 to §1.4).
EXTRA_SECTION_KEYS = {"stats_totals_service_ids"}
GRID_KEYS = {"id", "columns", "order_by", "order_dir", "limit"}
GRID_KEYS |= {"filter_by", "filter_value", "filter_operation"}
EXTRA_GRID_KEYS = {"service_ids", "team_ids", "logged_in_agents_only"}
OPERATIONS: dict[str, Callable[[Any, Any], bool]] = {
    "EQ": operator.eq,
    "NE": operator.ne,
    "LT": operator.lt,
    "GT": operator.gt,
    "LE": operator.le,
    "GE": operator.ge,
}


def validate(body: object) -> dict[str, Any]:
    """Return the body if it is a valid subscription; raise InvalidSubscription if not."""
    if not isinstance(body, dict) or not body:
        raise InvalidSubscription("the body must be a JSON object of one or more app ids")
    for app_id, section in body.items():
        _section(app_id, section)
    return body


def _section(app_id: str, section: object) -> None:
    where = f"app id '{app_id}'"
    if not isinstance(section, dict):
        raise InvalidSubscription(f"{where}: must be an object")
    unknown = set(section) - SECTIONS - EXTRA_SECTION_KEYS
    if unknown:
        raise InvalidSubscription(f"{where}: unknown field(s) {', '.join(sorted(unknown))}")
    totals = section.get("stats_totals", [])
    if not isinstance(totals, list) or not all(isinstance(n, str) for n in totals):
        raise InvalidSubscription(f"{where}: stats_totals must be a list of statistic names")
    for name in totals:
        _known(name, st.TOTAL_NAMES, f"{where} stats_totals")
    for kind, names in (("service_grids", st.SERVICE_GRID_NAMES), ("agent_grids", None)):
        grids = section.get(kind, [])
        if not isinstance(grids, list):
            raise InvalidSubscription(f"{where}: {kind} must be a list")
        for grid in grids:
            _grid(f"{where} {kind}", grid, names or st.AGENT_GRID_NAMES)
    if "chat_messages" in section:
        _chat(where, section["chat_messages"])


def _known(name: str, allowed: frozenset[str], where: str) -> None:
    if name not in allowed:
        raise InvalidSubscription(f"{where}: unknown statistic '{name}'")


def _grid(where: str, grid: object, allowed: frozenset[str]) -> None:
    if not isinstance(grid, dict) or not isinstance(grid.get("id"), str) or not grid["id"]:
        raise InvalidSubscription(f"{where}: each grid needs a string 'id'")
    where = f"{where} '{grid['id']}'"
    unknown = set(grid) - GRID_KEYS - EXTRA_GRID_KEYS
    if unknown:
        raise InvalidSubscription(f"{where}: unknown field(s) {', '.join(sorted(unknown))}")
    columns = grid.get("columns")
    if not isinstance(columns, list) or not columns:
        raise InvalidSubscription(f"{where}: 'columns' must be a non-empty list")
    ids = [_column(where, column, allowed) for column in columns]
    if len(set(ids)) != len(ids):
        raise InvalidSubscription(f"{where}: column ids must be unique")
    for key in ("order_by", "filter_by"):
        if key in grid and grid[key] not in ids:
            raise InvalidSubscription(f"{where}: {key} '{grid[key]}' is not a column id")
    if grid.get("order_dir", "ASC") not in ("ASC", "DESC"):
        raise InvalidSubscription(f"{where}: order_dir must be ASC or DESC")
    if "filter_by" in grid and grid.get("filter_operation") not in OPERATIONS:
        raise InvalidSubscription(f"{where}: filter_operation must be one of EQ|NE|LT|GT|LE|GE")
    _limit(where, grid.get("limit", "0"))


def _column(where: str, column: object, allowed: frozenset[str]) -> str:
    if not isinstance(column, dict) or not isinstance(column.get("id"), str):
        raise InvalidSubscription(f"{where}: each column needs a string 'id'")
    name = column_stat(column)
    if name == "SUM":
        parts = column.get("sum_stat_names")
        if not isinstance(parts, list) or not parts:
            raise InvalidSubscription(f"{where}: a SUM column needs 'sum_stat_names'")
        for part in parts:
            _known(part, allowed, where)
    else:
        _known(str(name), allowed, where)
    dispositions = column.get("dispositions", [])
    if not isinstance(dispositions, list) or not all(isinstance(d, str) for d in dispositions):
        raise InvalidSubscription(f"{where}: dispositions must be a list of names")
    return str(column["id"])


def column_stat(column: dict[str, Any]) -> str:
    # The docs spell it stat_name; BP's own client sends statName (reference §1.5).
    return str(column.get("stat_name", column.get("statName", "")))


def _limit(where: str, limit: object) -> int:
    try:
        value = int(str(limit))
    except ValueError:
        raise InvalidSubscription(f"{where}: limit must be a whole number") from None
    if value < 0:
        raise InvalidSubscription(f"{where}: limit must not be negative")
    return value


def _chat(where: str, chat: object) -> None:
    if not isinstance(chat, dict) or set(chat) - {"filter", "limit"}:
        raise InvalidSubscription(f"{where}: chat_messages takes 'filter' and 'limit'")
    if not isinstance(chat.get("filter", ""), str):
        raise InvalidSubscription(f"{where}: chat_messages filter must be text")
    _limit(f"{where} chat_messages", chat.get("limit", "0"))


# --- answering -----------------------------------------------------------------------


def data(body: dict[str, Any], scope: st.Scope) -> dict[str, Any]:
    """Return the subscription data of `body` as the centre stands now."""
    return {app_id: _section_data(section, scope) for app_id, section in body.items()}


def _section_data(section: dict[str, Any], scope: st.Scope) -> dict[str, Any]:
    result: dict[str, Any] = {}
    if "agent_grids" in section:
        result["agent_grids"] = [_agent_grid(g, scope) for g in section["agent_grids"]]
    if "service_grids" in section:
        result["service_grids"] = [_service_grid(g, scope) for g in section["service_grids"]]
    if "stats_totals" in section:
        totals_scope = _only_services(scope, section.get("stats_totals_service_ids"))
        result["stats_totals"] = {
            n: st.total_value(n, totals_scope) for n in section["stats_totals"]
        }
    if "chat_messages" in section:
        result["chat_messages"] = _chat_messages(section["chat_messages"], scope.centre)
    return result


def _only_services(scope: st.Scope, ids: list[str] | None) -> st.Scope:
    if not ids:
        return scope
    services = [s for s in scope.services if s.id in ids or s.name in ids]
    return st.Scope(scope.centre, services, scope.agents)


def _service_grid(grid: dict[str, Any], scope: st.Scope) -> dict[str, Any]:
    centre = scope.centre
    services = _only_services(scope, grid.get("service_ids")).services
    rows = [_row(grid, _service_cell(centre, s)) for s in services]
    return {"id": grid["id"], "values": _shape(grid, rows)}


def _agent_grid(grid: dict[str, Any], scope: st.Scope) -> dict[str, Any]:
    centre = scope.centre
    agents: list[Agent] = list(scope.agents)
    if grid.get("team_ids"):
        teams = {t for t, i in centre.team_ids.items() if i in grid["team_ids"]}
        agents = [a for a in agents if a.spec.team in teams]
    if str(grid.get("logged_in_agents_only", "false")).lower() == "true":
        agents = [a for a in agents if a.logged_in]
    rows = [_row(grid, _agent_cell(centre, a)) for a in agents]
    return {"id": grid["id"], "values": _shape(grid, rows)}


# A cell's value from (statistic name, column definition).
Cell = Callable[[str, dict[str, Any]], str]


def _service_cell(centre: Centre, service: Service) -> Cell:
    return lambda name, column: st.service_value(name, centre, service)


def _agent_cell(centre: Centre, agent: Agent) -> Cell:
    return lambda name, column: st.agent_value(name, centre, agent, column.get("dispositions"))


def _row(grid: dict[str, Any], value: Cell) -> dict[str, str]:
    """Return one grid row: each column's value, summed for SUM columns."""
    row = {}
    for column in grid["columns"]:
        values = [value(name, column) for name in _column_names(column)]
        row[column["id"]] = _sum(values) if column_stat(column) == "SUM" else values[0]
    return row


def _column_names(column: dict[str, Any]) -> list[str]:
    if column_stat(column) == "SUM":
        return list(column["sum_stat_names"])
    return [column_stat(column)]


def _sum(values: list[str]) -> str:
    numbers = [_number(v) for v in values]
    total = sum(n for n in numbers if n is not None)
    return str(int(total)) if float(total).is_integer() else f"{total:.4f}"


def _number(text: str) -> float | None:
    try:
        return float(text)
    except ValueError:
        return None


def _shape(grid: dict[str, Any], rows: list[dict[str, str]]) -> list[dict[str, str]]:
    """Filter, order and limit the rows of one grid."""
    if "filter_by" in grid:
        test = OPERATIONS[grid["filter_operation"]]
        wanted = str(grid.get("filter_value", ""))
        rows = [r for r in rows if _compare(test, r[grid["filter_by"]], wanted)]
    if "order_by" in grid:
        column = grid["order_by"]
        rows.sort(
            key=lambda r: _sort_key(r[column]), reverse=grid.get("order_dir", "ASC") == "DESC"
        )
    limit = int(str(grid.get("limit", "0")))
    return rows[:limit] if limit else rows


def _sort_key(value: str) -> tuple[int, float, str]:
    """Order no data first, then numbers by value, then text."""
    number = _number(value)
    if value == "":
        return (0, 0.0, "")
    return (1, number, "") if number is not None else (2, 0.0, value)


def _compare(test: Callable[[Any, Any], bool], value: str, wanted: str) -> bool:
    left, right = _number(value), _number(wanted)
    if left is not None and right is not None:
        return test(left, right)
    return test(value, wanted)


def _chat_messages(options: dict[str, Any], centre: Centre) -> list[dict[str, str]]:
    needle = str(options.get("filter", "")).lower()
    messages = [m for m in centre.chat_messages if needle in m.content.lower()]
    limit = int(str(options.get("limit", "0")))
    return [
        {
            "id": m.id,
            "login_id": m.login_id,
            "first_name": m.first_name,
            "last_name": m.last_name,
            "send_time": str(int(m.send_time)),
            "is_urgent": "1" if m.urgent else "0",
            "content": m.content,
        }
        for m in (messages[:limit] if limit else messages)
    ]
