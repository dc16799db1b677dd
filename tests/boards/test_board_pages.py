"""A board page carries what its script needs: placed widgets, versions, whether this
user may acknowledge alerts; and a sparkline's history comes from Redis."""

from __future__ import annotations

import time

import pytest
from django.test import Client

from boards.boardconfig import board_config
from boards.models import Board
from stats import store

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("use_redis")]


def test_supervisors_may_acknowledge_and_viewers_may_not(
    supervisor_client: Client, viewer_client: Client, demo_board: Board
) -> None:
    supervised = supervisor_client.get("/boards/demo/")
    viewed = viewer_client.get("/boards/demo/")

    assert supervised.context["config"]["may_acknowledge"] is True
    assert b'id="ack-form"' in supervised.content
    assert viewed.context["config"]["may_acknowledge"] is False
    assert b'id="ack-form"' not in viewed.content


def test_the_page_carries_the_versions_the_socket_will_compare(
    viewer_client: Client, demo_board: Board
) -> None:
    config = viewer_client.get("/boards/demo/").context["config"]

    assert config["version"] == board_config(demo_board)["version"]
    assert config["app_version"]
    assert all({"x", "y", "w", "h"} <= set(w) for w in config["widgets"])


def test_the_version_follows_the_widgets_only(demo_board: Board) -> None:
    before = board_config(demo_board)["version"]
    demo_board.save()
    assert board_config(demo_board)["version"] == before

    demo_board.widgets = [*demo_board.widgets[:-1], {**demo_board.widgets[-1], "limit": 5}]
    assert board_config(demo_board)["version"] != before


def test_a_sparkline_reads_its_trend_from_the_history_stream(
    viewer_client: Client, wall_board: Board
) -> None:
    state = store.TenantState(store.client(), wall_board.tenant_id)
    now = time.time()
    for age, waiting in ((120, 2), (60, 5), (1, 3)):
        state.append_history(now - age, {"in_calls_waiting": waiting}, 1.0)

    points = viewer_client.get("/boards/demo-wall/history/", {"widget": "trend"}).json()["points"]

    assert [value for _, value in points] == [2, 5, 3]


def test_only_sparklines_and_change_arrows_have_a_history(
    viewer_client: Client, wall_board: Board
) -> None:
    # "waiting" shows its change against 15 minutes ago; "wait" has no arrow.
    arrow = viewer_client.get("/boards/demo-wall/history/", {"widget": "waiting"})
    plain = viewer_client.get("/boards/demo-wall/history/", {"widget": "wait"})

    assert arrow.status_code == 200 and plain.status_code == 404
