"""Today's appointments widget: its options are checked, its rows are the poll's
appointment feed, its level counts one phase against thresholds, and it subscribes the
agents' login ids the console's moderator picker offers."""

from __future__ import annotations

import pytest

from boards.levels import widget_level
from boards.models import Board
from boards.subscription import compile_subscription
from boards.widgets import BoardError, clean_board
from stats.snapshot import Feeds, build_board_data

ROWS = [
    ["202601050000001", 1767607200.0, "ada", "finished"],
    ["202601050000002", 1767610800.0, "bob", "in progress"],
    ["202601050000003", 1767614400.0, "cy", "in progress"],
    ["202601050000004", 1767618000.0, "", "upcoming"],
]
FEEDS: Feeds = {"campaigns": {}, "actions": [], "appointments": ROWS}
THRESHOLDS = {"direction": "above", "warning": 2, "critical": 3}


def widget(**options: object) -> dict[str, object]:
    raw = {"id": "today", "type": "appointments", "thresholds": THRESHOLDS, **options}
    return dict(clean_board({"title": "t", "widgets": [raw]})["widgets"][0])


def test_its_rows_are_the_appointment_feed() -> None:
    data = build_board_data([widget()], {}, FEEDS)

    assert data["grids"]["today"] == ROWS


@pytest.mark.parametrize(("counted", "level"), [("in progress", "warning"), ("upcoming", "normal")])
def test_its_level_counts_one_phase(counted: str, level: str) -> None:
    shown = widget(counted=counted)
    data = build_board_data([shown], {}, FEEDS)

    assert widget_level(shown, data)[0] == level


def test_an_unknown_phase_is_refused() -> None:
    with pytest.raises(BoardError, match="counted"):
        widget(counted="someday")


def test_it_subscribes_the_agents_login_ids() -> None:
    body = compile_subscription([Board(slug="x", title="x", widgets=[widget()])])
    grids = [g for section in body.values() for g in section.get("agent_grids", [])]

    assert [c["stat_name"] for g in grids for c in g["columns"]] == ["login_id"]
