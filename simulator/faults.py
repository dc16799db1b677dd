"""Fault injection, request counters and the request log, as one ASGI middleware.

A fault applies to API requests whose path starts with its `path` (and whose method
matches, when given), with probability `rate`, for `times` requests or until cleared:
- `latency`: seconds to wait before answering (longer than a client's timeout = a
  timeout);
- `status`: answer with this status instead (an error body in the API's own words, or
  nothing for 204);
- `drop`: start a response and close the connection in the middle of it;
- `body`: answer this text instead, with `status` (200 unless given): HTML when it
  starts with `<`, else sent as JSON, valid or not;
- `size`: answer `{"padding": "xxx…"}` with this many bytes of padding, with `status`
  (200 unless given), streamed in chunks without a length, never held whole;
- `drip`: send the answer (the real one, or the fault's own) spread over this many
  seconds, a piece every tenth of a second or so, and stop when the client has gone.
The control API under `/_sim/` is never faulted, counted or logged.
"""

from __future__ import annotations

import asyncio
import math
import random
import time
from collections import Counter, deque
from collections.abc import Callable, Iterable, Iterator
from dataclasses import asdict, dataclass, field
from typing import Any

from starlette.types import ASGIApp, Message, Receive, Scope, Send

from simulator.web import error_for_path

CONTROL_PREFIX = "/_sim"
LOG_SIZE = 5000
CHUNK = 65_536  # bytes per piece of a streamed body
DRIP_STEP = 0.1  # seconds between the pieces of a dripped body, at most
PADDING_HEAD, PADDING_TAIL = b'{"padding": "', b'"}'


@dataclass
class Fault:
    path: str = ""
    method: str = ""
    status: int | None = None
    latency: float = 0.0
    drop: bool = False
    rate: float = 1.0
    times: int | None = None
    message: str = "Injected fault"
    body: str | None = None
    size: int | None = None
    drip: float = 0.0
    id: int = 0

    @classmethod
    def from_spec(cls, spec: dict[str, Any]) -> Fault:
        """Return the fault a control-API body describes; ValueError says what is wrong."""
        fault = cls(**spec)
        checks = [
            (
                isinstance(fault.path, str) and isinstance(fault.method, str),
                "path and method are text",
            ),
            (fault.status is None or _is_int(fault.status, 100, 599), "status is an HTTP status"),
            (_is_number(fault.latency) and fault.latency >= 0, "latency is seconds, 0 or more"),
            (isinstance(fault.drop, bool), "drop is true or false"),
            (_is_number(fault.rate) and 0 <= fault.rate <= 1, "rate is between 0 and 1"),
            (fault.times is None or _is_int(fault.times, 1, None), "times is 1 or more"),
            (isinstance(fault.message, str), "message is text"),
            (fault.body is None or isinstance(fault.body, str), "body is text"),
            (fault.size is None or _is_int(fault.size, 0, None), "size is bytes, 0 or more"),
            (_is_number(fault.drip) and 0 <= fault.drip <= 3600, "drip is seconds, 0 to 3600"),
            (fault.body is None or fault.size is None, "body and size exclude each other"),
            (not fault.drop or not fault.shapes_body(), "drop sends no body, size or drip"),
            (fault.status != 204 or not fault.shapes_body(), "a 204 has no body, size or drip"),
        ]
        for passed, rule in checks:
            if not passed:
                raise ValueError(f"bad fault: {rule}")
        return fault

    def shapes_body(self) -> bool:
        """Return True if the fault sets the body of the answer, or how it is sent."""
        return self.body is not None or self.size is not None or bool(self.drip)

    def reply(self, path: str) -> Reply | None:
        """Return the fault's own answer, or None when the real one is to be sent."""
        status = self.status or 200
        if self.body is not None:
            data = self.body.encode()
            html = self.body.lstrip().startswith("<")
            kind = b"text/html; charset=utf-8" if html else b"application/json"
            return Reply(status, [(b"content-type", kind), _length(len(data))], [data], len(data))
        if self.size is not None:
            length = len(PADDING_HEAD) + self.size + len(PADDING_TAIL)
            return Reply(
                status, [(b"content-type", b"application/json")], _padding(self.size), length
            )
        if self.status is None:
            return None
        if self.status == 204:
            return Reply(204, [], [], 0)
        response = error_for_path(path, self.status, self.message)
        return Reply(self.status, response.raw_headers, [response.body], len(response.body))

    def matches(self, method: str, path: str) -> bool:
        return path.startswith(self.path) and self.method in ("", method)


@dataclass
class Reply:
    """An answer to send: status, headers, and the body as chunks of `length` bytes."""

    status: int
    headers: list[tuple[bytes, bytes]]
    chunks: Iterable[bytes]
    length: int


def _length(size: int) -> tuple[bytes, bytes]:
    return (b"content-length", str(size).encode())


def _padding(size: int) -> Iterator[bytes]:
    """Yield a JSON object with `size` bytes of padding, a chunk at a time."""
    yield PADDING_HEAD
    block = b"x" * CHUNK
    for start in range(0, size, CHUNK):
        yield block[: min(CHUNK, size - start)]
    yield PADDING_TAIL


def _pieces(chunks: Iterable[bytes], size: int) -> Iterator[bytes]:
    """Yield the bytes of `chunks` again in pieces of `size` (the last may be shorter)."""
    buffer = bytearray()
    for chunk in chunks:
        buffer += chunk
        while len(buffer) >= size:
            yield bytes(buffer[:size])
            del buffer[:size]
    if buffer:
        yield bytes(buffer)


def _is_number(value: object) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool)


def _is_int(value: object, low: int, high: int | None) -> bool:
    return (
        isinstance(value, int)
        and not isinstance(value, bool)
        and value >= low
        and (high is None or value <= high)
    )


@dataclass
class Faults:
    """The faults in force, drawn from their own seeded stream."""

    seed: int = 0
    active: list[Fault] = field(default_factory=list)

    def __post_init__(self) -> None:
        self._rng = random.Random(f"faults-{self.seed}")
        self._next_id = 0

    def add(self, fault: Fault) -> Fault:
        self._next_id += 1
        fault.id = self._next_id
        self.active.append(fault)
        return fault

    def clear(self, fault_id: int | None = None) -> None:
        self.active = [f for f in self.active if fault_id is not None and f.id != fault_id]

    def pick(self, method: str, path: str) -> Fault | None:
        """Return the fault to apply to this request, using up one of its times."""
        for fault in self.active:
            if fault.matches(method, path) and self._rng.random() < fault.rate:
                if fault.times is not None:
                    fault.times -= 1
                    if fault.times <= 0:
                        self.active.remove(fault)
                return fault
        return None

    def describe(self) -> list[dict[str, Any]]:
        return [asdict(f) for f in self.active]


class RequestLog:
    """Per-path counters and the latest requests with their timings."""

    def __init__(self) -> None:
        self.counts: Counter[str] = Counter()
        self.entries: deque[dict[str, Any]] = deque(maxlen=LOG_SIZE)

    def reset(self) -> None:
        self.counts.clear()
        self.entries.clear()


class FaultMiddleware:
    """Count, log and fault every API request; bring the centre up to date first."""

    def __init__(
        self, app: ASGIApp, faults: Faults, log: RequestLog, before: Callable[[], None]
    ) -> None:
        self.app = app
        self.faults = faults
        self.log = log
        self.before = before

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        path = scope.get("path", "")
        if scope["type"] != "http" or path.startswith(CONTROL_PREFIX):
            await self.app(scope, receive, send)
            return
        method = scope["method"]
        entry: dict[str, Any] = {"method": method, "path": path, "started": time.time()}
        entry["query"] = scope.get("query_string", b"").decode("latin-1")
        self.log.counts[f"{method} {path}"] += 1
        self.log.entries.append(entry)

        async def send_logged(message: Message) -> None:
            if message["type"] == "http.response.start":
                entry["status"] = message["status"]
            await send(message)

        try:
            fault = self.faults.pick(method, path)
            if fault is None or not await self._inject(fault, scope, receive, send_logged):
                self.before()
                await self.app(scope, receive, send_logged)
        finally:
            entry["finished"] = time.time()

    async def _inject(self, fault: Fault, scope: Scope, receive: Receive, send: Send) -> bool:
        """Apply a fault; return True if it answered the request itself."""
        if fault.latency:
            await asyncio.sleep(fault.latency)
        if fault.drop:
            # Promise a body, send half of nothing, and return: the server closes the
            # connection, and the client sees it drop in the middle of the response.
            headers = [(b"content-type", b"application/json"), (b"content-length", b"64")]
            await send({"type": "http.response.start", "status": 200, "headers": headers})
            await send({"type": "http.response.body", "body": b'{"partial', "more_body": True})
            return True
        reply = fault.reply(scope["path"])
        if reply is None and not fault.drip:
            return False
        if reply is None:
            self.before()
            reply = await _captured(self.app, scope, receive)
        await _deliver(reply, fault.drip, receive, send)
        return True


async def _captured(app: ASGIApp, scope: Scope, receive: Receive) -> Reply:
    """Return the app's answer to the request, whole, to send it another way."""
    messages: list[Message] = []

    async def keep(message: Message) -> None:
        messages.append(message)

    await app(scope, receive, keep)
    start, *parts = messages
    body = b"".join(part.get("body", b"") for part in parts)
    return Reply(start["status"], list(start.get("headers", [])), [body], len(body))


async def _deliver(reply: Reply, drip: float, receive: Receive, send: Send) -> None:
    """Send `reply`, spread over `drip` seconds if any; stop when the client has gone."""
    gone = asyncio.ensure_future(_disconnected(receive))
    try:
        await send(
            {"type": "http.response.start", "status": reply.status, "headers": reply.headers}
        )
        pieces: Iterable[bytes] = reply.chunks
        pause = 0.0
        if drip:
            count = max(1, min(reply.length, math.ceil(drip / DRIP_STEP)))
            pieces, pause = _pieces(reply.chunks, math.ceil(reply.length / count)), drip / count
        for piece in pieces:
            # Waiting on `gone` also lets the loop notice a disconnect between chunks.
            await asyncio.wait({gone}, timeout=pause)
            if gone.done():
                return
            await send({"type": "http.response.body", "body": piece, "more_body": True})
        await send({"type": "http.response.body", "body": b"", "more_body": False})
    finally:
        gone.cancel()


async def _disconnected(receive: Receive) -> None:
    """Return once the client has closed the connection."""
    while (await receive())["type"] != "http.disconnect":
        pass
