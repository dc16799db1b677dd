"""Heartbeats (stats/hub.py): to thousands of sockets one does not hold back a delta
that arrives meanwhile (HEARTBEAT_TURN): it is handed out in turns, and the delta goes
out between two of them; and what one vouches for is read in an order that a poll
landing meanwhile cannot make untrue."""

from __future__ import annotations

import asyncio
import threading

import pytest

from stats import store
from stats.hub import HEARTBEAT_TURN, Hub

TENANT, BOARD = 1, 1


class Socket:
    """A member of the hub that keeps what it is given, in order."""

    viewer = None

    def __init__(self, log: list[str]) -> None:
        self.log = log
        self.got: list[str] = []

    def deliver(self, text: str) -> None:
        self.got.append(text)
        self.log.append(text)

    def revoke(self) -> None:
        pass

    def shut(self, code: int) -> None:
        pass


async def test_a_delta_goes_out_between_two_turns_of_a_heartbeat() -> None:
    hub = Hub()
    log: list[str] = []
    sockets = [Socket(log) for _ in range(5 * HEARTBEAT_TURN)]
    hub.members["board-1"] = set(sockets)
    heartbeats_before_delta: list[int] = []

    async def delta_arrives() -> None:
        heartbeats_before_delta.append(log.count("heartbeat"))
        hub.hand_out("board-1", "delta")

    beat = asyncio.create_task(hub.hand_out_in_turns("board-1", "heartbeat"))
    arrival = asyncio.create_task(delta_arrives())
    await asyncio.gather(beat, arrival)

    assert heartbeats_before_delta == [HEARTBEAT_TURN]  # not all 1,000 first
    assert all(sorted(s.got) == ["delta", "heartbeat"] for s in sockets)


@pytest.mark.usefixtures("use_redis")
async def test_a_heartbeat_never_vouches_for_a_snapshot_a_later_poll_replaced() -> None:
    """Polls land while heartbeats read Redis: every reading's last good poll is one
    its board's snapshot was current at (stats/store.py `load_healths_then_heads`)."""
    polls = 400
    done = threading.Event()

    def poll_on() -> None:  # as stats/poller.py: the snapshot first, then the record
        state = store.TenantState(store.client(), TENANT)
        for k in range(1, polls + 1):
            store.save_snapshot(state.r, BOARD, "{}", "e", k)
            state.record("ok", at=float(k))
        done.set()

    poller = threading.Thread(target=poll_on)
    poller.start()
    readings = []
    while not done.is_set():
        healths, heads = await store.load_healths_then_heads([TENANT], [BOARD])
        if healths[TENANT] and BOARD in heads:
            readings.append((float(healths[TENANT]["last_ok"]), heads[BOARD][1]))
    poller.join()

    assert len(readings) > 20, "the readings overlapped the polls"
    # The poll at last_ok wrote snapshot seq last_ok: a heartbeat saying that poll holds
    # an older seq would date old numbers as new.
    assert [r for r in readings if r[1] < r[0]] == []
