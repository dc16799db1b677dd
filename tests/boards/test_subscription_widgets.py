"""Every widget type compiles into the tenant's one subscription as BP's own wallboard
asks for it (docs/upstream/bpcc-statistics.md §2), and its data comes back typed."""

from __future__ import annotations

from typing import Any

import pytest

from boards.models import Board
from boards.subscription import APP_ID, compile_subscription
from boards.widget_types.grids import compile_grid, grid_id
from boards.widget_types.news import news_section
from stats.snapshot import build_board_data

pytestmark = pytest.mark.django_db

SUMMARY = {"id": "s", "type": "agent_summary"}
LEADERS = {"id": "l", "type": "leaderboard", "dispositions": ["Sold", "Resolved"], "limit": 5}
AVAILABLE = {"id": "a", "type": "availability", "services": ["Sales", "Billing"]}
NEWS = {"id": "n", "type": "news", "filter": "outage", "limit": 3}
SPARK = {"id": "p", "type": "sparkline", "stat": "in_calls_waiting", "services": ["Sales"]}
GAUGE = {"id": "g", "type": "gauge", "stat": "service_level", "services": ["Sales"]}


def compiled(demo_board: Board, widgets: list[dict[str, Any]]) -> dict[str, Any]:
    board = Board.objects.create(tenant=demo_board.tenant, slug="w", title="w", widgets=widgets)
    return compile_subscription([board])


def test_the_agent_state_summary_is_bps_logged_in_agent_grid() -> None:
    grid = compile_grid(SUMMARY)

    assert grid["columns"] == [{"id": "1", "stat_name": "acd_state"}]
    assert (grid["limit"], grid["filter_by"], grid["filter_operation"]) == ("1000", "1", "NE")
    assert grid["filter_value"] == ""


def test_the_leaderboard_counts_the_chosen_dispositions_highest_first() -> None:
    grid = compile_grid(LEADERS)

    assert grid["columns"] == [
        {"id": "1", "stat_name": "first_last_name"},
        {
            "id": "2",
            "stat_name": "calls_dispositions_per_day",
            "dispositions": ["Resolved", "Sold"],
        },
    ]
    assert (grid["order_by"], grid["order_dir"], grid["limit"]) == ("2", "DESC", "5")
    assert grid_id({**LEADERS, "dispositions": ["Other"]}) != grid["id"]


def test_agents_available_reads_ready_agents_of_the_chosen_services() -> None:
    grid = compile_grid(AVAILABLE)

    assert [c["stat_name"] for c in grid["columns"]] == ["name", "agents_ready"]
    assert grid["service_ids"] == ["Billing", "Sales"]


def test_an_explicit_grid_filter_compiles_to_bpccs_one_filter() -> None:
    grid = compile_grid(
        {
            "type": "service_grid",
            "columns": ["name", "in_calls_waiting"],
            "filter": {"stat": "in_calls_waiting", "op": "GT", "value": "0"},
        }
    )

    assert (grid["filter_by"], grid["filter_operation"], grid["filter_value"]) == ("2", "GT", "0")


def test_grids_go_in_their_sections_and_news_in_a_section_of_its_own(demo_board: Board) -> None:
    body = compiled(demo_board, [SUMMARY, LEADERS, AVAILABLE, NEWS])

    assert len(body[APP_ID]["agent_grids"]) == 2
    assert len(body[APP_ID]["service_grids"]) == 1
    assert body[news_section(NEWS)] == {"chat_messages": {"filter": "outage", "limit": "3"}}


def test_a_sparkline_reads_the_history_totals_whatever_its_services(demo_board: Board) -> None:
    body = compiled(demo_board, [SPARK, GAUGE])

    assert "in_calls_waiting" in body[APP_ID]["stats_totals"]
    limited = [k for k in body if k.startswith("svc-")]
    assert len(limited) == 1 and body[limited[0]]["stats_totals"] == ["service_level"]


def test_clock_and_text_ask_for_nothing(demo_board: Board) -> None:
    body = compiled(demo_board, [{"id": "c", "type": "clock"}, {"id": "t", "type": "text"}])

    assert body == {APP_ID: {"stats_totals": [], "service_grids": [], "agent_grids": []}}


def raw_grid(widget: dict[str, Any], section: str, rows: list[dict[str, str]]) -> dict[str, Any]:
    return {APP_ID: {section: [{"id": grid_id(widget), "values": rows}]}}


def test_the_summary_counts_agents_per_state_in_bps_order() -> None:
    rows = [{"1": "busy"}, {"1": "ready"}, {"1": "busy"}, {"1": "on_break"}]

    data = build_board_data([SUMMARY], raw_grid(SUMMARY, "agent_grids", rows))

    assert data["grids"]["s"] == [
        ["ready", 1],
        ["not_ready", 0],
        ["busy", 2],
        ["after_call_work", 0],
        ["on_break", 1],
    ]


def test_leaderboard_and_availability_rows_are_typed() -> None:
    leaders = raw_grid(LEADERS, "agent_grids", [{"1": "Ann Lee", "2": "7"}])
    available = raw_grid(AVAILABLE, "service_grids", [{"1": "Sales", "2": "0"}])
    raw = {APP_ID: {**leaders[APP_ID], **available[APP_ID]}}

    data = build_board_data([LEADERS, AVAILABLE], raw)

    assert data["grids"] == {"l": [["Ann Lee", 7]], "a": [["Sales", 0]]}


def test_news_rows_carry_the_sender_the_time_and_urgency() -> None:
    message = {
        "id": "m1",
        "login_id": "helen.park",
        "first_name": "Helen",
        "last_name": "Park",
        "send_time": "1700000000",
        "is_urgent": "1",
        "content": "Outage in the north",
    }

    data = build_board_data([NEWS], {news_section(NEWS): {"chat_messages": [message]}})

    assert data["grids"]["n"] == [["m1", 1700000000, "Helen Park", "Outage in the north", 1]]
