"""End to end: simulator → Celery poller → Redis → daphne → a WebSocket client."""

from __future__ import annotations

import asyncio
import json
from typing import Any

import pytest
import websockets

from tests.conftest import Stack

pytestmark = pytest.mark.e2e


async def open_board(stack: Stack, slug: str = "demo") -> websockets.ClientConnection:
    cookies = "; ".join(f"{k}={v}" for k, v in stack.login_cookies().items())
    ws_url = stack.web_url.replace("http", "ws", 1) + f"/ws/boards/{slug}/"
    return await websockets.connect(
        ws_url, additional_headers={"Cookie": cookies}, origin=stack.web_url
    )  # type: ignore[arg-type]


async def receive(
    ws: websockets.ClientConnection, timeout: float, skip: tuple[str, ...] = ("heartbeat",)
) -> dict[str, Any]:
    """Return the next message whose type is not in `skip`, within `timeout` seconds."""
    async with asyncio.timeout(timeout):
        while True:
            message: dict[str, Any] = json.loads(await ws.recv())
            if message["type"] not in skip:
                return message


async def test_a_client_gets_the_snapshot_then_a_changed_value(stack: Stack) -> None:
    async with await open_board(stack) as ws:
        snapshot = await receive(ws, timeout=5)
        assert snapshot["type"] == "snapshot"
        assert snapshot["data"]["grids"]["agents"], "the agent grid has logged-in agents"

        delta = await receive(ws, timeout=10 * stack.poll_interval)

        assert delta["type"] == "delta"
        assert delta["epoch"] == snapshot["epoch"]
        assert delta["seq"] > snapshot["seq"]
        changed = {**delta["changes"]["totals"], **delta["changes"]["grids"]}
        before = {**snapshot["data"]["totals"], **snapshot["data"]["grids"]}
        assert changed and any(before[key] != value for key, value in changed.items())


async def test_an_anonymous_socket_is_refused(stack: Stack) -> None:
    ws_url = stack.web_url.replace("http", "ws", 1) + "/ws/boards/demo/"
    async with websockets.connect(ws_url, origin=stack.web_url) as ws:  # type: ignore[arg-type]
        with pytest.raises(websockets.ConnectionClosed) as closed:
            await asyncio.wait_for(ws.recv(), 5)

    assert closed.value.rcvd is not None and closed.value.rcvd.code == 4401
