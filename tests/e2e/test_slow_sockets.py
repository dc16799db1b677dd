"""A socket that stops reading costs only itself: the other screens of its board get
every delta as fast as before, and the web process's memory stays bounded."""

from __future__ import annotations

import asyncio

import psutil
import pytest
import redis

from tests.conftest import Stack
from tests.e2e.clients import Delta, Rogue, Screen, open_screens, percentile

pytestmark = pytest.mark.e2e

SCREENS = 200
WINDOW = 15.0  # seconds of deltas measured, with and without the rogue client
# What the web process may grow by while one client floods it and never reads: its
# outbox and transport buffer are bounded (stats/outbox.py), a few hundred KB.
MEMORY_BOUND = 30 * 1024 * 1024
# What two windows of 15 s on a busy 2-core machine differ by without any flood (a p99
# of 36 ms calm and 82 ms flooded were seen in one run): a socket that stalled its board
# would delay the others by seconds, not by tens of milliseconds.
NOISE = 0.1


def board_head(stack: Stack, board_id: int) -> tuple[str, int]:
    """Return the (epoch, seq) of the board's latest snapshot, as the poller stored it."""
    r = redis.Redis.from_url(stack.env["WALLBOARD_REDIS_URL"], decode_responses=True)
    head = r.get(f"wb:board:{board_id}:head")
    assert head, "the board has no snapshot yet"
    epoch, seq = str(head).split()
    return epoch, int(seq)


async def measure(
    stack: Stack, board_id: int, screens: list[Screen], seconds: float
) -> tuple[list[list[Delta]], set[tuple[str, int]]]:
    """Return, per screen, the deltas that came within the next `seconds`, and the
    deltas the poller published meanwhile (but for the last, which may be on its way)."""
    marks = [len(s.got.deltas) for s in screens]
    epoch, first = board_head(stack, board_id)
    await asyncio.sleep(seconds)  # the measurement window itself
    end_epoch, last = board_head(stack, board_id)
    assert end_epoch == epoch, "the board's epoch changed during the window"
    published = {(epoch, seq) for seq in range(first + 1, last)}
    return [s.got.deltas[mark:] for s, mark in zip(screens, marks, strict=True)], published


def missed(window: list[list[Delta]], published: set[tuple[str, int]]) -> int:
    """Return how many (screen, published delta) pairs never reached the screen."""
    assert published, "nothing was published in the window"
    return sum(len(published - {(d.epoch, d.seq) for d in deltas}) for deltas in window)


def latencies(window: list[list[Delta]]) -> list[float]:
    return [delta.latency for deltas in window for delta in deltas]


async def test_a_socket_that_floods_and_never_reads_delays_no_other(stack: Stack) -> None:
    web = psutil.Process(stack.processes["web"].popen.pid)
    board_id = stack.board_id("demo")
    kiosk = stack.kiosk_path("Rogue screen", board="demo").replace("/kiosk/", "/ws/kiosk/")
    cookie = stack.cookie_header()
    screens = await open_screens(stack.web_url, "/ws/boards/demo/", SCREENS, cookie=cookie)
    try:
        calm, calm_published = await measure(stack, board_id, screens, WINDOW)
        memory_before = web.memory_info().rss
        rogue = Rogue(stack.web_url, kiosk, rcvbuf=4096)
        rogue.handshake()
        flooding = asyncio.create_task(
            asyncio.to_thread(rogue.flood_for, '{"type": "resync"}', WINDOW)
        )
        flooded, flooded_published = await measure(stack, board_id, screens, WINDOW)
        sent = await flooding
        memory_growth = web.memory_info().rss - memory_before
        rogue.reset()
    finally:
        for screen in screens:
            screen.close()

    assert sent > 1000, "the rogue client sent its flood"
    assert missed(calm, calm_published) == 0
    assert missed(flooded, flooded_published) == 0
    calm_p99, flooded_p99 = percentile(latencies(calm), 0.99), percentile(latencies(flooded), 0.99)
    assert flooded_p99 <= 2 * calm_p99 + NOISE, (
        f"p99 {flooded_p99:.3f} s flooded, {calm_p99:.3f} s calm"
    )
    assert memory_growth < MEMORY_BOUND, f"the web process grew by {memory_growth} bytes"
