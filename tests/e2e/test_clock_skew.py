"""Workers whose clocks are 30 s ahead of the others', or behind, neither hide nor invent
staleness: screens and /healthz are fresh while polls succeed, and stale within twice
the interval plus 5 s after the upstream stops answering. Every time that crosses
machines is Redis' `TIME` (wallboard/clock.py).

The clock is shifted in the workers' processes (libfaketime), not on the machine; the
web process and the beats keep the true time.
"""

from __future__ import annotations

import asyncio
import json
import os
import subprocess
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
import websockets

from stats.health import stale_after
from tests.conftest import Stack, start_stack, stop_all
from tests.e2e.test_live_stream import open_board
from tests.e2e.test_upstream_faults import DATA, demo_health
from tests.support import PYTHON, Process

pytestmark = pytest.mark.e2e

LIBFAKETIME = Path("/usr/lib/x86_64-linux-gnu/faketime/libfaketime.so.1")
SLEEP_THAT_WORKS = Path(__file__).with_name("faketime")  # its sitecustomize.py says why
WORKERS = ("worker", "worker-standby")
SKEW = 30.0
FRESH_FOR = 4.0  # seconds of good polls during which all must look fresh
# How much later than the limit "stale" may be seen: the last good poll is recorded a
# moment after the upstream answered, and the test looks four times a second.
SLACK = 1.0
# The metrics a failure shows: polls dropped or skipped, slots missed, poll durations.
COUNTS = ("wallboard_polls_skipped", "wallboard_slots_missed", "wallboard_poll_seconds_count")


@pytest.fixture(scope="module")
def deployment(
    tmp_path_factory: pytest.TempPathFactory, base_env: dict[str, str]
) -> Iterator[Stack]:
    """Every process of `make run`, for this module alone: its workers are replaced."""
    processes: dict[str, Process] = {}
    try:
        yield start_stack(tmp_path_factory.mktemp("skew"), base_env, processes)
    finally:
        stop_all(processes)


def skewed(env: dict[str, str], seconds: float) -> dict[str, str]:
    """Return `env` for a process whose wall clock is `seconds` off, and only that."""
    assert LIBFAKETIME.exists(), f"{LIBFAKETIME} is missing: `make setup` installs faketime"
    path = [str(SLEEP_THAT_WORKS), *filter(None, [env.get("PYTHONPATH")])]
    return {
        **env,
        "LD_PRELOAD": str(LIBFAKETIME),
        "FAKETIME": f"{seconds:+.0f}s",
        "DONT_FAKE_MONOTONIC": "1",
        "PYTHONPATH": os.pathsep.join(path),
    }


def clock_offset(env: dict[str, str]) -> float:
    """Return how far off ours the time is in a Python process started with `env`."""
    code = "import time; time.sleep(0.01); print(time.time())"
    before = time.time()
    done = subprocess.run([PYTHON, "-c", code], env=env, capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    return float(done.stdout) - (before + time.time()) / 2


def run_workers(stack: Stack, env: dict[str, str], tag: str) -> None:
    """Replace the stack's workers with ones started with `env`."""
    for name in WORKERS:
        stack.processes[name].stop()
    for name in WORKERS:
        stack.processes[name] = Process(f"{name}{tag}", stack.commands[name], stack.logs, env)


@dataclass
class Page:
    """A board page's data, and whether it shows it live or stale, as static/js/stream.js
    decides: the data is as old as the latest upstream time it holds, or the heartbeat's
    last good poll when that is about the data it holds; ages on the server's clock."""

    ws: websockets.ClientConnection
    epoch: str | None = None
    seq: int = 0
    last_ok: float | None = None
    offset: float = 0.0  # this machine's clock less the server's, at the last heartbeat
    interval: float = 1.0
    deltas: int = 0

    async def follow(self) -> None:
        """Take the socket's messages, asking for the snapshot after a gap."""
        async for text in self.ws:
            if self.take(json.loads(text), time.time()):
                await self.ws.send(json.dumps({"type": "resync"}))

    def take(self, message: dict[str, Any], received: float) -> bool:
        """Take one message; return True if it shows a gap."""
        kind = message["type"]
        if kind == "snapshot":
            self.epoch, self.seq = message["epoch"], message["seq"]
            self.seen(message["upstream_time"])
        elif kind == "delta":
            if message["epoch"] == self.epoch and message["seq"] <= self.seq:
                return False  # in the snapshot already
            if message["epoch"] != self.epoch or message["seq"] != self.seq + 1:
                return True
            self.seq, self.deltas = message["seq"], self.deltas + 1
            self.seen(message["upstream_time"])
        elif kind == "heartbeat":
            self.offset, self.interval = received - message["server_time"], message["interval"]
            holds_latest = (message.get("epoch"), message.get("seq")) == (self.epoch, self.seq)
            if message["data"]["last_ok"] and holds_latest:
                self.seen(message["data"]["last_ok"])
        return False

    def seen(self, at: float) -> None:
        self.last_ok = max(self.last_ok or 0.0, at)

    def shows(self) -> str:
        if self.last_ok is None:
            return "nothing"
        age = time.time() - self.offset - self.last_ok
        return "stale" if age > stale_after(self.interval) else "live"


def logs(stack: Stack) -> str:
    """Return the beat's last round of polls and the last lines of the workers' and
    beats' logs: what a failure needs."""
    names = [*WORKERS, "beat", "beat-standby"]
    tails = [stack.processes[name].log_tail(15) for name in names if name in stack.processes]
    counts = [line for line in stack.metrics().splitlines() if line.startswith(COUNTS)]
    return "\n".join([f"polling: {stack.health().get('polling')}", *counts, *tails])


async def until(condition: Callable[[], bool], timeout: float, what: str) -> None:
    try:
        async with asyncio.timeout(timeout):
            while not condition():
                await asyncio.sleep(0.1)
    except TimeoutError:
        raise AssertionError(f"no {what} within {timeout} s") from None


async def everything_fresh_while_polls_succeed(stack: Stack, page: Page) -> None:
    # Past the workers' first seconds: a worker just started under libfaketime has been
    # seen to take no task for 3 to 4 s after its first, and its polls then miss their
    # slots (stats/scheduler.py), which is staleness that is true.
    await until(lambda: page.deltas >= 5, 30, what="changes polled by the skewed workers")
    end = time.monotonic() + FRESH_FOR
    while time.monotonic() < end:
        health = await asyncio.to_thread(demo_health, stack)
        assert (health["state"], health["stale"]) == ("ok", False), f"{health}\n{logs(stack)}"
        age = health["data_age_seconds"]
        assert 0 <= age < stale_after(stack.poll_interval), f"{health}\n{logs(stack)}"
        assert page.shows() == "live", page
        await asyncio.sleep(0.25)


async def stale_in_time_once_the_upstream_stops(stack: Stack, page: Page) -> None:
    stack.sim("/_sim/faults", {"path": DATA, "status": 503})
    limit = time.time() + stale_after(stack.poll_interval) + SLACK
    health_stale = page_stale = None
    while (health_stale is None or page_stale is None) and time.time() < limit + 5:
        stale = (await asyncio.to_thread(demo_health, stack))["stale"]
        health_stale = health_stale or (time.time() if stale else None)
        page_stale = page_stale or (time.time() if page.shows() == "stale" else None)
        await asyncio.sleep(0.25)

    assert health_stale is not None and health_stale <= limit, "/healthz says stale in time"
    assert page_stale is not None and page_stale <= limit, "the screen says stale in time"


@pytest.mark.parametrize("seconds", [SKEW, -SKEW], ids=["ahead", "behind"])
async def test_skewed_workers_neither_hide_nor_invent_staleness(
    deployment: Stack, seconds: float
) -> None:
    env = skewed(deployment.env, seconds)
    assert abs(clock_offset(env) - seconds) < 3, "libfaketime shifts Python's clock"
    run_workers(deployment, env, f"{seconds:+.0f}s")

    async with await open_board(deployment) as ws:
        page = Page(ws)
        follower = asyncio.create_task(page.follow())
        try:
            await everything_fresh_while_polls_succeed(deployment, page)
            await stale_in_time_once_the_upstream_stops(deployment, page)
        finally:
            follower.cancel()
            deployment.sim("/_sim/faults", method="DELETE")
