"""Sockets that die badly leave nothing behind: the connected-clients metric counts
exactly the sockets still open, and the log gets no traceback for any of them."""

from __future__ import annotations

import asyncio
import contextlib
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor

import pytest

from tests.conftest import Stack
from tests.e2e.clients import Rogue, open_screens, until
from tests.e2e.clients import connected_clients as clients_counted

pytestmark = pytest.mark.e2e

GOOD = 20
EACH = 125  # bad sockets of each kind: 500 in all


def connected_clients(stack: Stack) -> int | None:
    pid = stack.processes["web"].popen.pid
    return clients_counted(stack.web_url, pid, stack.env["WALLBOARD_METRICS_TOKEN"])


def reset_mid_handshake(rogue: Rogue) -> None:
    rogue.send_handshake()
    rogue.reset()


def bad_json(rogue: Rogue) -> None:
    rogue.handshake()
    rogue.send_text("{this is not json")
    rogue.send_text('["a list", "not an object"]')
    rogue.drop()


def binary_frames(rogue: Rogue) -> None:
    rogue.handshake()
    rogue.send_binary(b"\x00\x01binary")
    rogue.drop()


def abrupt_close(rogue: Rogue) -> None:
    rogue.handshake()
    rogue.reset()


BAD_WAYS: list[Callable[[Rogue], None]] = [
    reset_mid_handshake,
    bad_json,
    binary_frames,
    abrupt_close,
]


def die_badly(stack: Stack, cookie: str, way: Callable[[Rogue], None]) -> None:
    # The server may be quicker to drop a rogue than the rogue itself.
    with contextlib.suppress(TimeoutError, ConnectionError):
        way(Rogue(stack.web_url, "/ws/boards/demo/", cookie=cookie))


async def test_sockets_that_die_badly_leave_no_ghosts_and_no_tracebacks(stack: Stack) -> None:
    cookie = stack.cookie_header()
    web_log = stack.processes["web"].log_path
    log_start = web_log.stat().st_size
    screens = await open_screens(stack.web_url, "/ws/boards/demo/", GOOD, cookie=cookie)
    try:
        await asyncio.to_thread(wait_for_clients, stack, GOOD)
        with ThreadPoolExecutor(max_workers=50) as pool:
            jobs = [
                pool.submit(die_badly, stack, cookie, way) for way in BAD_WAYS for _ in range(EACH)
            ]
            for job in jobs:
                job.result()
        await asyncio.to_thread(wait_for_clients, stack, GOOD)
        # A few broadcasts over the graves, every one reaching the good screens.
        marks = {s: len(s.got.deltas) for s in screens}
        await until(lambda: all(len(s.got.deltas) >= n + 3 for s, n in marks.items()), 30)
        still = await asyncio.to_thread(connected_clients, stack)
    finally:
        for screen in screens:
            screen.close()

    assert still == GOOD, f"{still} clients counted, {GOOD} open"
    with web_log.open("rb") as log:
        log.seek(log_start)
        written = log.read().decode(errors="replace")
    assert "Traceback" not in written, written[-3000:]


def wait_for_clients(stack: Stack, count: int, timeout: float = 20) -> None:
    """Wait until the web process reports exactly `count` open sockets."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if connected_clients(stack) == count:
            return
        time.sleep(0.2)
    raise TimeoutError(f"the web process counts {connected_clients(stack)} clients, not {count}")
