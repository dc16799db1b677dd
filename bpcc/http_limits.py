"""Limits on one upstream request: a deadline that every socket operation honours, and a
cap on the size of the body, enforced while it streams in.

httpx's timeouts apply to each network operation on its own, so a body sent a few bytes
at a time never times out: it held a poll's worker a minute past its deadline. Here
every connect, write and read of a client's sockets gets at most what is left until the
request's deadline, so a request ends by its deadline whatever the peer does; and a body
is read chunk by chunk, counted, and dropped as soon as it passes the cap, so a huge
answer costs at most the cap in memory.
"""

from __future__ import annotations

import ssl
import time
from collections.abc import Iterable
from contextvars import ContextVar
from functools import cache

import httpcore
import httpx

# The chunk size `iter_bytes` is asked for: small enough that the size cap and the
# deadline are checked often, large enough that a normal answer takes a few chunks.
CHUNK = 65_536


class OutOfTime(httpcore.TimeoutException):
    """The request's deadline passed (httpx reports it as a timeout)."""


class Oversized(Exception):
    """The answer's body is larger than the cap; `status` is the answer's status."""

    def __init__(self, status: int, limit: int) -> None:
        super().__init__(f"over the limit of {limit:,} bytes")
        self.status = status


# When the request in flight must end, as a `time.monotonic()` value (None: never). A
# context variable, so each thread has its own: a tenant's pooled connections
# (bpcc/http_pool.py) serve whichever thread of the worker checks one out next.
_ENDS: ContextVar[float | None] = ContextVar("upstream_request_ends", default=None)


class Deadline:
    """When the request in flight in this thread must end, as a `time.monotonic()`
    value (None: never); set before each request."""

    @property
    def at(self) -> float | None:
        return _ENDS.get()

    @at.setter
    def at(self, value: float | None) -> None:
        _ENDS.set(value)

    def left(self) -> float | None:
        """Return the seconds left, or None when there is no deadline."""
        return None if self.at is None else self.at - time.monotonic()

    def passed(self) -> bool:
        """Return True if the deadline has passed."""
        left = self.left()
        return left is not None and left <= 0

    def clamp(self, timeout: float | None) -> float | None:
        """Return `timeout` cut to what is left; raise OutOfTime when nothing is."""
        left = self.left()
        if left is None:
            return timeout
        if left <= 0:
            raise OutOfTime("out of time")
        return left if timeout is None else min(timeout, left)


class DeadlineStream(httpcore.NetworkStream):
    """A socket stream each of whose operations ends by the deadline."""

    def __init__(self, inner: httpcore.NetworkStream, deadline: Deadline) -> None:
        self._inner = inner
        self._deadline = deadline

    def read(self, max_bytes: int, timeout: float | None = None) -> bytes:
        return self._inner.read(max_bytes, self._deadline.clamp(timeout))

    def write(self, buffer: bytes, timeout: float | None = None) -> None:
        self._inner.write(buffer, self._deadline.clamp(timeout))

    def close(self) -> None:
        self._inner.close()

    def start_tls(
        self,
        ssl_context: ssl.SSLContext,
        server_hostname: str | None = None,
        timeout: float | None = None,
    ) -> httpcore.NetworkStream:
        tls = self._inner.start_tls(ssl_context, server_hostname, self._deadline.clamp(timeout))
        return DeadlineStream(tls, self._deadline)

    def get_extra_info(self, info: str) -> object:
        return self._inner.get_extra_info(info)


class DeadlineBackend(httpcore.NetworkBackend):
    """httpcore's own sockets, wrapped so that each operation ends by the deadline."""

    def __init__(self, deadline: Deadline) -> None:
        self._inner = httpcore.SyncBackend()
        self._deadline = deadline

    def connect_tcp(
        self,
        host: str,
        port: int,
        timeout: float | None = None,
        local_address: str | None = None,
        socket_options: Iterable[httpcore.SOCKET_OPTION] | None = None,
    ) -> httpcore.NetworkStream:
        timeout = self._deadline.clamp(timeout)
        stream = self._inner.connect_tcp(host, port, timeout, local_address, socket_options)
        return DeadlineStream(stream, self._deadline)

    def sleep(self, seconds: float) -> None:
        self._inner.sleep(seconds)


@cache
def tls(ca_file: str = "") -> ssl.SSLContext:
    """Return this process's TLS context: httpx's default (certificates verified against
    the usual roots), also trusting the certificates of `ca_file` when given; built once
    (loading the roots costs milliseconds)."""
    context = httpx.create_ssl_context()
    if ca_file:
        context.load_verify_locations(cafile=ca_file)
    return context


class DeadlineTransport(httpx.HTTPTransport):
    """httpx's own transport (TLS verified, keep-alive), over sockets that honour
    the deadline of the request in flight, with at most `limits` connections."""

    def __init__(self, limits: httpx.Limits, ca_file: str = "") -> None:
        super().__init__(verify=tls(ca_file))
        # httpx takes no network backend, but the connection pool under it does; this
        # replaces the pool httpx built with the same one over the deadline's sockets.
        self._pool = httpcore.ConnectionPool(
            ssl_context=tls(ca_file),
            max_connections=limits.max_connections,
            max_keepalive_connections=limits.max_keepalive_connections,
            keepalive_expiry=limits.keepalive_expiry,
            network_backend=DeadlineBackend(Deadline()),
        )


def read_capped(response: httpx.Response, deadline: Deadline, limit: int) -> httpx.Response:
    """Return `response` (opened with `stream=True`) with its body read, decoded.

    Raise Oversized as soon as the body is known to pass `limit` bytes (declared, or
    counted as it is decoded, so a compressed body counts at its real size), and
    httpx.ReadTimeout when the deadline passes between chunks.
    """
    declared = response.headers.get("content-length", "")
    if declared.isdigit() and int(declared) > limit:
        raise Oversized(response.status_code, limit)
    chunks, size = [], 0
    for chunk in response.iter_bytes(CHUNK):
        size += len(chunk)
        if size > limit:
            raise Oversized(response.status_code, limit)
        if deadline.passed():
            raise httpx.ReadTimeout("out of time", request=response.request)
        chunks.append(chunk)
    # The body is decoded already: the new response must not decode it again.
    headers = [
        (name, value)
        for name, value in response.headers.multi_items()
        if name.lower() not in ("content-encoding", "content-length", "transfer-encoding")
    ]
    return httpx.Response(
        response.status_code,
        headers=headers,
        content=b"".join(chunks),
        request=response.request,
        extensions=response.extensions,
    )
