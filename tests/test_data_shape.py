"""An upstream answer is trusted only in the documented shape of subscription data."""

from __future__ import annotations

import json
from typing import Any

import pytest

from bpcc.data_shape import NotJson, answer_json, data_problem

SUBSCRIPTION: dict[str, Any] = {
    "wallboard": {
        "stats_totals": ["agents_logged", "agents_ready"],
        "agent_grids": [{"id": "agents", "columns": []}],
        "service_grids": [{"id": "services", "columns": []}],
    },
    "news-1": {"chat_messages": {"limit": "5"}},
}


def documented() -> dict[str, Any]:
    """Return an answer to SUBSCRIPTION as docs/upstream/realtime-stats-api.md shows one."""
    return {
        "wallboard": {
            "agent_grids": [{"id": "agents", "values": [{"1": "christy.borden", "2": "0"}]}],
            "service_grids": [{"id": "services", "values": [{"1": "Chat Service", "2": "2"}]}],
            "stats_totals": {"agents_logged": "2", "agents_ready": ""},
        },
        "news-1": {
            "chat_messages": [{"id": "m1", "content": "Lunch at noon", "send_time": "1700000000"}]
        },
    }


def test_the_documented_shape_passes() -> None:
    assert data_problem(documented(), SUBSCRIPTION) is None


def test_sections_left_out_and_fields_nobody_asked_for_are_fine() -> None:
    data = documented()
    del data["wallboard"]["agent_grids"]
    data["wallboard"]["something_new"] = 42

    assert data_problem(data, SUBSCRIPTION) is None


def test_a_number_where_text_belongs_names_the_statistic() -> None:
    data = documented()
    data["wallboard"]["stats_totals"]["agents_ready"] = 3

    assert data_problem(data, SUBSCRIPTION) == (
        "wallboard.stats_totals.agents_ready is a number, not text"
    )


def test_a_grid_cell_of_the_wrong_type_names_its_row_and_column() -> None:
    data = documented()
    data["wallboard"]["agent_grids"][0]["values"][0]["2"] = None

    assert data_problem(data, SUBSCRIPTION) == (
        "wallboard.agent_grids[0].values[0].2 is null, not text"
    )


@pytest.mark.parametrize(
    ("change", "reason"),
    [
        (lambda d: d["wallboard"].update(stats_totals=["2"]), "stats_totals is a list"),
        (lambda d: d["wallboard"].update(service_grids={}), "service_grids is an object"),
        (lambda d: d["wallboard"]["service_grids"][0].pop("id"), "[0].id is null"),
        (lambda d: d["wallboard"]["service_grids"][0].update(values="x"), "values is text"),
        (lambda d: d["news-1"].update(chat_messages=[["hi"]]), "chat_messages[0] is a list"),
        (lambda d: d["news-1"]["chat_messages"][0].update(id=7), "chat_messages[0].id is a"),
        (lambda d: d.update(wallboard=True), "wallboard is true or false, not an object"),
        (lambda d: d.pop("news-1"), "news-1 is missing"),
    ],
)
def test_each_wrong_part_is_named(change: Any, reason: str) -> None:
    data = documented()
    change(data)

    problem = data_problem(data, SUBSCRIPTION)

    assert problem is not None and reason in problem


def test_an_error_object_is_reported_in_the_upstreams_words() -> None:
    data = {"error_code": 500, "error_message": "Statistics server is restarting"}

    assert data_problem(data, SUBSCRIPTION) == (
        "the tenant's answer is an error: Statistics server is restarting"
    )


@pytest.mark.parametrize(("data", "kind"), [([], "a list"), ("ok", "text"), (None, "null")])
def test_an_answer_that_is_not_an_object_says_what_it_is(data: object, kind: str) -> None:
    assert data_problem(data, SUBSCRIPTION) == f"the tenant's answer is {kind}, not an object"


def test_a_huge_key_is_quoted_short() -> None:
    data = documented()
    data["wallboard"]["stats_totals"]["x" * 100_000] = 1

    problem = data_problem(data, SUBSCRIPTION)

    assert problem is not None and len(problem) < 100


def test_json_is_read() -> None:
    assert answer_json(json.dumps(documented()).encode(), "application/json") == documented()


@pytest.mark.parametrize(
    ("content", "content_type", "reason"),
    [
        (b"<html><body>Service Unavailable</body></html>", "", "is HTML, not JSON"),
        (b"Service Unavailable", "text/html; charset=utf-8", "is HTML, not JSON"),
        (b'{"wallboard": {"stats_totals": ', "application/json", "is not JSON"),
        (b"\xff\xfe", "application/json", "is not JSON"),
        (b"  ", "application/json", "is empty"),
    ],
)
def test_a_body_that_is_not_json_says_what_it_is(
    content: bytes, content_type: str, reason: str
) -> None:
    with pytest.raises(NotJson, match=reason):
        answer_json(content, content_type)
