"""The alert history: each poll, widgets with thresholds get the level screens show,
and every change is logged; a board's Alerts page lists changes and acknowledgements
to those who may see the board."""

from __future__ import annotations

import csv
import io
import json
from typing import Any

import pytest
from django.contrib.auth.models import Group
from django.test import Client

from boards.levels import level_of, widget_level
from boards.models import AlertAck, AlertEvent, Board
from bpcc import catalogue
from bpcc.catalogue import display
from stats import alert_log, messages, store

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("use_redis")]

WAIT = {"direction": "above", "warning": 60, "critical": 120}
LEVEL = {"direction": "below", "warning": 0.8, "critical": 0.6}
WIDGETS: list[dict[str, Any]] = [
    {"id": "wait", "type": "total", "stat": "in_max_wait_time", "thresholds": WAIT,
     "x": 0, "y": 0, "w": 3, "h": 2},
    {"id": "sl", "type": "service_grid", "title": "Service levels",
     "columns": ["name", "service_level"], "column_thresholds": {"service_level": LEVEL},
     "x": 3, "y": 0, "w": 6, "h": 4},
    {"id": "plain", "type": "total", "stat": "agents_ready", "x": 9, "y": 0, "w": 3, "h": 2},
]  # fmt: skip


def data(wait: Any, levels: list[Any]) -> dict[str, Any]:
    rows = [[f"Service {n}", level] for n, level in enumerate(levels)]
    return {"totals": {"in_max_wait_time": wait, "agents_ready": 3}, "grids": {"sl": rows}}


@pytest.fixture
def board(demo_board: Board) -> Board:
    demo_board.widgets = WIDGETS
    demo_board.save()
    return demo_board


@pytest.mark.parametrize(
    ("value", "thresholds", "level"),
    [
        (59, WAIT, "normal"),
        (60, WAIT, "warning"),  # a limit reached counts, as on screens
        (120, WAIT, "critical"),
        (0.8, LEVEL, "warning"),
        (0.59, LEVEL, "critical"),
        (None, WAIT, "normal"),  # no data is never an alert
        ("busy", WAIT, "normal"),
        (500, None, "normal"),
        (500, {"direction": "above", "critical": 100}, "critical"),
    ],
)
def test_levels_are_those_the_screens_show(value: Any, thresholds: Any, level: str) -> None:
    assert level_of(value, thresholds) == level


def test_a_grid_is_at_the_level_of_its_worst_cell() -> None:
    assert widget_level(WIDGETS[1], data(0, [0.9, 0.7, 0.5, 0.4])) == (
        "critical",
        0.5,
        "service_level",
    )


def test_each_change_of_level_is_logged_once(board: Board) -> None:
    r = store.client()
    polls = [data(30, [0.9]), data(75, [0.9]), data(80, [0.9]), data(130, [0.5]), data(10, [0.9])]

    logged = [
        [(e.widget_id, e.from_level, e.to_level, e.value) for e in alert_log.record(r, board, d, t)]
        for t, d in enumerate(polls, start=1_800_000_000)
    ]

    assert logged == [
        [],
        [("wait", "normal", "warning", 75)],
        [],
        [("wait", "warning", "critical", 130), ("sl", "normal", "critical", 0.5)],
        [("wait", "critical", "normal", 10), ("sl", "critical", "normal", None)],
    ]
    assert AlertEvent.objects.filter(board=board).count() == 5
    titles = set(AlertEvent.objects.values_list("widget_id", "widget_title"))
    # A widget without a title is named as screens name it: by its statistic; a grid
    # alert by its title and the row alerting (none once it is back to normal).
    wait = catalogue.get("in_max_wait_time").label
    assert titles == {
        ("wait", wait),
        ("sl", "Service levels · Service 0"),
        ("sl", "Service levels"),
    }


def test_a_grid_alert_names_the_row_of_its_worst_cell(board: Board) -> None:
    events = alert_log.record(store.client(), board, data(0, [0.9, 0.7, 0.5]), 1_800_000_000)

    assert [(e.widget_title, e.to_level, e.value) for e in events] == [
        ("Service levels · Service 2", "critical", 0.5)
    ]


def test_a_ratio_is_judged_at_the_precision_screens_show_it() -> None:
    # A critical level "at or below 95 %": 0.9512 shows as 95 %, so it is critical,
    # and is logged as the 95 % it showed (it was logged as "critical -> warning at 95%").
    at_most_95 = {"direction": "below", "warning": 0.97, "critical": 0.95}
    shown = catalogue.get("service_level").parse("0.9512")

    assert (level_of(shown, at_most_95), display("service_level", shown)) == ("critical", "95%")
    assert level_of(catalogue.get("service_level").parse("0.9551"), at_most_95) == "warning"


def test_an_acknowledgement_names_the_widget_and_the_row_the_screens_show(
    board: Board, supervisor_client: Client
) -> None:
    snapshot = messages.snapshot(board.pk, "e1", 1, 1_800_000_000, data(0, [0.9, 0.5]))  # type: ignore[arg-type]
    store.save_snapshot(store.client(), board.pk, json.dumps(snapshot), "e1", 1)

    supervisor_client.post(f"/boards/{board.slug}/ack/", {"widget": "sl"})
    supervisor_client.post(f"/boards/{board.slug}/ack/", {"widget": "wait"})

    assert list(AlertAck.objects.order_by("pk").values_list("widget_title", flat=True)) == [
        "Service levels · Service 1",
        catalogue.get("in_max_wait_time").label,  # no title of its own, no rows
    ]


def test_a_restarted_worker_does_not_log_a_level_again(board: Board) -> None:
    r = store.client()
    alert_log.record(r, board, data(130, [0.9]), 1_800_000_000)

    again = alert_log.record(r, board, data(140, [0.9]), 1_800_000_002)  # the next poll

    assert again == [] and AlertEvent.objects.count() == 1


def test_a_redis_that_lost_its_memory_does_not_log_a_level_again(board: Board) -> None:
    r = store.client()
    alert_log.record(r, board, data(130, [0.5]), 1_800_000_000)
    alert_log.record(r, board, data(70, [0.5]), 1_800_000_002)  # wait: critical -> warning
    r.flushdb()  # as a Redis restart leaves it

    again = alert_log.record(r, board, data(75, [0.5]), 1_800_000_004)
    assert again == [] and AlertEvent.objects.count() == 3
    then = alert_log.record(r, board, data(10, [0.5]), 1_800_000_006)

    assert [(e.widget_id, e.from_level, e.to_level) for e in then] == [
        ("wait", "warning", "normal")
    ]


def test_the_alerts_page_lists_changes_and_acknowledgements(
    board: Board, viewer_client: Client, supervisor: Any
) -> None:
    alert_log.record(store.client(), board, data(3725, [0.5]), 1_800_000_000)
    AlertAck.record(board, WIDGETS[0], "Longest wait", supervisor, 15)

    page = viewer_client.get(f"/boards/{board.slug}/alerts/").content.decode()

    assert "normal → critical at 1:02:05" in page  # a duration, as screens show it
    assert "normal → critical at 50%" in page  # a ratio
    assert "Service levels" in page
    assert "acknowledged by sue until" in page


def test_the_alerts_page_is_for_those_who_may_see_the_board(
    board: Board, viewer_client: Client
) -> None:
    board.groups.add(Group.objects.create(name="Floor 2"))

    assert viewer_client.get(f"/boards/{board.slug}/alerts/").status_code == 404
    assert Client().get(f"/boards/{board.slug}/alerts/").status_code == 302  # to log in


def test_values_are_displayed_as_on_screens() -> None:
    assert display("in_max_wait_time", 65) == "1:05"
    assert display("service_level", 0.875) == "88%"
    assert display("agents_ready", 7) == "7"
    assert display("agents_ready", None) == "—"


def test_the_whole_history_downloads_as_csv_safe_to_open(
    board: Board, viewer_client: Client
) -> None:
    board.widgets = [{**WIDGETS[0], "title": '=HYPERLINK("http://evil.example")'}]
    board.save()
    alert_log.record(store.client(), board, data(130, []), 1_800_000_000)
    alert_log.record(store.client(), board, data(10, []), 1_800_000_002)

    response = viewer_client.get(f"/boards/{board.slug}/alerts/", {"format": "csv"})

    rows = list(csv.reader(io.StringIO(response.content.decode())))
    assert response["Content-Type"] == "text/csv"
    assert rows[0] == ["time", "widget", "event", "from", "to", "value", "by", "until"]
    assert [r[2:6] for r in rows[1:]] == [
        ["level change", "critical", "normal", "0:10"],
        ["level change", "normal", "critical", "2:10"],
    ]
    assert {r[1] for r in rows[1:]} == {'\'=HYPERLINK("http://evil.example")'}


def test_screens_learn_since_when_each_alert_now_logged_has_lasted(board: Board) -> None:
    r = store.client()
    alert_log.record(r, board, data(130, [0.9, 0.5]), 1_800_000_000)
    alert_log.record(r, board, data(10, [0.9, 0.5]), 1_800_000_060)  # the wait is back

    since = alert_log.alerting_since([board.pk])

    assert since == {f"{board.pk}|Service levels · Service 1|critical": 1_800_000_000.0}
