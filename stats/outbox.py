"""One socket's outbound messages: a slow or dead socket costs only itself.

Fan-out (stats/hub.py) hands a message to thousands of sockets in turn and must never
wait for one of them. Each socket has an `Outbox`:

- A send that completes at once (the socket's transport is below its high-water mark,
  nearly always) is done on the spot, with no task: the fan-out of one message to
  5,000 sockets stays a plain loop. Where the web server offers a plain function for
  it (`send_now`, wallboard/ws_protocol.py), that send costs no coroutine either.
- A send that has to wait (the peer stopped reading and its transport buffer is full)
  goes on in a task of its own; messages that come meanwhile queue behind it, in order.
- A socket more than `MAX_QUEUED` messages or `MAX_QUEUED_BYTES` behind is too slow to
  follow: what is queued is dropped and the socket is closed with `CLOSE_TOO_SLOW`
  (after whatever its transport still holds). The page reconnects and gets the board
  afresh, as after any other drop. Until then nothing more is queued for it, so its
  memory stays bounded: the transport's buffer, one message, and the close.

docs/protocol.md lists the close codes a page can receive.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable, Coroutine, Generator
from typing import Any

log = logging.getLogger(__name__)

# How far behind a socket may fall before it is closed. A board gets a delta per poll
# interval and a heartbeat every few seconds: 32 messages is a minute or more of a
# stalled screen; 256 KB is a dozen snapshots of a large board.
MAX_QUEUED = 32
MAX_QUEUED_BYTES = 256 * 1024
# Close code for a socket that fell too far behind (4000-4999 is for applications).
CLOSE_TOO_SLOW = 4408

Message = dict[str, Any]
Send = Callable[[Message], Coroutine[Any, Any, None]]
# Write a text at once if the socket can take it now; return whether it did.
SendNow = Callable[[str], bool]


class Outbox:
    """The messages on their way to one socket, sent in order through `send` (the
    socket's ASGI send)."""

    # Thousands of these live at once: no per-instance dict, and a list for a queue (a
    # deque costs 760 bytes empty; this one never holds more than MAX_QUEUED + 1).
    __slots__ = ("_send", "_send_now", "closed", "name", "queue", "queued_bytes", "sending")

    def __init__(self, send: Send, name: str, send_now: SendNow | None = None) -> None:
        self._send = send
        self._send_now = send_now
        self.name = name  # for the one log line a failing socket gets
        self.queue: list[Message] = []
        self.queued_bytes = 0
        self.sending: asyncio.Task[None] | None = None
        self.closed = False  # closing, failed or stopped: nothing more is sent

    def put(self, text: str) -> None:
        """Send `text` now if the socket can take it, else after what is queued."""
        if self.closed:
            return
        if self.sending is None and not self.queue:
            self._send_text(text)
        elif len(self.queue) >= MAX_QUEUED or self.queued_bytes + len(text) > MAX_QUEUED_BYTES:
            self.close(CLOSE_TOO_SLOW)
        else:
            self.queue.append({"type": "websocket.send", "text": text})
            self.queued_bytes += len(text)

    def close(self, code: int) -> None:
        """Drop what is queued and close the socket with `code` once it can be told."""
        if self.closed:
            return
        self.closed = True
        self.queue.clear()
        self.queued_bytes = 0
        message = {"type": "websocket.close", "code": code}
        if self.sending is None:
            self._start(message)
        else:
            self.queue.append(message)

    def stop(self) -> None:
        """Send nothing more, and stop a send still waiting (the socket has gone)."""
        self.closed = True
        self.queue.clear()
        self.queued_bytes = 0
        if self.sending is not None:
            self.sending.cancel()

    @property
    def behind(self) -> int:
        """Return how many messages wait behind a send that has not completed."""
        return len(self.queue)

    def _send_text(self, text: str) -> None:
        try:
            if self._send_now is not None and self._send_now(text):
                return
        except Exception as exc:
            self._failed(exc)
            return
        self._start({"type": "websocket.send", "text": text})

    def _start(self, message: Message) -> None:
        try:
            task = start_eagerly(self._send(message))
        except Exception as exc:
            self._failed(exc)
            return
        if task is not None:
            self.sending = task
            task.add_done_callback(self._sent)

    def _sent(self, task: asyncio.Task[None]) -> None:
        self.sending = None
        if task.cancelled():
            return
        if (exc := task.exception()) is not None:
            self._failed(exc)
            return
        while self.queue and self.sending is None:
            message = self.queue.pop(0)
            self.queued_bytes -= len(message.get("text", ""))
            self._start(message)

    def _failed(self, exc: BaseException) -> None:
        # The socket is gone (its consumer learns so from its own receive and cleans
        # up); one line for this socket, and nothing more is sent to it.
        if not self.closed:
            log.info("socket %s: send failed (%s); sending nothing more", self.name, exc)
        self.stop()


def start_eagerly(coro: Coroutine[Any, Any, None]) -> asyncio.Task[None] | None:
    """Run `coro` up to its first wait, now; return None if it finished without waiting,
    else a task that finishes it. An exception raised before the first wait propagates.

    This is what Python 3.12's eager tasks do: a send that needs no wait costs no task.
    """
    try:
        waiting_on = coro.send(None)
    except StopIteration:
        return None
    return asyncio.ensure_future(_finish(_Resumed(coro, waiting_on)))


async def _finish(resumed: _Resumed) -> None:
    await resumed


class _Resumed:
    """The rest of a coroutine that `start_eagerly` started by hand, as an awaitable.

    It hands the awaiting task what the coroutine waits on (an asyncio future), and
    passes results, exceptions and cancellation back in, as `await` itself would.
    """

    def __init__(self, coro: Coroutine[Any, Any, None], waiting_on: Any) -> None:
        self.coro = coro
        self.waiting_on = waiting_on

    def __await__(self) -> Generator[Any, Any, None]:
        waiting_on = self.waiting_on
        while True:
            try:
                result = yield waiting_on
            except GeneratorExit:
                self.coro.close()
                raise
            except BaseException as exc:
                try:
                    waiting_on = self.coro.throw(exc)
                except StopIteration:
                    return
            else:
                try:
                    waiting_on = self.coro.send(result)
                except StopIteration:
                    return
