"""Failover: `kill -9` of the active beat or of a worker; polling resumes within 10 s,
and the simulator's request log never shows two polls of the tenant at once."""

from __future__ import annotations

import itertools
import signal
import time
from collections.abc import Iterator
from typing import Any

import pytest
import redis

from stats.scheduler import LEADER_KEY
from tests.conftest import Stack
from tests.support import wait_until

pytestmark = pytest.mark.e2e

DATA = "/statsapi/subscription/data"
RESUME_WITHIN = 10.0


@pytest.fixture
def leader(stack: Stack) -> Iterator[redis.Redis]:
    r = redis.Redis.from_url(stack.env["WALLBOARD_REDIS_URL"], decode_responses=True)
    wait_until(lambda: r.get(LEADER_KEY), timeout=10, what="an active beat")
    yield r
    r.close()


def data_polls(stack: Stack, since: float) -> list[dict[str, Any]]:
    log = stack.sim(f"/_sim/requests?since={since}")["requests"]
    return [r for r in log if r["path"] == DATA and "finished" in r]


def first_poll_after(stack: Stack, moment: float) -> float:
    started: float = wait_until(
        lambda: next((r["started"] for r in data_polls(stack, moment)), None),
        timeout=30,
        what="a poll after the kill",
    )  # type: ignore[assignment]
    return started


def assert_no_overlap(polls: list[dict[str, Any]]) -> None:
    ordered = sorted(polls, key=lambda r: r["started"])
    for earlier, later in itertools.pairwise(ordered):
        assert later["started"] >= earlier["finished"], f"overlapping polls {earlier} {later}"


def active_beat(stack: Stack, r: redis.Redis) -> str:
    """Return the name of the stack process that holds the beat lease."""
    holder = str(r.get(LEADER_KEY))
    pid = int(holder.split(":")[1])
    return next(name for name, p in stack.processes.items() if p.popen.pid == pid)


def test_killing_the_active_beat_resumes_polling_within_10_s(
    stack: Stack, leader: redis.Redis
) -> None:
    started = time.time()
    name = active_beat(stack, leader)
    wait_until(lambda: data_polls(stack, started), timeout=10, what="polling before the kill")

    stack.processes[name].stop(signal.SIGKILL)
    killed = time.time()
    resumed = first_poll_after(stack, killed)
    taken_over_by = active_beat(stack, leader)
    stack.start(name)  # back to two beats, the new one standing by
    wait_until(lambda: len(data_polls(stack, resumed)) >= 3, timeout=10, what="steady polls")

    assert resumed - killed < RESUME_WITHIN
    assert taken_over_by != name, "the standby beat took over"
    assert_no_overlap(data_polls(stack, started))


def test_killing_a_worker_mid_run_resumes_polling_within_10_s(
    stack: Stack, leader: redis.Redis
) -> None:
    started = time.time()
    wait_until(lambda: data_polls(stack, started), timeout=10, what="polling before the kill")

    stack.processes["worker"].stop(signal.SIGKILL)
    killed = time.time()
    resumed = first_poll_after(stack, killed)
    stack.start("worker")
    wait_until(lambda: len(data_polls(stack, resumed)) >= 3, timeout=10, what="steady polls")

    assert resumed - killed < RESUME_WITHIN
    assert_no_overlap(data_polls(stack, started))


def test_the_health_endpoint_names_the_active_beat(stack: Stack, leader: redis.Redis) -> None:
    health = stack.health()

    assert health["scheduler"] == leader.get(LEADER_KEY)
