"""Raw BPCC strings become typed board data, and deltas hold only what changed."""

from __future__ import annotations

from typing import Any

from boards.subscription import APP_ID
from boards.widget_types.base import total_key, totals_section
from boards.widget_types.grids import grid_id
from stats.snapshot import build_board_data, diff

SERVICES = {
    "id": "svc",
    "type": "service_grid",
    "columns": ["name", "in_calls_waiting", "in_max_wait_time"],
}
AGENTS = {"id": "ag", "type": "agent_grid", "columns": ["login_id", "acd_state"]}
SALES_ONLY = {"id": "t4", "type": "total", "stat": "agents_ready", "services": ["Sales"]}
WIDGETS = [
    {"id": "t1", "type": "total", "stat": "agents_ready"},
    {"id": "t2", "type": "total", "stat": "service_level"},
    {"id": "t3", "type": "total", "stat": "in_average_speed_of_answer"},
    SALES_ONLY,
    SERVICES,
    AGENTS,
]


def raw(totals: dict[str, str], services: list[dict], agents: list[dict]) -> dict[str, Any]:
    return {
        APP_ID: {
            "stats_totals": totals,
            "service_grids": [{"id": grid_id(SERVICES), "values": services}],
            "agent_grids": [{"id": grid_id(AGENTS), "values": agents}],
        },
        totals_section(["Sales"]): {"stats_totals": {"agents_ready": "1"}},
    }


RAW = raw(
    {"agents_ready": "2", "service_level": "0.8125", "in_average_speed_of_answer": ""},
    [{"1": "Chat Service", "2": "3", "3": "75"}],
    [{"1": "christy.borden", "2": "ready"}],
)


def test_values_are_parsed_by_their_kind() -> None:
    data = build_board_data(WIDGETS, RAW)

    assert data["totals"] == {
        "agents_ready": 2,
        "service_level": 0.81,  # a ratio, to the whole percent screens show
        "in_average_speed_of_answer": None,
        total_key("agents_ready", ["Sales"]): 1,
    }
    assert data["grids"]["svc"] == [["Chat Service", 3, 75]]
    assert data["grids"]["ag"] == [["christy.borden", "ready"]]


def test_missing_sections_and_cells_read_as_no_data() -> None:
    partial = {APP_ID: {"service_grids": [{"id": grid_id(SERVICES), "values": [{"1": "Sales"}]}]}}

    data = build_board_data(WIDGETS, partial)

    assert data["totals"]["agents_ready"] is None
    assert data["totals"][total_key("agents_ready", ["Sales"])] is None
    assert data["grids"]["svc"] == [["Sales", None, None]]
    assert data["grids"]["ag"] == []


def test_unreadable_numbers_read_as_no_data() -> None:
    data = build_board_data(WIDGETS, {APP_ID: {"stats_totals": {"agents_ready": "n/a"}}})

    assert data["totals"]["agents_ready"] is None


def test_first_snapshot_is_all_changes() -> None:
    data = build_board_data(WIDGETS, RAW)

    assert diff(None, data) == data


def test_nothing_changed_gives_no_delta() -> None:
    assert diff(build_board_data(WIDGETS, RAW), build_board_data(WIDGETS, RAW)) is None


def test_delta_holds_only_changed_totals_and_grids() -> None:
    old = build_board_data(WIDGETS, RAW)
    new = raw(
        {"agents_ready": "5", "service_level": "0.8125", "in_average_speed_of_answer": ""},
        [{"1": "Chat Service", "2": "3", "3": "75"}],
        [{"1": "christy.borden", "2": "busy"}],
    )

    delta = diff(old, build_board_data(WIDGETS, new))

    assert delta == {
        "totals": {"agents_ready": 5},
        "grids": {"ag": [["christy.borden", "busy"]]},
        "campaigns": {},
    }
