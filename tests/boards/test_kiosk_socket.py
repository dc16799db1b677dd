"""The kiosk socket: the token is checked on connect (unknown 4404, revoked 4410), a
revoked link closes its open sockets, a rotation moves between its own boards only, and
screens report themselves to the registry the screens page reads."""

from __future__ import annotations

import json
from collections.abc import Iterator

import pytest
from asgiref.sync import sync_to_async
from channels.db import database_sync_to_async
from channels.routing import URLRouter
from channels.testing import WebsocketCommunicator
from django.contrib.auth.models import AnonymousUser, User

from boards.boardconfig import board_config
from boards.models import AlertAck, Board
from screens import broadcast
from screens.config import kiosk_config
from screens.consumers import CLOSE_NOT_FOUND, CLOSE_REVOKED
from screens.models import KioskLink, Rotation
from stats import screen_registry, store
from stats.hub import HUB
from wallboard.routing import websocket_urlpatterns
from wallboard.version import app_version

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.usefixtures("use_redis")]


@pytest.fixture(autouse=True)
def fresh_hub() -> Iterator[None]:
    HUB.reset()
    yield
    HUB.reset()


def kiosk(token: str, query: str = "") -> WebsocketCommunicator:
    path = f"/ws/kiosk/{token}/" + (f"?{query}" if query else "")
    comm = WebsocketCommunicator(URLRouter(websocket_urlpatterns), path)
    comm.scope["user"] = AnonymousUser()
    return comm


async def refusal(comm: WebsocketCommunicator) -> int:
    accepted, _ = await comm.connect()
    assert accepted, "refusals are accepted first, so the page can read the close code"
    closed = await comm.receive_output()
    assert closed["type"] == "websocket.close"
    return int(closed["code"])


async def opened(comm: WebsocketCommunicator) -> list[dict]:
    """Connect; return the first two messages (snapshot or waiting, then a heartbeat)."""
    assert (await comm.connect())[0]
    return [await comm.receive_json_from(), await comm.receive_json_from()]


async def test_an_unknown_token_is_refused_with_4404() -> None:
    assert await refusal(kiosk("nope")) == CLOSE_NOT_FOUND


async def test_a_revoked_token_is_refused_with_4410(board_link: tuple[KioskLink, str]) -> None:
    link, token = board_link
    await database_sync_to_async(link.revoke)()

    assert await refusal(kiosk(token)) == CLOSE_REVOKED


async def test_a_kiosk_gets_its_board_and_heartbeats_with_the_app_version(
    board_link: tuple[KioskLink, str],
) -> None:
    _, token = board_link
    comm = kiosk(token)

    first, heartbeat = await opened(comm)
    await comm.disconnect()

    assert first == {"type": "waiting"}
    assert heartbeat["type"] == "heartbeat" and heartbeat["app_version"] == app_version()


async def test_revoking_closes_open_kiosk_sockets_with_4410(
    board_link: tuple[KioskLink, str],
) -> None:
    link, token = board_link
    comm = kiosk(token)
    await opened(comm)

    await database_sync_to_async(link.revoke)()
    await sync_to_async(broadcast.link_revoked)(link)

    closed = await comm.receive_output(timeout=3)
    assert (closed["type"], closed["code"]) == ("websocket.close", CLOSE_REVOKED)


async def test_hello_returns_the_versions_and_the_acks_in_force(
    board_link: tuple[KioskLink, str], demo_board: Board, supervisor: User
) -> None:
    link, token = board_link
    board = await database_sync_to_async(Board.objects.select_related("tenant").get)(
        pk=demo_board.pk
    )
    await database_sync_to_async(AlertAck.record)(
        board, board.widget_list()[0], "Waiting", supervisor, 5
    )
    comm = kiosk(token)
    await opened(comm)

    await comm.send_json_to({"type": "hello"})
    state = await comm.receive_json_from()
    await comm.disconnect()

    link = await database_sync_to_async(KioskLink.objects.find)(token)
    assert state["type"] == "state" and state["board"] == demo_board.pk
    assert (
        state["version"] == await database_sync_to_async(lambda: board_config(board)["version"])()
    )
    assert state["kiosk"] == await database_sync_to_async(lambda: kiosk_config(link)["version"])()
    assert [(a["widget"], a["by"]) for a in state["acks"]] == [("t1", "sue")]


async def test_a_rotation_shows_its_own_boards_and_no_other(
    rotation: Rotation, demo_board: Board, wall_board: Board
) -> None:
    _, token = await database_sync_to_async(KioskLink.create)("Lobby", rotation)
    await store.async_client().set(
        store.snapshot_key(wall_board.pk), json.dumps({"type": "snapshot", "board": wall_board.pk})
    )
    other = await database_sync_to_async(Board.objects.create)(
        tenant_id=demo_board.tenant_id, slug="secret", title="Secret", widgets=[]
    )
    comm = kiosk(token, query=f"board={demo_board.pk}")
    await opened(comm)

    await comm.send_json_to({"type": "show", "board": other.pk})  # not in the rotation
    await comm.send_json_to({"type": "show", "board": wall_board.pk})
    snapshot = await comm.receive_json_from()
    await comm.disconnect()

    assert snapshot == {"type": "snapshot", "board": wall_board.pk}


async def test_a_kiosk_asked_to_show_a_board_not_its_own_stays_where_it_is(
    rotation: Rotation, wall_board: Board
) -> None:
    _, token = await database_sync_to_async(KioskLink.create)("Lobby", rotation)
    comm = kiosk(token, query=f"board={wall_board.pk}")  # not the rotation's first board
    await opened(comm)

    await comm.send_json_to({"type": "show", "board": 999_999})
    await comm.send_json_to({"type": "show", "board": str(wall_board.pk)})  # not a number
    await comm.send_json_to({"type": "hello"})
    state = await comm.receive_json_from()
    await comm.disconnect()

    assert (state["type"], state["board"]) == ("state", wall_board.pk)


async def test_a_screen_reports_itself_and_obeys_identify(
    board_link: tuple[KioskLink, str],
) -> None:
    _, token = board_link
    comm = kiosk(token)
    await opened(comm)
    report = {"type": "report", "screen": "abcdef123456", "seq": 7, "started": 1.0e12, "nodes": 300}

    await comm.send_json_to(report)
    await comm.send_json_to({"type": "hello"})
    await comm.receive_json_from()  # the state: the report has been handled by now
    await sync_to_async(broadcast.screen_command)("abcdef123456", "identify")
    command = await comm.receive_json_from(timeout=3)
    await comm.disconnect()
    await HUB.reports.flush()  # as the next heartbeat does

    [screen] = await sync_to_async(screen_registry.list_screens)()
    assert (screen["id"], screen["name"], screen["seq"], screen["nodes"]) == (
        "abcdef123456",
        "TV by the door",
        "7",
        "300",
    )
    assert screen["connected"] == "0", "a closed socket is marked as such until it expires"
    assert command == {"type": "command", "command": "identify"}


async def test_a_kiosk_may_not_acknowledge_or_report_for_another_screen_id(
    board_link: tuple[KioskLink, str],
) -> None:
    _, token = board_link
    comm = kiosk(token)
    await opened(comm)

    await comm.send_json_to({"type": "report", "screen": "bad id with spaces"})
    await comm.send_json_to({"type": "ack", "widget": "t1"})
    await comm.send_json_to({"type": "hello"})
    state = await comm.receive_json_from()
    await comm.disconnect()

    assert state["acks"] == []
    assert await sync_to_async(screen_registry.list_screens)() == []
