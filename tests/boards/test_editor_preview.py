"""The editor's live canvas asks stats/preview.py what its unsaved widgets show: the
numbers of the tenant's last good poll, which widgets the subscription does not carry
yet, and each widget's problems; only supervisors may ask."""

from __future__ import annotations

import json
from typing import Any

import pytest
from django.test import Client

from boards.models import Board
from boards.widget_types.base import NO_FEEDS
from stats import store
from tests.boards.conftest import widget

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("use_redis")]


def ask(client: Client, board: Board, widgets: list[dict[str, Any]]) -> Any:
    body = {"tenant": board.tenant_id, "widgets": widgets}
    return client.post("/boards/editor/preview/", json.dumps(body), content_type="application/json")


def test_unsaved_widgets_show_the_last_good_polls_numbers(
    supervisor_client: Client, demo_board: Board
) -> None:
    raw = {"wallboard": {"stats_totals": {"agents_ready": "7"}}}
    store.TenantState(store.client(), demo_board.tenant_id).save_latest(100.0, raw, NO_FEEDS)
    shown = widget(id="ready", title="Ready now")
    unsubscribed = widget(id="busy", stat="agents_busy", x=4)

    answer = ask(supervisor_client, demo_board, [shown, unsubscribed]).json()

    assert answer["data"]["totals"]["agents_ready"] == 7
    assert answer["upstream_time"] == 100.0
    assert answer["stale"] is True  # the poll above is from 1970
    assert answer["pending"] == ["busy"]  # no saved board shows it: not subscribed yet
    assert answer["widgets"][0].items() >= shown.items(), "as asked, with defaults added"
    assert answer["widgets"][0]["keys"] == ["agents_ready"]
    assert answer["problems"] == {}


def test_a_widget_with_a_problem_gets_its_problem_and_no_numbers(
    supervisor_client: Client, demo_board: Board
) -> None:
    upside_down = {"direction": "above", "warning": 10, "critical": 5}
    bad = widget(id="bad", thresholds=upside_down)

    answer = ask(supervisor_client, demo_board, [bad, widget(id="ok", x=4)]).json()

    assert answer["problems"] == {
        "bad": ["widget 1 thresholds: the critical level must be above the warning level"]
    }
    assert [w["id"] for w in answer["widgets"]] == ["ok"]
    assert answer["data"] is None  # no poll yet
    assert answer["stale"] is True


def test_only_supervisors_may_ask(viewer_client: Client, demo_board: Board) -> None:
    assert ask(viewer_client, demo_board, [widget()]).status_code == 403


def test_a_save_names_the_widgets_its_problems_concern(
    supervisor_client: Client, demo_board: Board
) -> None:
    upside_down = {"direction": "below", "warning": 10, "critical": 50}
    board = {
        "title": "Demo",
        "widgets": [widget(id="a"), widget(id="b", x=4, thresholds=upside_down), widget(id="c")],
    }

    response = supervisor_client.post(
        "/boards/demo/edit/", json.dumps(board), content_type="application/json"
    )

    assert response.status_code == 400
    assert response.json()["problems"] == [
        {
            "message": "widget 2 thresholds: the critical level must be below the warning level",
            "widgets": ["b"],
        },
        {"message": "widget 1 and widget 3 overlap", "widgets": ["a", "c"]},
    ]
