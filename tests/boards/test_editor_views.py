"""Supervisors build boards in the editor: save, import, export, duplicate, delete and
acknowledge alerts. Viewers may look but not change; a bad board changes nothing."""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

import pytest
from asgiref.sync import async_to_sync
from channels.layers import get_channel_layer
from django.contrib.auth.models import Group, User
from django.test import Client

from boards.models import AlertAck, Board
from boards.widgets import WIDGET_TYPES
from tests.boards.conftest import widget

KNOWN = ", ".join(WIDGET_TYPES)  # the registry's types, in the editor's order

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("use_redis")]

Capture = Callable[..., Any]


def save(client: Client, url: str, board: dict[str, Any]) -> Any:
    return client.post(url, json.dumps(board), content_type="application/json")


def listen(group: str) -> Callable[[], dict[str, Any]]:
    """Join `group` on the channel layer; return a function that reads its next message."""
    layer = get_channel_layer()
    channel = async_to_sync(layer.new_channel)()
    async_to_sync(layer.group_add)(group, channel)
    return lambda: json.loads(async_to_sync(layer.receive)(channel)["text"])


@pytest.mark.parametrize(
    ("method", "url"),
    [
        ("get", "/boards/new/"),
        ("get", "/boards/demo/edit/"),
        ("post", "/boards/demo/edit/"),
        ("get", "/boards/import/"),
        ("get", "/boards/demo/export.json"),
        ("post", "/boards/demo/duplicate/"),
        ("post", "/boards/demo/delete/"),
        ("post", "/boards/demo/ack/"),
    ],
)
def test_viewers_may_not_change_boards(
    viewer_client: Client, demo_board: Board, method: str, url: str
) -> None:
    assert getattr(viewer_client, method)(url).status_code == 403


def test_anonymous_visitors_are_sent_to_log_in(client: Client, demo_board: Board) -> None:
    response = client.get("/boards/demo/edit/")

    assert response.status_code == 302 and response["Location"].startswith("/accounts/login/")


def test_the_editor_offers_the_catalogue_and_keeps_secrets_out(
    supervisor_client: Client, demo_board: Board
) -> None:
    response = supervisor_client.get("/boards/demo/edit/")

    assert response.status_code == 200
    config = response.context["config"]
    labels = {s["name"]: (s["label"], s["unit"]) for s in config["statistics"]}
    assert labels["service_level"] == ("Service level", "%")
    assert labels["in_max_wait_time"] == ("Longest wait", "seconds")
    assert demo_board.tenant.client_secret.encode() not in response.content


def test_a_supervisor_saves_a_new_board_and_it_is_placed(
    supervisor_client: Client, demo_board: Board
) -> None:
    board = {"title": "Floor 2", "theme": "light", "widgets": [widget(x=3, y=4)]}

    response = save(supervisor_client, "/boards/new/", board)

    assert response.status_code == 200, response.json()
    made = Board.objects.get(slug=response.json()["slug"])
    assert (made.title, made.theme, made.tenant_id) == ("Floor 2", "light", demo_board.tenant_id)
    assert made.widgets[0] | {"x": 3, "y": 4} == made.widgets[0]


def test_a_bad_save_lists_every_problem_and_changes_nothing(
    supervisor_client: Client, demo_board: Board
) -> None:
    before = Board.objects.get(pk=demo_board.pk).widgets
    bad = {"title": "Demo", "widgets": [widget(stat="nope"), {"type": "pie"}]}

    response = save(supervisor_client, "/boards/demo/edit/", bad)

    assert response.status_code == 400
    assert response.json()["errors"] == [
        "widget 1: unknown statistic 'nope'",
        f"widget 2: unknown widget type 'pie' (known types: {KNOWN})",
    ]
    assert Board.objects.get(pk=demo_board.pk).widgets == before


def test_saving_tells_the_boards_screens_its_new_version(
    supervisor_client: Client, demo_board: Board, django_capture_on_commit_callbacks: Capture
) -> None:
    receive = listen(demo_board.group_name)

    with django_capture_on_commit_callbacks(execute=True):
        response = save(supervisor_client, "/boards/demo/edit/", {"title": "New", "widgets": []})

    assert receive() == {
        "type": "config",
        "board": demo_board.pk,
        "version": response.json()["version"],
    }


def test_an_exported_board_imports_as_a_copy(supervisor_client: Client, demo_board: Board) -> None:
    exported = supervisor_client.get("/boards/demo/export.json")
    assert exported["Content-Disposition"] == 'attachment; filename="demo.json"'

    response = supervisor_client.post(
        "/boards/import/", {"text": exported.content.decode(), "tenant": demo_board.tenant_id}
    )

    copy = Board.objects.exclude(pk=demo_board.pk).get(title=demo_board.title)
    assert response.status_code == 302 and response["Location"] == f"/boards/{copy.slug}/edit/"
    assert [w["id"] for w in copy.widgets] == [w["id"] for w in demo_board.widgets]


@pytest.mark.parametrize(
    ("text", "error"),
    [
        ('{"title": "x", "widgets": [', "This is not valid JSON: Expecting value (line 1)."),
        ('{"title": "x", "widgets": [{"type": "total", "stat": "nope"}]}', "unknown statistic"),
    ],
)
def test_a_bad_import_says_why_keeps_the_text_and_makes_nothing(
    supervisor_client: Client, demo_board: Board, text: str, error: str
) -> None:
    boards = Board.objects.count()

    response = supervisor_client.post("/boards/import/", {"text": text})

    assert response.status_code == 400
    assert error in response.content.decode()
    assert response.context["text"] == text
    assert Board.objects.count() == boards


def test_duplicate_copies_widgets_theme_and_viewers(
    supervisor_client: Client, demo_board: Board
) -> None:
    group = Group.objects.create(name="floor")
    demo_board.groups.add(group)
    supervisor_client.force_login(User.objects.create_superuser("root"))

    response = supervisor_client.post("/boards/demo/duplicate/")

    copy = Board.objects.get(title="Copy of Contact centre overview")
    assert response["Location"] == f"/boards/{copy.slug}/edit/"
    assert copy.widgets == demo_board.widgets and list(copy.groups.all()) == [group]


def test_delete_removes_the_board_and_tells_its_screens(
    supervisor_client: Client, demo_board: Board, django_capture_on_commit_callbacks: Capture
) -> None:
    receive = listen(demo_board.group_name)

    with django_capture_on_commit_callbacks(execute=True):
        response = supervisor_client.post("/boards/demo/delete/")

    assert response["Location"] == "/boards/"
    assert not Board.objects.filter(slug="demo").exists()
    assert receive()["version"] == "deleted"


def test_an_acknowledgement_is_logged_and_reaches_every_screen(
    supervisor_client: Client,
    supervisor: User,
    demo_board: Board,
    django_capture_on_commit_callbacks: Capture,
) -> None:
    receive = listen(demo_board.group_name)

    with django_capture_on_commit_callbacks(execute=True):
        response = supervisor_client.post("/boards/demo/ack/", {"widget": "t1", "minutes": "10"})

    ack = AlertAck.objects.get()
    assert (ack.user, ack.username, ack.widget_id, ack.widget_title) == (
        supervisor,
        "sue",
        "t1",
        "Waiting",
    )
    assert round((ack.until - ack.acknowledged_at).total_seconds()) == 600
    answer = response.json()
    assert receive() == {
        "type": "ack",
        "board": demo_board.pk,
        "widget": "t1",
        "until": answer["until"],
        "by": "sue",
    }


def test_acknowledging_a_widget_the_board_lacks_is_404(
    supervisor_client: Client, demo_board: Board
) -> None:
    assert supervisor_client.post("/boards/demo/ack/", {"widget": "nope"}).status_code == 404
    assert not AlertAck.objects.exists()
