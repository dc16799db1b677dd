"""Fault injection, request counters and the request log, as one ASGI middleware.

A fault applies to API requests whose path starts with its `path` (and whose method
matches, when given), with probability `rate`, for `times` requests or until cleared:
- `latency`: seconds to wait before answering (longer than a client's timeout = a
  timeout);
- `status`: answer with this status instead (an error body in the API's own words, or
  nothing for 204);
- `drop`: start a response and close the connection in the middle of it.
The control API under `/_sim/` is never faulted, counted or logged.
"""

from __future__ import annotations

import asyncio
import random
import time
from collections import Counter, deque
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from typing import Any

from starlette.responses import Response
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from simulator.web import error_for_path

CONTROL_PREFIX = "/_sim"
LOG_SIZE = 5000


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
        ]
        for passed, rule in checks:
            if not passed:
                raise ValueError(f"bad fault: {rule}")
        return fault

    def matches(self, method: str, path: str) -> bool:
        return path.startswith(self.path) and self.method in ("", method)


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
        if fault.status is None:
            return False
        if fault.status == 204:
            response = Response(status_code=204)
        else:
            response = error_for_path(scope["path"], fault.status, fault.message)
        await response(scope, receive, send)
        return True
