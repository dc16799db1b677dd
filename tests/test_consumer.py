"""The board WebSocket: who may connect, the snapshot on connect, and forwarding."""

from __future__ import annotations

import json
import time
from collections.abc import AsyncIterator, Iterator
from typing import Any

import pytest
from asgiref.sync import sync_to_async
from channels.db import database_sync_to_async
from channels.layers import get_channel_layer
from channels.routing import URLRouter
from channels.testing import WebsocketCommunicator
from django.contrib.auth.models import AnonymousUser, Group, User

from boards.models import Board
from stats import store
from stats.consumers import CLOSE_NOT_FOUND, CLOSE_UNAUTHENTICATED
from stats.hub import HUB, group_event
from wallboard.routing import websocket_urlpatterns

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.usefixtures("use_redis")]

SNAPSHOT = {
    "type": "snapshot",
    "epoch": "e1",
    "seq": 7,
    "upstream_time": 1.0,
    "data": {"totals": {"agents_ready": 3}, "grids": {}},
}


@pytest.fixture(autouse=True)
def fresh_hub() -> Iterator[None]:
    """Each test starts with no sockets and no heartbeat loop left by another."""
    HUB.reset()
    yield
    HUB.reset()


@pytest.fixture
def user(db: None) -> User:
    return User.objects.create_user("supervisor", password="x")


def communicator(slug: str, user: object) -> WebsocketCommunicator:
    comm = WebsocketCommunicator(URLRouter(websocket_urlpatterns), f"/ws/boards/{slug}/")
    comm.scope["user"] = user
    return comm


async def refusal_code(slug: str, user: object) -> int:
    """Connect and return the close code the server refuses the socket with."""
    comm = communicator(slug, user)
    accepted, _ = await comm.connect()
    assert accepted, "refusals are accepted first, so the page can read the close code"
    closed = await comm.receive_output()
    assert closed["type"] == "websocket.close"
    return int(closed["code"])


@pytest.fixture
async def connected(demo_board: Board, user: User) -> AsyncIterator[WebsocketCommunicator]:
    comm = communicator(demo_board.slug, user)
    connected, _ = await comm.connect()
    assert connected
    yield comm
    await comm.disconnect()


async def test_anonymous_sockets_are_refused(demo_board: Board) -> None:
    assert await refusal_code(demo_board.slug, AnonymousUser()) == CLOSE_UNAUTHENTICATED


async def test_unknown_boards_are_refused(user: User) -> None:
    assert await refusal_code("no-such-board", user) == CLOSE_NOT_FOUND


async def test_before_any_data_the_client_is_told_to_wait(
    connected: WebsocketCommunicator,
) -> None:
    assert await connected.receive_json_from() == {"type": "waiting"}


async def test_the_stored_snapshot_is_sent_on_connect(demo_board: Board, user: User) -> None:
    await store.async_client().set(store.snapshot_key(demo_board.pk), json.dumps(SNAPSHOT))
    comm = communicator(demo_board.slug, user)
    await comm.connect()

    assert await comm.receive_json_from() == SNAPSHOT
    await comm.disconnect()


async def test_group_messages_are_forwarded_verbatim(
    demo_board: Board, connected: WebsocketCommunicator
) -> None:
    await connected.receive_json_from()  # the snapshot
    await connected.receive_json_from()  # the first heartbeat
    text = '{"type": "delta", "seq": 8}'

    group = demo_board.group_name
    await get_channel_layer().group_send(group, group_event(group, "board.message", text=text))

    assert await connected.receive_from() == text


async def test_resync_sends_the_snapshot_again(
    demo_board: Board, connected: WebsocketCommunicator
) -> None:
    await connected.receive_json_from()  # the snapshot
    await connected.receive_json_from()  # the first heartbeat
    await store.async_client().set(store.snapshot_key(demo_board.pk), json.dumps(SNAPSHOT))

    await connected.send_json_to({"type": "resync"})

    assert await connected.receive_json_from() == SNAPSHOT


async def test_a_board_page_may_not_show_another_board_or_report_as_a_kiosk(
    demo_board: Board, connected: WebsocketCommunicator
) -> None:
    await connected.receive_json_from()  # the snapshot
    await connected.receive_json_from()  # the first heartbeat

    await connected.send_json_to({"type": "show", "board": demo_board.pk + 1})
    await connected.send_json_to({"type": "report", "screen": "abcdef123456", "seq": 1})
    await connected.send_json_to({"type": "hello"})
    state = await connected.receive_json_from()

    assert (state["type"], state["board"]) == ("state", demo_board.pk)
    assert "kiosk" not in state and not HUB.reports.pending


async def test_a_heartbeat_follows_the_snapshot_with_the_datas_freshness(
    demo_board: Board, user: User
) -> None:
    await sync_to_async(store.TenantState(store.client(), demo_board.tenant_id).record)("ok")
    comm = communicator(demo_board.slug, user)
    await comm.connect()
    await comm.receive_json_from()

    heartbeat = await comm.receive_json_from()
    await comm.disconnect()

    assert heartbeat["type"] == "heartbeat"
    assert heartbeat["interval"] == demo_board.tenant.poll_interval
    assert heartbeat["data"]["state"] == "ok" and heartbeat["data"]["stale"] is False
    assert abs(heartbeat["server_time"] - time.time()) < 5


async def test_heartbeats_keep_coming_every_few_seconds(
    demo_board: Board, user: User, settings: Any
) -> None:
    settings.WALLBOARD_HEARTBEAT_SECONDS = 0.5
    comm = communicator(demo_board.slug, user)
    await comm.connect()
    await comm.receive_json_from()
    first = await comm.receive_json_from()

    second = await comm.receive_json_from(timeout=3)
    await comm.disconnect()

    assert second["type"] == "heartbeat" and second["server_time"] > first["server_time"]


async def test_a_board_of_other_groups_is_refused(demo_board: Board, user: User) -> None:
    group = await database_sync_to_async(Group.objects.create)(name="sales floor")
    await database_sync_to_async(demo_board.groups.add)(group)

    assert await refusal_code(demo_board.slug, user) == CLOSE_NOT_FOUND

    await database_sync_to_async(user.groups.add)(group)
    comm = communicator(demo_board.slug, user)
    assert (await comm.connect())[0]
    assert (await comm.receive_json_from())["type"] == "waiting"
    await comm.disconnect()


async def test_disabled_boards_are_refused(demo_board: Board, user: User) -> None:
    await database_sync_to_async(Board.objects.filter(pk=demo_board.pk).update)(enabled=False)

    assert await refusal_code(demo_board.slug, user) == CLOSE_NOT_FOUND


async def test_heartbeats_carry_the_boards_latest_epoch_and_seq(
    demo_board: Board, user: User, settings: Any
) -> None:
    settings.WALLBOARD_HEARTBEAT_SECONDS = 0.5
    text = json.dumps(SNAPSHOT)
    await sync_to_async(store.save_snapshot)(store.client(), demo_board.pk, text, "e1", 7)
    comm = communicator(demo_board.slug, user)
    await comm.connect()
    await comm.receive_json_from()  # the snapshot
    await comm.receive_json_from()  # the first heartbeat

    heartbeat = await comm.receive_json_from(timeout=3)
    await comm.disconnect()

    assert (heartbeat["type"], heartbeat["epoch"], heartbeat["seq"]) == ("heartbeat", "e1", 7)
