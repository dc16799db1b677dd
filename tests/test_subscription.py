"""The boards of a tenant compile into its one subscription body: the union of what
they show, each grid once, with ids that do not move when other widgets change."""

from __future__ import annotations

import pytest

from boards.models import Board
from boards.subscription import APP_ID, compile_subscription, fingerprint
from boards.widget_types.base import total_key, totals_section
from boards.widget_types.grids import compile_grid, grid_id
from screens.demo import DEMO_WIDGETS

pytestmark = pytest.mark.django_db


def board(demo_board: Board, slug: str, widgets: list[dict]) -> Board:
    return Board.objects.create(tenant=demo_board.tenant, slug=slug, title=slug, widgets=widgets)


def test_totals_of_every_board_are_listed_once_each(demo_board: Board) -> None:
    other = board(demo_board, "other", [{"id": "x", "type": "total", "stat": "agents_ready"}])

    body = compile_subscription([demo_board, other])

    totals = body[APP_ID]["stats_totals"]
    assert totals == sorted(set(totals))
    assert "agents_ready" in totals and "in_calls_waiting" in totals


def test_a_grid_shown_on_two_boards_is_subscribed_once(demo_board: Board) -> None:
    copy = board(demo_board, "copy", DEMO_WIDGETS)

    body = compile_subscription([demo_board, copy])

    assert len(body[APP_ID]["service_grids"]) == 1
    assert len(body[APP_ID]["agent_grids"]) == 1


def test_editing_one_widget_leaves_the_other_grids_ids_alone() -> None:
    services, agents = DEMO_WIDGETS[-2], DEMO_WIDGETS[-1]
    edited = {**agents, "limit": 20}

    assert grid_id(services) == grid_id(dict(services))
    assert grid_id(edited) != grid_id(agents)
    assert grid_id({**services, "title": "renamed"}) == grid_id(services)


def test_grid_columns_are_numbered_and_options_refer_to_them() -> None:
    agents = compile_grid(DEMO_WIDGETS[-1])

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
    grid = compile_grid({"id": "g", "type": "service_grid", "columns": ["name"]})

    assert set(grid) == {"id", "columns"}


def test_totals_limited_to_services_get_an_app_id_of_their_own(demo_board: Board) -> None:
    widget = {
        "id": "v",
        "type": "total",
        "stat": "in_calls_waiting",
        "secondary": "service_level",
        "services": ["Sales", "Billing"],
    }
    body = compile_subscription([board(demo_board, "v", [widget])])

    section = body[totals_section(["Billing", "Sales"])]
    assert section == {
        "stats_totals": ["in_calls_waiting", "service_level"],
        "stats_totals_service_ids": ["Billing", "Sales"],
    }
    assert total_key("in_calls_waiting", ["Sales", "Billing"]).startswith("in_calls_waiting@svc-")
    assert total_key("in_calls_waiting") == "in_calls_waiting"


def test_fingerprint_changes_with_the_body_only(demo_board: Board) -> None:
    body = compile_subscription([demo_board])
    other = board(demo_board, "other", [{"id": "x", "type": "total", "stat": "agents_busy"}])

    assert fingerprint(body) == fingerprint(compile_subscription([demo_board]))
    assert fingerprint(body) != fingerprint(compile_subscription([demo_board, other]))
