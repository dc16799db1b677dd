"""A board socket is closed once its user may no longer watch: after a logout (4401)
or once the board is no longer theirs (4404), within WALLBOARD_ACCESS_CHECK_SECONDS;
the check costs a handful of queries whatever the number of sockets."""

from __future__ import annotations

import asyncio
from collections.abc import Iterator
from typing import Any

import pytest
from asgiref.sync import sync_to_async
from channels.routing import URLRouter
from channels.testing import WebsocketCommunicator
from django.conf import settings as django_settings
from django.contrib.auth.models import Group, User
from django.test import Client

from boards import access
from boards.access import Viewer
from boards.models import Board
from stats.hub import HUB
from wallboard.routing import websocket_urlpatterns
from wallboard.socket_auth import socket_auth_stack

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.usefixtures("use_redis")]


@pytest.fixture(autouse=True)
def fresh_hub(settings: Any) -> Iterator[None]:
    """No sockets or loops left by another test; checks every half second."""
    settings.WALLBOARD_ACCESS_CHECK_SECONDS = 0.5
    HUB.reset()
    yield
    HUB.reset()


def logged_in(username: str) -> Client:
    User.objects.create_user(username, password="pw-123456")
    client = Client()
    response = client.post("/accounts/login/", {"username": username, "password": "pw-123456"})
    assert response.status_code == 302
    return client


async def open_socket(client: Client, board: Board) -> WebsocketCommunicator:
    """Open `board`'s socket with `client`'s session cookie, through the real auth stack."""
    cookie = f"{django_settings.SESSION_COOKIE_NAME}={client.cookies['sessionid'].value}"
    app = socket_auth_stack(URLRouter(websocket_urlpatterns))
    comm = WebsocketCommunicator(app, f"/ws/boards/{board.slug}/", [(b"cookie", cookie.encode())])
    accepted, _ = await comm.connect()
    assert accepted
    assert (await comm.receive_json_from())["type"] == "waiting"
    return comm


async def close_code(comm: WebsocketCommunicator, timeout: float = 5) -> int:
    """Return the code the socket is closed with within `timeout` seconds, passing over
    what comes before it (heartbeats)."""
    async with asyncio.timeout(timeout):
        while True:
            message = await comm.receive_output(timeout=timeout)
            if message["type"] == "websocket.close":
                return int(message["code"])


async def test_a_socket_is_closed_with_4401_once_its_user_logs_out(demo_board: Board) -> None:
    client = await sync_to_async(logged_in)("ada")
    comm = await open_socket(client, demo_board)

    response = await sync_to_async(client.post)("/accounts/logout/")

    assert response.status_code == 302
    assert await close_code(comm) == access.CLOSE_UNAUTHENTICATED
    await comm.disconnect()


async def test_a_logout_closes_its_sessions_sockets_at_once(
    demo_board: Board, settings: Any
) -> None:
    settings.WALLBOARD_ACCESS_CHECK_SECONDS = 30  # far beyond this test: not the check
    settings.WALLBOARD_HEARTBEAT_SECONDS = 0.5
    client = await sync_to_async(logged_in)("eve")
    comm = await open_socket(client, demo_board)
    other = await open_socket(await sync_to_async(logged_in)("fay"), demo_board)
    # Two heartbeats: the one sent on connect, then one of the hub's beats, before which
    # it has joined the group that hears of logouts.
    for _ in range(2):
        while (await comm.receive_json_from(timeout=5))["type"] != "heartbeat":
            pass

    await sync_to_async(client.post)("/accounts/logout/")

    assert await close_code(comm, timeout=5) == access.CLOSE_UNAUTHENTICATED
    sent = []
    while not await other.receive_nothing(timeout=0.2):
        sent.append((await other.receive_output())["type"])
    assert "websocket.close" not in sent, "another session's socket stays open"
    await comm.disconnect()
    await other.disconnect()


async def test_a_socket_is_closed_with_4404_once_its_user_leaves_the_boards_group(
    demo_board: Board,
) -> None:
    floor = await sync_to_async(Group.objects.create)(name="Floor")
    await sync_to_async(demo_board.groups.add)(floor)
    client = await sync_to_async(logged_in)("bea")
    user = await sync_to_async(User.objects.get)(username="bea")
    await sync_to_async(user.groups.add)(floor)
    comm = await open_socket(client, demo_board)

    await sync_to_async(user.groups.remove)(floor)

    assert await close_code(comm) == access.CLOSE_NOT_FOUND
    await comm.disconnect()


async def test_a_user_still_allowed_keeps_watching(demo_board: Board) -> None:
    client = await sync_to_async(logged_in)("dee")
    comm = await open_socket(client, demo_board)

    closed = [await HUB.check_access() for _ in range(3)]

    assert closed == [0, 0, 0]
    sent = []
    while not await comm.receive_nothing(timeout=0.2):
        sent.append((await comm.receive_output())["type"])
    assert "websocket.close" not in sent
    await comm.disconnect()


def test_the_check_takes_a_few_queries_for_many_sockets_and_refuses_exactly_the_right_ones(
    demo_board: Board, django_assert_max_num_queries: Any
) -> None:
    wall = Board.objects.get(slug="demo-wall")
    wall.groups.add(Group.objects.create(name="Night shift"))
    sessions = {}
    for name in ("ann", "ben", "cat", "dan"):
        client = logged_in(name)
        sessions[name] = (client.cookies["sessionid"].value, User.objects.get(username=name).pk)
    User.objects.filter(username="ben").update(is_active=False)
    cat = User.objects.get(username="cat")
    cat.set_password("changed-789")
    cat.save()
    User.objects.filter(username="dan").update(is_superuser=True)
    viewers = {
        Viewer(key, user_id, board.pk)
        for key, user_id in sessions.values()
        for board in (demo_board, wall)
    }
    viewers |= {Viewer("no-such-session", sessions["ann"][1], demo_board.pk)}

    with django_assert_max_num_queries(5):
        refused = access.refusals(list(viewers) * 500)

    by_name = {name: pk for name, (_, pk) in sessions.items()}
    expected = {
        Viewer(sessions["ann"][0], by_name["ann"], wall.pk): access.CLOSE_NOT_FOUND,
        Viewer("no-such-session", by_name["ann"], demo_board.pk): access.CLOSE_UNAUTHENTICATED,
        **{
            Viewer(sessions[name][0], by_name[name], board.pk): access.CLOSE_UNAUTHENTICATED
            for name in ("ben", "cat")
            for board in (demo_board, wall)
        },
    }
    assert refused == expected
