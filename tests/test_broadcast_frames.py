"""The web server frames a broadcast message once (wallboard/ws_protocol.py), and a
socket gets the very bytes uvicorn's own protocol would have written to it, whether
sent through ASGI's `send` or the plain send the server offers in the scope."""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from typing import Any

import pytest
from uvicorn.config import Config
from uvicorn.protocols.utils import ClientDisconnected
from uvicorn.protocols.websockets.websockets_sansio_impl import WebSocketsSansIOProtocol
from uvicorn.server import ServerState
from websockets.client import ClientProtocol
from websockets.frames import Frame, Opcode
from websockets.uri import parse_uri

from wallboard.ws_protocol import LAST, SEND_NOW, BroadcastProtocol, text_frame


@pytest.mark.parametrize("length", [0, 1, 125, 126, 127, 65535, 65536, 70000])
def test_a_text_frame_is_what_websockets_writes(length: int) -> None:
    text = ("é" + "a" * length)[:length] if length else ""
    expected = Frame(Opcode.TEXT, text.encode()).serialize(mask=False, extensions=[])

    assert text_frame(text) == expected


class Wire:
    """The transport of one server socket: what was written to it, in order."""

    def __init__(self) -> None:
        self.written = bytearray()
        self.closing = False

    def write(self, data: bytes) -> None:
        self.written += data

    def close(self) -> None:
        self.closing = True

    def is_closing(self) -> bool:
        return self.closing

    def get_extra_info(self, name: str, default: Any = None) -> Any:
        return {"peername": ("127.0.0.1", 50000), "sockname": ("127.0.0.1", 8000)}.get(
            name, default
        )

    def pause_reading(self) -> None:
        pass

    def resume_reading(self) -> None:
        pass


App = Callable[[dict[str, Any], Any, Any, WebSocketsSansIOProtocol], Awaitable[None]]


async def serve(protocol_class: type[WebSocketsSansIOProtocol], app: App) -> bytes:
    """Return what a server socket of `protocol_class` writes after its handshake
    while `app` (which is also handed the server's protocol) runs on it."""
    server: WebSocketsSansIOProtocol

    async def asgi(scope: Any, receive: Any, send: Any) -> None:
        await app(scope, receive, send, server)

    config = Config(app=asgi, ws=protocol_class, ws_per_message_deflate=False, log_config=None)
    config.load()
    server = protocol_class(config, ServerState(), {}, asyncio.get_running_loop())
    wire = Wire()
    server.connection_made(wire)  # type: ignore[arg-type]
    client = ClientProtocol(parse_uri("ws://127.0.0.1:8000/ws/boards/demo/"))
    client.send_request(client.connect())
    server.data_received(b"".join(client.data_to_send()))
    await asyncio.wait_for(asyncio.gather(*server.tasks), timeout=5)
    server.connection_lost(None)
    handshake_end = bytes(wire.written).index(b"\r\n\r\n") + 4
    return bytes(wire.written[handshake_end:])


def sending(sends: list[Any], failures: list[str]) -> App:
    """Return an application that accepts, then sends each of `sends` in turn (writing
    down the name of each send's exception)."""

    async def app(scope: Any, receive: Any, send: Any, server: Any) -> None:
        await receive()
        await send({"type": "websocket.accept"})
        for message in sends:
            try:
                await send(message)
            except (ClientDisconnected, RuntimeError) as exc:
                failures.append(type(exc).__name__)

    return app


async def test_a_socket_gets_the_bytes_uvicorn_would_have_written() -> None:
    delta = '{"type": "delta", "seq": 7, "name": "Équipe"}'
    sends = [
        {"type": "websocket.send", "text": delta},
        {"type": "websocket.send", "text": delta},  # the same object: framed once
        {"type": "websocket.send", "text": "x" * 70000},
        {"type": "websocket.send", "bytes": b"\x00\x01"},
        {"type": "websocket.send", "text": "".join(["{}"])},  # equal text, another object
        {"type": "websocket.close", "code": 4408},
        {"type": "websocket.send", "text": delta},  # after the close: refused alike
    ]

    ours: list[str] = []
    theirs: list[str] = []

    written = await serve(BroadcastProtocol, sending(sends, ours))

    assert written == await serve(WebSocketsSansIOProtocol, sending(sends, theirs))
    assert written.count(text_frame(delta)) == 2 and ours == theirs == ["RuntimeError"]


async def test_the_plain_send_writes_the_same_bytes_and_refuses_what_must_wait() -> None:
    delta = '{"type": "delta", "seq": 8}'
    taken: list[bool] = []

    async def app(scope: Any, receive: Any, send: Any, server: Any) -> None:
        await receive()
        await send({"type": "websocket.accept"})
        send_now = scope["extensions"][SEND_NOW]["send"]
        taken.append(send_now(delta))
        server.pause_writing()  # the peer's buffer is full
        taken.append(send_now("must wait"))
        server.resume_writing()
        await send({"type": "websocket.close", "code": 4408})
        taken.append(send_now("after the close"))

    written = await serve(BroadcastProtocol, app)

    assert taken == [True, False, False]
    expected = sending(
        [{"type": "websocket.send", "text": delta}, {"type": "websocket.close", "code": 4408}], []
    )
    assert written == await serve(WebSocketsSansIOProtocol, expected)


async def test_the_frame_kept_follows_the_text_sent() -> None:
    first, second = "".join(["a", "b"]), "".join(["a", "b"])  # equal, not the same

    assert LAST.of(first) is LAST.of(first)
    assert LAST.of(second) == text_frame("ab") and LAST.text is second
    assert LAST.of("cd") == text_frame("cd")
