"""A board is checked whole before it is saved or imported: every problem is listed,
each naming its widget, and a good board comes back fully placed on the 12-by-12 grid."""

from __future__ import annotations

from typing import Any

import pytest

from boards.widgets import WIDGET_TYPES, BoardError, clean_board
from screens.demo import DEMO_WIDGETS, WALL_WIDGETS
from tests.boards.conftest import widget

KNOWN = ", ".join(WIDGET_TYPES)  # the registry's types, in the editor's order


def errors_of(data: Any) -> list[str]:
    with pytest.raises(BoardError) as raised:
        clean_board(data)
    return raised.value.errors


def test_the_demo_boards_are_valid() -> None:
    for widgets in (DEMO_WIDGETS, WALL_WIDGETS):
        assert len(clean_board({"title": "Demo", "widgets": widgets})["widgets"]) == len(widgets)


def test_an_unknown_widget_type_is_named_with_its_widget() -> None:
    errors = errors_of({"title": "T", "widgets": [{"type": "pie", "title": "Mix"}]})

    assert errors == [f"widget 1 ('Mix'): unknown widget type 'pie' (known types: {KNOWN})"]


def test_unknown_statistics_and_statistics_out_of_place_are_refused() -> None:
    board = {
        "title": "T",
        "widgets": [
            widget(id="a", stat="agents_on_the_moon"),
            widget(id="b", stat="login_id", x=2),
            {"id": "c", "type": "agent_grid", "columns": ["name"], "x": 4, "y": 0, "w": 4, "h": 4},
        ],
    }

    assert errors_of(board) == [
        "widget 1: unknown statistic 'agents_on_the_moon'",
        "widget 2: 'login_id' cannot be shown in totals",
        "widget 3: 'name' cannot be shown in an agent grid",
    ]


def test_every_problem_is_listed_at_once() -> None:
    board = {
        "title": "",
        "theme": "neon",
        "widgets": [widget(stat=None), widget(id="t", x=20)],
    }

    errors = errors_of(board)

    assert "board: 'title' is required" in errors
    assert "board: 'theme' must be one of dark, light, contrast" in errors
    assert "widget 1: 'stat' is required: pick a statistic" in errors
    assert "widget 2: 'x' must be a whole number from 0 to 11" in errors
    assert "widget 2: id 't' is used twice" in errors


def test_overlapping_widgets_and_widgets_off_the_grid_are_refused() -> None:
    board = {
        "title": "T",
        "widgets": [
            widget(id="a", title="Left"),
            widget(id="b", title="Right", x=1),
            widget(id="c", x=11, w=2),
        ],
    }

    assert errors_of(board) == [
        "widget 3: does not fit on the 12-by-12 grid",
        "widget 1 ('Left') and widget 2 ('Right') overlap",
    ]


def test_thresholds_must_be_numbers_in_a_sensible_order() -> None:
    upside_down = {"direction": "above", "warning": 10, "critical": 5}
    words = {"warning": "high", "critical": 9}

    assert errors_of({"title": "T", "widgets": [widget(thresholds=upside_down)]}) == [
        "widget 1 thresholds: the critical level must be above the warning level"
    ]
    assert errors_of({"title": "T", "widgets": [widget(thresholds=words)]}) == [
        "widget 1 thresholds: 'warning' must be a number"
    ]


def test_a_board_from_before_the_editor_is_placed_automatically() -> None:
    old = [
        {"id": "t1", "type": "total", "stat": "agents_ready"},
        {"id": "g", "type": "service_grid", "columns": ["name", "in_calls_waiting"]},
    ]

    placed = clean_board({"title": "Old", "widgets": old})["widgets"]

    assert [(w["x"], w["y"], w["w"], w["h"]) for w in placed] == [(0, 0, 2, 2), (2, 0, 6, 5)]


def test_widgets_without_ids_get_new_ones_that_clash_with_none() -> None:
    widgets = [widget(id="w2"), {"type": "clock", "x": 4, "y": 0, "w": 2, "h": 2}]

    ids = [w["id"] for w in clean_board({"title": "T", "widgets": widgets})["widgets"]]

    assert ids[0] == "w2" and ids[1] not in ("w2", "") and len(set(ids)) == 2


def test_a_grid_filter_must_use_one_of_its_columns_and_agent_grids_have_one_filter() -> None:
    grid = {"id": "g", "type": "agent_grid", "x": 0, "y": 0, "w": 6, "h": 6}
    columns = ["first_last_name", "acd_state"]
    wrong_column = {**grid, "columns": columns, "filter": {"stat": "team_name", "op": "EQ"}}
    two_filters = {**grid, "columns": columns, "logged_in_only": True}
    two_filters["filter"] = {"stat": "first_last_name", "op": "NE", "value": ""}

    assert errors_of({"title": "T", "widgets": [wrong_column]}) == [
        "widget 1 filter: filters on a column of the grid, not 'team_name'",
        "widget 1: a grid has one filter: untick 'logged-in agents only' to filter",
    ]
    assert errors_of({"title": "T", "widgets": [two_filters]}) == [
        "widget 1: a grid has one filter: untick 'logged-in agents only' to filter"
    ]


def test_a_gauge_needs_a_maximum_above_its_minimum() -> None:
    gauge = widget(type="gauge", stat="service_level", min=0.5, max=0.5)

    assert errors_of({"title": "T", "widgets": [gauge]}) == [
        "widget 1: a gauge needs a maximum above its minimum"
    ]


def test_anything_but_an_object_is_refused_plainly() -> None:
    assert errors_of([1, 2]) == ["the board must be a JSON object with a title and widgets"]
    assert errors_of({"title": "T", "widgets": "all"}) == ["board: 'widgets' must be a list"]


def test_a_change_arrow_compares_totals_over_all_services_only() -> None:
    arrow = widget(id="a", stat="in_calls_waiting", compare_minutes=15, services=["Sales"])

    errors = errors_of({"title": "T", "widgets": [arrow]})

    assert len(errors) == 1 and "change arrow compares totals over all services" in errors[0]
