"""A heartbeat to thousands of sockets does not hold back a delta that arrives meanwhile
(stats/hub.py, HEARTBEAT_TURN): it is handed out in turns, and the delta goes out between
two of them."""

from __future__ import annotations

import asyncio

from stats.hub import HEARTBEAT_TURN, Hub


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
