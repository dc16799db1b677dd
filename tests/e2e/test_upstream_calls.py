"""Viewers never multiply upstream calls: one data request per poll interval, whatever
the number of sockets, and none caused by connecting or reconnecting. Besides the
statistics, the demo board's campaign widget costs one fetch of its figures at most
every `FETCH_EVERY` seconds (stats/campaign_figures.py), whoever watches."""

from __future__ import annotations

import asyncio
import itertools
import re
import time
from typing import Any

import pytest

from stats.campaign_figures import FETCH_EVERY
from tests.conftest import Stack
from tests.e2e.test_live_stream import open_board, receive

pytestmark = pytest.mark.e2e

DATA = ("GET", "/statsapi/subscription/data")
# The demo boards show one campaign, "Renewals Outbound", and the simulator binds one
# enabled list to it: a fetch of its figures is these List Management v3 requests.
FIGURES_FETCH = [
    ("GET", "/configapi/v3/campaign/getAll"),
    ("GET", "/configapi/v3/campaign/getCampaign/:id"),
    ("POST", "/configapi/v3/campaign/getCompletedRecords/:id"),
]
GUID = re.compile(r"/[0-9A-F]{8}(-[0-9A-F]{4}){3}-[0-9A-F]{12}$", re.IGNORECASE)
VIEWERS = 200

Logged = dict[str, Any]


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

    def during(request: Logged) -> bool:
        return started <= request["started"] <= finished

    log: list[Logged] = stack.sim("/_sim/requests")["requests"]
    data_times = sorted(r["started"] for r in log if during(r) and route(r) == DATA)
    others = [route(r) for r in log if during(r) and route(r) not in (DATA, *FIGURES_FETCH)]
    # A fetch under way as the watch began or ended counts whole.
    fetches = [fetch for fetch in figures_fetches(log) if any(map(during, fetch))]
    gaps = [b - a for a, b in itertools.pairwise(data_times)]
    fetch_gaps = [b[0]["started"] - a[0]["started"] for a, b in itertools.pairwise(fetches)]
    intervals = (finished - started) / stack.poll_interval

    assert others == [], "connects and reconnects made no token or subscription request"
    assert intervals - 2 <= len(data_times) <= intervals + 2
    assert min(gaps) > 0.5 * stack.poll_interval, f"two data requests within one interval: {gaps}"
    assert [[route(r) for r in fetch] for fetch in fetches] == [FIGURES_FETCH] * len(fetches)
    # Fetches are throttled by the time their poll began, a moment before each request.
    assert all(gap > FETCH_EVERY - 0.5 * stack.poll_interval for gap in fetch_gaps), (
        f"campaign figures fetched twice within {FETCH_EVERY} s: {fetch_gaps}"
    )


def route(request: Logged) -> tuple[str, str]:
    """Return a logged request's method and path, a trailing id written `:id`."""
    return request["method"], GUID.sub("/:id", request["path"])


def figures_fetches(log: list[Logged]) -> list[list[Logged]]:
    """Return the campaign-figure requests of `log` split into fetches, each starting
    at its "Get Campaigns" (a read with none before it starts one of its own)."""
    fetches: list[list[Logged]] = []
    for request in log:
        if route(request) not in FIGURES_FETCH:
            continue
        if route(request) == FIGURES_FETCH[0] or not fetches:
            fetches.append([])
        fetches[-1].append(request)
    return fetches
