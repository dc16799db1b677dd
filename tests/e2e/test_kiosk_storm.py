"""A thousand kiosks on one web process, heartbeats every half second, each answered
with a report: no error, no ghost, and every kiosk on the screens page's registry."""

from __future__ import annotations

import asyncio
import resource
import time
from collections.abc import Iterator

import pytest
import redis

from tests.conftest import Stack, stack_commands
from tests.e2e.clients import connected_clients, open_screens, screen_id
from tests.support import Process, free_port, http_ok, wait_until

pytestmark = pytest.mark.e2e

KIOSKS = 1000
SECONDS = 60.0
HEARTBEAT = 0.5


@pytest.fixture
def storm_web(stack: Stack) -> Iterator[tuple[str, Process]]:
    """A web process of the stack of its own, with heartbeats every half second."""
    port = free_port()
    env = {**stack.env, "WALLBOARD_HEARTBEAT_SECONDS": str(HEARTBEAT)}
    process = Process("web-storm", stack_commands(port)["web"], stack.logs, env)
    url = f"http://127.0.0.1:{port}"
    wait_until(http_ok(f"{url}/healthz"), timeout=30, what="the web process", processes=[process])
    yield url, process
    process.stop()


def allow_many_sockets() -> None:
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    if soft < 4 * KIOSKS:
        resource.setrlimit(resource.RLIMIT_NOFILE, (min(hard, 8 * KIOSKS), hard))


async def test_a_thousand_kiosks_heartbeat_and_report_without_errors(
    stack: Stack, storm_web: tuple[str, Process]
) -> None:
    url, web = storm_web
    token = stack.env["WALLBOARD_METRICS_TOKEN"]
    allow_many_sockets()
    path = stack.kiosk_path("Storm", board="demo").replace("/kiosk/", "/ws/kiosk/")
    r = redis.Redis.from_url(stack.env["WALLBOARD_REDIS_URL"], decode_responses=True)
    kiosks = await open_screens(url, path, KIOSKS, report=True)
    try:
        started = time.time()
        await asyncio.sleep(SECONDS)  # the storm itself: heartbeats and reports, for a minute
        counted = await asyncio.to_thread(connected_clients, url, web.popen.pid, token)
        heard = [len(k.got.heartbeats) for k in kiosks]
        last_seen = await asyncio.to_thread(screens_last_seen, r)
    finally:
        for kiosk in kiosks:
            kiosk.close()

    assert counted == KIOSKS
    expected = SECONDS / HEARTBEAT
    assert min(heard) >= 0.8 * expected, f"a kiosk heard {min(heard)} heartbeats of {expected}"
    assert len(last_seen) == KIOSKS, "every kiosk's report is in the registry"
    assert min(last_seen) > started + SECONDS - 5, "and recent"
    await asyncio.to_thread(
        wait_until,
        lambda: connected_clients(url, web.popen.pid, token) == 0,
        timeout=20,
        what="the kiosks to be forgotten",
    )
    errors = [line for line in web.log_path.read_text().splitlines() if " ERROR " in line]
    assert errors == [] and "Traceback" not in web.log_path.read_text()


def screens_last_seen(r: redis.Redis) -> list[float]:
    """Return the last report time of every storm kiosk in the screens registry."""
    pipe = r.pipeline()
    for n in range(KIOSKS):
        pipe.hget(f"wb:screen:{screen_id(n)}", "last_seen")
    return [float(value) for value in pipe.execute() if value]
