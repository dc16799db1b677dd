"""The longest waiting service, the widget type added to prove the registry: the editor
offers it, a board checks its options, the subscription asks BPCC for the one service
with the longest wait, and its level follows thresholds on that wait."""

from __future__ import annotations

from typing import Any

import pytest

from boards.boardconfig import board_config
from boards.levels import widget_level
from boards.models import Board
from boards.subscription import APP_ID, compile_subscription
from boards.views import editor_config
from boards.widget_types.grids import compile_grid, grid_id
from boards.widgets import BoardError, clean_board
from stats.snapshot import build_board_data

KIND = "longest_wait"
LEVELS = {"direction": "above", "warning": 60, "critical": 180}
WIDGET: dict[str, Any] = {"id": "lw", "type": KIND, "services": ["Sales"], "thresholds": LEVELS}


def test_the_grid_is_the_one_service_with_the_longest_wait() -> None:
    grid = compile_grid(WIDGET)

    names = [c["stat_name"] for c in grid["columns"]]
    assert names == ["name", "in_max_wait_time", "in_calls_waiting"]
    assert (grid["order_by"], grid["order_dir"], grid["limit"]) == ("2", "DESC", "1")
    assert grid["service_ids"] == ["Sales"]


def test_a_board_checks_its_thresholds_like_any_other() -> None:
    bad = {**WIDGET, "thresholds": {"warning": 180, "critical": 60}}

    with pytest.raises(BoardError, match="critical level must be above"):
        clean_board({"title": "Queues", "widgets": [bad]})
    board = clean_board({"title": "Queues", "widgets": [WIDGET]})
    assert board["widgets"][0]["thresholds"] == LEVELS


@pytest.mark.django_db
def test_it_goes_in_the_service_grids_and_shows_their_statistics(demo_board: Board) -> None:
    board = Board.objects.create(
        tenant=demo_board.tenant, slug="queues", title="Queues", widgets=[WIDGET]
    )

    assert compile_subscription([board])[APP_ID]["service_grids"] == [compile_grid(WIDGET)]
    config = board_config(board)
    assert set(config["statistics"]) == {"name", "in_max_wait_time", "in_calls_waiting"}
    assert config["widgets"][0]["w"] == 3 and config["widgets"][0]["h"] == 2


@pytest.mark.parametrize(
    ("wait", "level"), [("45", "normal"), ("75", "warning"), ("200", "critical")]
)
def test_its_level_follows_the_longest_wait(wait: str, level: str) -> None:
    row = {"1": "Sales", "2": wait, "3": "4"}
    raw = {APP_ID: {"service_grids": [{"id": grid_id(WIDGET), "values": [row]}]}}

    data = build_board_data([WIDGET], raw)

    assert data["grids"]["lw"] == [["Sales", int(wait), 4]]
    assert widget_level(WIDGET, data) == (level, int(wait), "in_max_wait_time")


def test_no_row_yet_is_normal() -> None:
    data = build_board_data([WIDGET], {})

    assert widget_level(WIDGET, data) == ("normal", None, "in_max_wait_time")


@pytest.mark.django_db
def test_the_editor_offers_it_with_its_label_and_size() -> None:
    types = {t["name"]: t for t in editor_config(None)["types"]}

    assert types[KIND] == {"name": KIND, "label": "Longest waiting service", "size": (3, 2)}
