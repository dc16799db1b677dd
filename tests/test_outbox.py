"""A socket's outbox: sends without waiting when it can, queues in order behind a send
that waits, closes a socket that falls too far behind, and stops on failure."""

from __future__ import annotations

import asyncio
import logging
from typing import Any

import pytest

from stats.outbox import CLOSE_TOO_SLOW, MAX_QUEUED, Outbox, start_eagerly


class Peer:
    """The ASGI send of a socket whose peer reads, or stops reading, at will (as
    uvicorn's: a send waits while the transport's buffer is over its high-water mark)."""

    def __init__(self) -> None:
        self.reading = asyncio.Event()
        self.reading.set()
        self.received: list[dict[str, Any]] = []
        self.gone = False

    async def send(self, message: dict[str, Any]) -> None:
        await self.reading.wait()
        if self.gone:
            raise OSError("the client disconnected")
        self.received.append(message)

    def texts(self) -> list[str]:
        return [m["text"] for m in self.received if m["type"] == "websocket.send"]


async def settle() -> None:
    for _ in range(5):
        await asyncio.sleep(0)


async def test_a_send_that_needs_no_wait_is_done_at_once_without_a_task() -> None:
    peer = Peer()
    outbox = Outbox(peer.send, "test")

    outbox.put("one")

    assert peer.texts() == ["one"] and outbox.sending is None


async def test_behind_a_waiting_send_messages_queue_and_go_in_order() -> None:
    peer = Peer()
    outbox = Outbox(peer.send, "test")
    peer.reading.clear()

    for text in ("one", "two", "three"):
        outbox.put(text)
    assert peer.texts() == [] and outbox.behind == 2

    peer.reading.set()
    await settle()
    assert peer.texts() == ["one", "two", "three"] and outbox.sending is None


async def test_a_socket_too_far_behind_gets_nothing_more_then_is_closed() -> None:
    peer = Peer()
    outbox = Outbox(peer.send, "test")
    peer.reading.clear()

    for n in range(MAX_QUEUED + 10):
        outbox.put(f"message {n}")
    assert outbox.closed and outbox.behind == 1, "only the close waits behind the send"

    peer.reading.set()
    await settle()
    assert peer.texts() == ["message 0"]
    assert peer.received[-1] == {"type": "websocket.close", "code": CLOSE_TOO_SLOW}


async def test_a_large_backlog_counts_by_bytes_too() -> None:
    peer = Peer()
    outbox = Outbox(peer.send, "test")
    peer.reading.clear()

    outbox.put("first")
    for _ in range(4):
        outbox.put("x" * 100_000)

    assert outbox.closed


async def test_a_failed_send_is_logged_once_and_nothing_more_is_sent(
    caplog: pytest.LogCaptureFixture,
) -> None:
    peer = Peer()
    outbox = Outbox(peer.send, "test")
    peer.reading.clear()
    outbox.put("one")
    outbox.put("two")
    peer.gone = True

    with caplog.at_level(logging.INFO, logger="stats.outbox"):
        peer.reading.set()
        await settle()
        for n in range(10):
            outbox.put(f"after {n}")
        await settle()

    assert outbox.closed and peer.received == []
    assert len([r for r in caplog.records if "send failed" in r.message]) == 1


async def test_stopping_cancels_a_send_still_waiting() -> None:
    peer = Peer()
    outbox = Outbox(peer.send, "test")
    peer.reading.clear()
    outbox.put("one")
    sending = outbox.sending
    assert sending is not None

    outbox.stop()
    await settle()

    assert sending.cancelled() and outbox.closed


async def test_start_eagerly_finishes_in_a_task_what_waits_and_returns_its_result() -> None:
    gate = asyncio.Event()
    done: list[str] = []

    async def work() -> None:
        done.append("started")
        await gate.wait()
        await asyncio.sleep(0)
        done.append("finished")

    task = start_eagerly(work())
    assert task is not None and done == ["started"]

    gate.set()
    await task
    assert done == ["started", "finished"]


async def test_start_eagerly_raises_what_fails_before_waiting_and_in_the_task_after() -> None:
    gate = asyncio.Event()

    async def fails_at_once() -> None:
        raise ValueError("at once")

    async def fails_later() -> None:
        await gate.wait()
        raise ValueError("later")

    with pytest.raises(ValueError, match="at once"):
        start_eagerly(fails_at_once())
    task = start_eagerly(fails_later())
    assert task is not None
    gate.set()
    with pytest.raises(ValueError, match="later"):
        await task


class Server:
    """A web server's plain send (wallboard/ws_protocol.py's `send_text_now`): takes a
    text at once while the peer reads, refuses it while its buffer is full."""

    def __init__(self, peer: Peer) -> None:
        self.peer = peer
        self.taken: list[str] = []

    def send_now(self, text: str) -> bool:
        if not self.peer.reading.is_set():
            return False
        if self.peer.gone:
            raise RuntimeError("the transport is closed")
        self.taken.append(text)
        return True


async def test_a_text_the_socket_can_take_now_goes_by_the_plain_send_in_order() -> None:
    peer = Peer()
    server = Server(peer)
    outbox = Outbox(peer.send, "test", server.send_now)

    outbox.put("one")
    peer.reading.clear()
    outbox.put("two")  # refused by the plain send: waits in the ASGI send
    outbox.put("three")  # behind it, even once the peer reads again
    peer.reading.set()
    outbox.put("four")
    await settle()
    outbox.put("five")

    assert server.taken == ["one", "five"]
    assert peer.texts() == ["two", "three", "four"]


async def test_a_plain_send_that_fails_stops_the_outbox() -> None:
    peer = Peer()
    outbox = Outbox(peer.send, "test", Server(peer).send_now)
    peer.gone = True

    outbox.put("one")
    outbox.put("two")

    assert outbox.closed and peer.received == []
