"""Viewers never multiply upstream calls: one data request per poll interval, whatever
the number of sockets, and none caused by connecting or reconnecting."""

from __future__ import annotations

import asyncio
import itertools
import time

import pytest

from tests.conftest import Stack
from tests.e2e.test_live_stream import open_board, receive

pytestmark = pytest.mark.e2e

DATA = ("GET", "/statsapi/subscription/data")
VIEWERS = 200


async def test_200_viewers_cause_one_data_request_per_interval(stack: Stack) -> None:
    started = time.time()
    sockets = [await open_board(stack) for _ in range(VIEWERS)]
    try:
        for ws in sockets:
            assert (await receive(ws, timeout=5))["type"] == "snapshot"
        # Reconnect half of them: a reconnect must not reach the upstream either.
        for ws in sockets[: VIEWERS // 2]:
            await ws.close()
        sockets[: VIEWERS // 2] = [await open_board(stack) for _ in range(VIEWERS // 2)]
        # Watch five deltas arrive on every socket.
        for _ in range(5):
            await asyncio.gather(*(receive(ws, timeout=10) for ws in sockets))
    finally:
        await asyncio.gather(*(ws.close() for ws in sockets))
    finished = time.time()

    log = [
        r for r in stack.sim("/_sim/requests")["requests"] if started <= r["started"] <= finished
    ]
    data_times = sorted(r["started"] for r in log if (r["method"], r["path"]) == DATA)
    others = [(r["method"], r["path"]) for r in log if (r["method"], r["path"]) != DATA]
    gaps = [b - a for a, b in itertools.pairwise(data_times)]
    intervals = (finished - started) / stack.poll_interval

    assert others == [], "connects and reconnects made no token or subscription request"
    assert intervals - 2 <= len(data_times) <= intervals + 2
    assert min(gaps) > 0.5 * stack.poll_interval, f"two data requests within one interval: {gaps}"
