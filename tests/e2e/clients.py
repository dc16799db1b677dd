"""WebSocket clients for tests with many sockets or misbehaving ones.

`Screen` is a `LeanSocket` (websockets' sans-I/O protocol on a plain asyncio transport,
no task per socket; benchmarks/fanout.py's clients are too), so a test process can hold
a thousand of them and still stamp each message when its bytes arrive. It records the
board messages it gets and can answer heartbeats with a report, as a kiosk does.

`Rogue` is a client on a plain blocking socket that does what no browser would: stop
reading, reset the connection, send junk.
"""

from __future__ import annotations

import asyncio
import json
import re
import socket
import struct
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, cast

import httpx
import websockets
from websockets.client import ClientProtocol
from websockets.frames import Frame, Opcode
from websockets.protocol import State
from websockets.uri import parse_uri


@dataclass
class Delta:
    epoch: str
    seq: int
    upstream_time: float  # when the poll's answer came (the deployment's clock)
    at: float  # when this client had it (this machine's clock)

    @property
    def latency(self) -> float:
        return self.at - self.upstream_time


@dataclass
class Received:
    """What one screen got."""

    deltas: list[Delta] = field(default_factory=list)
    heartbeats: list[dict[str, Any]] = field(default_factory=list)
    snapshots: list[dict[str, Any]] = field(default_factory=list)
    other: list[dict[str, Any]] = field(default_factory=list)
    largest: int = 0  # bytes of the largest message


class LeanSocket(asyncio.Protocol):
    """A WebSocket client as lean as a test or a load generator can have thousands of:
    websockets' sans-I/O protocol over a plain asyncio transport, no task per socket.
    Each batch of bytes is stamped when the kernel hands it over, which is when a
    browser would have it; subclasses say what to do with each text message."""

    def __init__(self, url: str, *, cookie: str = "", origin: str) -> None:
        self.ws = ClientProtocol(parse_uri(url), origin=websockets.Origin(origin), max_size=None)
        self.cookie = cookie
        self.transport: asyncio.Transport | None = None
        self.opened: asyncio.Future[None] = asyncio.get_running_loop().create_future()
        self.closed: asyncio.Future[int | None] = asyncio.get_running_loop().create_future()

    def connection_made(self, transport: asyncio.BaseTransport) -> None:
        self.transport = cast(asyncio.Transport, transport)
        request = self.ws.connect()
        if self.cookie:
            request.headers["Cookie"] = self.cookie
        self.ws.send_request(request)
        self._flush()

    def data_received(self, data: bytes) -> None:
        received = time.time()
        self.ws.receive_data(data)
        for event in self.ws.events_received():
            if isinstance(event, Frame) and event.opcode is Opcode.TEXT:
                self._message(bytes(event.data), received)
        self._flush()  # pongs, and the close handshake

    def _message(self, text: bytes, received: float) -> None:
        """Take one text message, `received` when its bytes arrived."""
        if not self.opened.done():
            self.opened.set_result(None)

    def connection_lost(self, exc: Exception | None) -> None:
        if not self.opened.done():
            self.opened.set_exception(ConnectionError(f"closed before its first message: {exc}"))
        if not self.closed.done():
            rcvd = self.ws.close_rcvd
            self.closed.set_result(rcvd.code if rcvd else None)

    def _flush(self) -> None:
        assert self.transport is not None
        for chunk in self.ws.data_to_send():
            if chunk:
                self.transport.write(chunk)

    def close(self) -> None:
        if self.transport is not None:
            self.transport.close()


class Screen(LeanSocket):
    """One socket of a board page or kiosk, lean enough for a thousand in one test."""

    def __init__(self, url: str, *, cookie: str = "", origin: str, report_as: str = "") -> None:
        super().__init__(url, cookie=cookie, origin=origin)
        self.report_as = report_as  # a screen id: report after each heartbeat, as kiosks do
        self.got = Received()

    def _message(self, text: bytes, received: float) -> None:
        super()._message(text, received)
        self.got.largest = max(self.got.largest, len(text))
        message = json.loads(text)
        kind = message.get("type")
        if kind == "delta":
            delta = Delta(message["epoch"], message["seq"], message["upstream_time"], received)
            self.got.deltas.append(delta)
        elif kind == "heartbeat":
            self.got.heartbeats.append(message)
            if self.report_as:
                self.send({"type": "report", "screen": self.report_as, "seq": 1})
        elif kind == "snapshot":
            self.got.snapshots.append(message)
        else:
            self.got.other.append(message)

    def send(self, message: dict[str, Any]) -> None:
        if self.ws.state is State.OPEN:
            self.ws.send_text(json.dumps(message).encode())
            self._flush()


def screen_id(n: int) -> str:
    """Return the screen id the n-th screen of `open_screens` reports itself as."""
    return f"screen-{n:06d}"


async def open_screens(
    web_url: str, path: str, count: int, *, cookie: str = "", report: bool = False
) -> list[Screen]:
    """Return `count` screens on `path`, each open and past its first message."""
    host, port = web_url.removeprefix("http://").split(":")
    url = web_url.replace("http", "ws", 1) + path
    loop = asyncio.get_running_loop()
    screens: list[Screen] = []
    for start in range(0, count, 100):
        batch = [
            loop.create_connection(
                lambda n=n: Screen(  # type: ignore[misc]
                    url, cookie=cookie, origin=web_url, report_as=screen_id(n) if report else ""
                ),
                host,
                int(port),
            )
            for n in range(start, min(count, start + 100))
        ]
        for _, screen in await asyncio.gather(*batch):
            screens.append(screen)
    async with asyncio.timeout(60):
        await asyncio.gather(*(s.opened for s in screens))
    return screens


async def until(condition: Callable[[], bool], timeout: float) -> None:
    """Return once `condition()` holds (checked as messages arrive, every 50 ms)."""
    async with asyncio.timeout(timeout):
        while not condition():
            await asyncio.sleep(0.05)


def connected_clients(web_url: str, pid: int, token: str) -> int | None:
    """Return a web process's own count of its open sockets, from its /metrics (read
    with the scraper's token)."""
    headers = {"Authorization": f"Bearer {token}"}
    answer = httpx.get(f"{web_url}/metrics", headers=headers, timeout=10)
    answer.raise_for_status()
    text = answer.text
    pattern = rf'^wallboard_connected_clients\{{process="[^"]*:{pid}"\}} (\S+)$'
    found = re.search(pattern, text, re.M)
    return int(float(found.group(1))) if found else None


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))]


class Rogue:
    """A WebSocket client on a blocking socket that misbehaves on purpose."""

    def __init__(self, web_url: str, path: str, *, cookie: str = "", rcvbuf: int = 0) -> None:
        host, port = web_url.removeprefix("http://").split(":")
        self.ws = ClientProtocol(
            parse_uri(web_url.replace("http", "ws", 1) + path), origin=websockets.Origin(web_url)
        )
        self.sock = socket.socket()
        if rcvbuf:  # a small window: the server's buffers fill with little data
            self.sock.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, rcvbuf)
        self.sock.settimeout(10)
        self.sock.connect((host, int(port)))
        request = self.ws.connect()
        if cookie:
            request.headers["Cookie"] = cookie
        self.ws.send_request(request)

    def send_handshake(self) -> None:
        self._write()

    def handshake(self) -> None:
        """Send the upgrade request and read until the server has accepted it."""
        self._write()
        while self.ws.state is State.CONNECTING:
            data = self.sock.recv(65536)
            if not data:
                raise ConnectionError("the server closed during the handshake")
            self.ws.receive_data(data)
        assert self.ws.state is State.OPEN, self.ws.handshake_exc

    def send_text(self, text: str) -> None:
        self.ws.send_text(text.encode())
        self._write()

    def send_binary(self, data: bytes) -> None:
        self.ws.send_binary(data)
        self._write()

    def flood_for(self, text: str, seconds: float) -> int:
        """Send `text` again and again for `seconds`, as fast as the server takes it,
        never reading; return how many times it went."""
        self.sock.settimeout(0.2)
        end = time.monotonic() + seconds
        frame = b""
        sent = 0
        while time.monotonic() < end:
            if not frame:
                self.ws.send_text(text.encode())
                frame = b"".join(self.ws.data_to_send())
            try:
                frame = frame[self.sock.send(frame) :]
            except TimeoutError:
                continue
            sent += not frame
        return sent

    def reset(self) -> None:
        """Drop the connection with a TCP reset: no close frame, no FIN."""
        self.sock.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
        self.sock.close()

    def drop(self) -> None:
        """Close the TCP connection without the WebSocket closing handshake."""
        self.sock.close()

    def _write(self) -> None:
        for chunk in self.ws.data_to_send():
            if chunk:
                self.sock.sendall(chunk)
