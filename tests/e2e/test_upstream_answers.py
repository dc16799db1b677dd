"""End to end: answers the documents do not describe (a body dripping for a minute, HTML,
invalid JSON, wrong types, 50 MB, a 2 MB error message) never hold a poll past its
deadline, never let two polls overlap, never blank a screen, and never put more than
300 characters of the upstream's words in /healthz or a heartbeat.

One screen watches the demo board while the faults follow one another with no good poll
between them, so its data goes stale once (twice the interval plus 5 s), not once per
fault; then the faults are cleared, and the same screen is fresh again.
"""

from __future__ import annotations

import asyncio
import itertools
import json
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import pytest
import websockets

from stats.health import FAILURES, stale_after
from tests.conftest import STACK_UPSTREAM_TIMEOUT, Stack
from tests.e2e.test_upstream_faults import DATA, demo_health, healthy, screen

pytestmark = pytest.mark.e2e
__all__ = ["healthy", "screen"]  # fixtures shared with test_upstream_faults

MOST_HEARTBEAT_BYTES = 2048
MOST_ERROR_CHARS = 300


@dataclass(frozen=True)
class Case:
    """A fault of the data request, the state it leaves the tenant in, and a part of
    the reason /healthz and the heartbeats give."""

    name: str
    fault: dict[str, Any]
    state: str
    says: str


CASES = [
    Case("a body dripping for 60 s", {"drip": 60}, "upstream_down", "out of time"),
    Case("HTML", {"body": "<html><body>Maintenance</body></html>"}, "bad_response", "HTML"),
    Case("invalid JSON", {"body": '{"wallboard": {"stats_totals": '}, "bad_response", "not JSON"),
    Case(
        "wrong types",
        {"body": json.dumps({"wallboard": {"stats_totals": {"agents_ready": 3}}})},
        "bad_response",
        "agents_ready is a number, not text",
    ),
    Case("a 50 MB body", {"size": 50_000_000}, "bad_response", "over the limit"),
    Case("a 2 MB message", {"status": 503, "message": "m" * 2_000_000}, "upstream_down", "503: m"),
]

Test = Callable[[dict[str, Any]], bool]


class Watched:
    """A board socket whose every message is checked as it is read: heartbeats stay
    under 2 KB, and while `faulted`, once a heartbeat has reported a failure, no
    snapshot newer than the one it announced (`kept`) is announced or delivered."""

    def __init__(self, ws: websockets.ClientConnection) -> None:
        self.ws = ws
        self.faulted = True
        self.kept: int | None = None

    async def heartbeat_where(self, test: Test, timeout: float) -> dict[str, Any]:
        """Return the first heartbeat whose freshness passes `test`."""
        async with asyncio.timeout(timeout):
            while True:
                message = await self.next()
                if message["type"] == "heartbeat" and test(message["data"]):
                    return message

    async def next(self) -> dict[str, Any]:
        text = await self.ws.recv()
        message: dict[str, Any] = json.loads(text)
        if message["type"] == "heartbeat":
            assert len(text.encode()) < MOST_HEARTBEAT_BYTES, f"a heartbeat of {len(text)} B"
            if self.faulted and self.kept is None and message["data"]["state"] in FAILURES:
                self.kept = message["seq"]
        if self.faulted and self.kept is not None and "seq" in message:
            assert message["seq"] <= self.kept, f"a new snapshot during the fault: {message}"
        return message

    async def snapshot(self) -> dict[str, Any]:
        """Ask for the board's snapshot again, as a screen that saw a gap does."""
        await self.ws.send(json.dumps({"type": "resync"}))
        while True:
            message = await asyncio.wait_for(self.next(), 10)
            if message["type"] == "snapshot":
                return message


def stale_with(case: Case) -> Test:
    return lambda d: d["stale"] and d["state"] == case.state and case.says in d["last_error"]


def requests_since(stack: Stack, since: float) -> list[dict[str, Any]]:
    log: list[dict[str, Any]] = stack.sim(f"/_sim/requests?since={since}")["requests"]
    return log


async def finished_polls(stack: Stack, since: float, count: int) -> list[dict[str, Any]]:
    """Return the first `count` data requests started after `since`, once they ended."""
    async with asyncio.timeout(30):
        while True:
            polls = [r for r in requests_since(stack, since) if r["path"] == DATA]
            if len(polls) >= count and all("finished" in r for r in polls[:count]):
                return polls[:count]
            await asyncio.sleep(0.2)  # the simulator's log has no way to wait on it


def switch_fault(stack: Stack, case: Case, previous: int | None) -> int:
    """Put `case`'s fault in force, then remove `previous`: no request falls between."""
    fault_id: int = stack.sim("/_sim/faults", {"path": DATA, **case.fault})["id"]
    if previous is not None:
        stack.sim(f"/_sim/faults/{previous}", method="DELETE")
    return fault_id


async def test_bad_answers_keep_the_last_numbers_stale_and_polls_within_their_deadline(
    healthy: Stack, screen: websockets.ClientConnection
) -> None:
    watched = Watched(screen)
    began = time.time()
    fault_id = None

    for case in CASES:
        fault_id = switch_fault(healthy, case, fault_id)
        switched = time.time()

        limit = stale_after(healthy.poll_interval) + 10
        await watched.heartbeat_where(stale_with(case), timeout=limit)
        for poll in await finished_polls(healthy, switched, count=2):
            took = poll["finished"] - poll["started"]
            assert took <= STACK_UPSTREAM_TIMEOUT + 1, f"{case.name}: a poll took {took:.1f} s"
        health = demo_health(healthy)
        assert health["state"] == case.state, case.name
        assert len(health["last_error"]) <= MOST_ERROR_CHARS, case.name

    kept = await watched.snapshot()
    assert kept["seq"] == watched.kept, "the last good numbers are still the board's"
    assert any(isinstance(value, int) for value in kept["data"]["totals"].values())

    watched.faulted = False
    healthy.sim("/_sim/faults", method="DELETE")
    fresh = await watched.heartbeat_where(lambda d: d["state"] == "ok" and not d["stale"], 15)
    assert fresh["seq"] > kept["seq"], "new numbers after the faults"
    assert_no_overlap(requests_since(healthy, began))


def assert_no_overlap(requests: list[dict[str, Any]]) -> None:
    """Assert that each request of the tenant ended before the next one started: the
    polls, which send them one after another, never overlapped."""
    spans = sorted((r["started"], r.get("finished", float("inf"))) for r in requests)
    for (_, finished), (started, _) in itertools.pairwise(spans):
        assert finished <= started, "two polls of the tenant overlapped"
