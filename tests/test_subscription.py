"""The boards of a tenant compile into its one subscription body."""

from __future__ import annotations

import pytest

from stats.demo import DEMO_WIDGETS
from stats.models import Board
from stats.subscription import compile_board, compile_subscription, fingerprint


def test_totals_are_listed_once_each() -> None:
    widgets = [
        {"id": "a", "type": "total", "stat": "agents_ready"},
        {"id": "b", "type": "total", "stat": "agents_ready"},
        {"id": "c", "type": "total", "stat": "in_calls_waiting"},
    ]

    assert compile_board(widgets)["stats_totals"] == ["agents_ready", "in_calls_waiting"]


def test_grid_columns_are_numbered_and_options_refer_to_them() -> None:
    section = compile_board(DEMO_WIDGETS)

    [agents] = section["agent_grids"]
    assert agents["id"] == "agents"
    assert [c["stat_name"] for c in agents["columns"]] == [
        "first_last_name",
        "acd_state",
        "reason",
        "state_duration",
    ]
    assert [c["id"] for c in agents["columns"]] == ["1", "2", "3", "4"]
    assert (agents["order_by"], agents["order_dir"], agents["limit"]) == ("4", "DESC", "50")
    # Logged-in only: acd_state (column 2) not empty.
    assert (agents["filter_by"], agents["filter_value"], agents["filter_operation"]) == (
        "2",
        "",
        "NE",
    )


def test_grid_without_order_or_limit_sends_neither() -> None:
    [grid] = compile_board([{"id": "g", "type": "service_grid", "columns": ["name"]}])[
        "service_grids"
    ]

    assert set(grid) == {"id", "columns"}


@pytest.mark.django_db
def test_each_board_is_one_app_id_of_the_subscription(demo_board: Board) -> None:
    other = Board.objects.create(
        tenant=demo_board.tenant,
        slug="other",
        title="Other",
        widgets=[{"id": "x", "type": "total", "stat": "agents_ready"}],
    )

    body = compile_subscription([demo_board, other])

    assert set(body) == {demo_board.app_id, other.app_id}
    assert body[other.app_id]["stats_totals"] == ["agents_ready"]


def test_fingerprint_changes_with_the_body_only() -> None:
    body = {"board-1": compile_board(DEMO_WIDGETS)}

    assert fingerprint(body) == fingerprint({"board-1": compile_board(DEMO_WIDGETS)})
    assert fingerprint(body) != fingerprint({"board-2": compile_board(DEMO_WIDGETS)})
