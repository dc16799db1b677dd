"""The pipeline against the simulator's fault injection, path by path.

Screens keep the last numbers, marked stale once the data is older than twice the poll
interval plus 5 s, then recover by themselves, with no reconnect and no reload.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import AsyncIterator, Iterator
from typing import Any

import pytest
import websockets

from stats.health import stale_after
from tests.conftest import STACK_UPSTREAM_TIMEOUT, Stack
from tests.e2e.test_live_stream import open_board, receive
from tests.support import wait_until

pytestmark = pytest.mark.e2e

DATA = "/statsapi/subscription/data"


@pytest.fixture
def healthy(stack: Stack) -> Iterator[Stack]:
    """The stack with no faults, before and after the test, and polling ok."""
    stack.sim("/_sim/faults", method="DELETE")
    stack.sim("/_sim/config", {"subscription_limit": 5, "token_ttl": 3600})
    wait_for_state(stack, "ok", timeout=30)
    yield stack
    stack.sim("/_sim/faults", method="DELETE")
    stack.sim("/_sim/config", {"subscription_limit": 5, "token_ttl": 3600})


@pytest.fixture
async def screen(healthy: Stack) -> AsyncIterator[websockets.ClientConnection]:
    """A board socket that has received its snapshot."""
    async with await open_board(healthy) as ws:
        assert (await receive(ws, timeout=5))["type"] == "snapshot"
        yield ws


def demo_health(stack: Stack) -> dict[str, Any]:
    tenants: dict[str, Any] = stack.health()["tenants"]
    [health] = tenants.values()
    return health  # type: ignore[no-any-return]


def wait_for_state(stack: Stack, state: str, timeout: float) -> dict[str, Any]:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        health = demo_health(stack)
        if health["state"] == state:
            return health
        time.sleep(0.2)
    raise TimeoutError(f"the tenant never reached {state}: {demo_health(stack)}")


async def heartbeat_where(
    ws: websockets.ClientConnection, test: Any, timeout: float
) -> dict[str, Any]:
    """Return the first heartbeat whose freshness passes `test`; fail on a snapshot."""
    async with asyncio.timeout(timeout):
        while True:
            message = await receive(ws, timeout, skip=("delta",))
            assert message["type"] == "heartbeat", "no snapshot: the screen never resynced"
            if test(message["data"]):
                return message


async def marked_stale_then_recovers(
    stack: Stack, ws: websockets.ClientConnection, state: str, says: str = ""
) -> None:
    """Assert the screen's data goes stale with `state` given as the reason, then, after
    the faults are cleared, fresh again on the same socket."""
    limit = stale_after(stack.poll_interval) + 5
    stale = await heartbeat_where(ws, lambda d: d["stale"], timeout=limit)
    assert stale["data"]["state"] == state
    assert says in stale["data"]["last_error"]

    stack.sim("/_sim/faults", method="DELETE")
    stack.sim("/_sim/config", {"subscription_limit": 5})

    await heartbeat_where(ws, lambda d: not d["stale"] and d["state"] == "ok", timeout=15)
    assert (await receive(ws, timeout=10))["type"] == "delta", "numbers move again"


async def test_5xx_marks_the_data_stale_then_it_recovers(
    healthy: Stack, screen: websockets.ClientConnection
) -> None:
    healthy.sim("/_sim/faults", {"path": DATA, "status": 503, "message": "maintenance"})

    await marked_stale_then_recovers(healthy, screen, "upstream_down", says="503: maintenance")


async def test_timeouts_mark_the_data_stale_then_it_recovers(
    healthy: Stack, screen: websockets.ClientConnection
) -> None:
    healthy.sim("/_sim/faults", {"path": DATA, "latency": STACK_UPSTREAM_TIMEOUT + 1})

    await marked_stale_then_recovers(healthy, screen, "upstream_down")


async def test_dropped_connections_mark_the_data_stale_then_it_recovers(
    healthy: Stack, screen: websockets.ClientConnection
) -> None:
    healthy.sim("/_sim/faults", {"path": DATA, "drop": True})

    await marked_stale_then_recovers(healthy, screen, "upstream_down")


async def test_204_keeps_the_numbers_until_they_are_too_old(
    healthy: Stack, screen: websockets.ClientConnection
) -> None:
    healthy.sim("/_sim/faults", {"path": DATA, "status": 204})

    await marked_stale_then_recovers(healthy, screen, "waiting")


async def test_409_says_the_subscription_limit_is_reached(
    healthy: Stack, screen: websockets.ClientConnection
) -> None:
    healthy.sim("/_sim/config", {"subscription_limit": 0})
    healthy.sim("/_sim/restart-stats", {})  # our subscription is gone; no room for another

    await marked_stale_then_recovers(healthy, screen, "subscription_limit")


async def test_401_gets_a_new_token_and_the_data_never_goes_stale(
    healthy: Stack, screen: websockets.ClientConnection
) -> None:
    before = healthy.sim("/_sim/counters")["counts"].get("POST /configapi/v2/oauth/token", 0)

    revoked = time.time()
    healthy.sim("/_sim/tokens/revoke", {})

    await heartbeat_where(screen, lambda d: d["state"] == "ok", timeout=10)
    # A delta of a poll after the revocation: one in flight then may publish after it.
    while (await receive(screen, timeout=10))["upstream_time"] < revoked:
        pass
    after = healthy.sim("/_sim/counters")["counts"]["POST /configapi/v2/oauth/token"]
    assert after == before + 1
    assert demo_health(healthy)["stale"] is False


async def test_tokens_are_renewed_before_they_expire(
    healthy: Stack, screen: websockets.ClientConnection
) -> None:
    healthy.sim("/_sim/config", {"token_ttl": 4})
    healthy.sim("/_sim/tokens/expire", {})  # the current one ran out mid-run
    started = time.time()

    def requests() -> list[dict[str, Any]]:
        log: list[dict[str, Any]] = healthy.sim(f"/_sim/requests?since={started}")["requests"]
        return log

    def tokens() -> list[dict[str, Any]]:
        return [r for r in requests() if r["path"] == "/configapi/v2/oauth/token"]

    wait_until(lambda: len(tokens()) >= 4, timeout=30, what="four tokens of 4 s")

    refused = [r for r in requests() if r["path"] == DATA and r.get("status") == 401]
    assert len(refused) <= 1, "only the poll that met the expired token was refused"
    assert demo_health(healthy)["stale"] is False


async def test_a_lost_subscription_is_recreated_within_the_poll(
    healthy: Stack, screen: websockets.ClientConnection
) -> None:
    creates = "POST /statsapi/subscription"
    before = healthy.sim("/_sim/counters")["counts"].get(creates, 0)

    healthy.sim("/_sim/restart-stats", {})  # the statistics server restarted: 404

    await receive(screen, timeout=10)
    assert healthy.sim("/_sim/counters")["counts"][creates] == before + 1
    assert demo_health(healthy)["stale"] is False
