"""uvicorn's sans-I/O WebSocket protocol, framing each broadcast message once.

The hub (stats/hub.py) hands the same text, the same `str` object, to every socket of
a board. uvicorn's own protocol encodes it to UTF-8 and builds its frame through
websockets for each socket in turn: at thousands of sockets per process that was most
of the Python work of a broadcast. Here the frame of the last text sent is kept, and
every socket that sends that very object writes the same bytes. A text frame from a
server is the text's bytes behind a header of 2 to 10 bytes (no mask, RFC 6455 §5.2),
so the bytes written are those websockets would have written.

Anything else (bytes, a close, the handshake, a socket not open, an extension such as
compression in use) goes through uvicorn's protocol unchanged.

The socket's application also gets, as an ASGI extension in its scope (`SEND_NOW`), a
plain function that writes a text at once when the socket can take it now and says
whether it did: the common send of a broadcast then costs no message dict and no
coroutine. When it cannot (the peer's buffer is full, the socket is closing), it writes
nothing and the application sends through the ASGI `send`, which waits or fails as
it should (stats/outbox.py).
"""

from __future__ import annotations

import struct
from typing import Any

from uvicorn.protocols.utils import ClientDisconnected
from uvicorn.protocols.websockets.websockets_sansio_impl import WebSocketsSansIOProtocol
from websockets.protocol import State

FIN_TEXT = 0x81  # FIN bit and the text opcode
# The scope's extension that offers `{"send": send_text_now}`.
SEND_NOW = "wallboard.send_text_now"


def text_frame(text: str) -> bytes:
    """Return the unfragmented, unmasked WebSocket frame that carries `text`."""
    payload = text.encode()
    length = len(payload)
    if length < 126:
        header = struct.pack("!BB", FIN_TEXT, length)
    elif length < 1 << 16:
        header = struct.pack("!BBH", FIN_TEXT, 126, length)
    else:
        header = struct.pack("!BBQ", FIN_TEXT, 127, length)
    return header + payload


class LastFrame:
    """The frame of the last text framed: one message's worth of memory."""

    __slots__ = ("frame", "text")

    def __init__(self) -> None:
        self.text: str | None = None
        self.frame = b""

    def of(self, text: str) -> bytes:
        """Return the frame of `text`, framed once however many sockets send it."""
        if text is not self.text:
            self.text, self.frame = text, text_frame(text)
        return self.frame


LAST = LastFrame()


class BroadcastProtocol(WebSocketsSansIOProtocol):
    """uvicorn's protocol, writing a text message framed once for all its sockets."""

    def handle_connect(self, event: Any) -> None:
        super().handle_connect(event)
        scope = getattr(self, "scope", None)  # none if the handshake was refused
        if scope is not None:
            scope["extensions"][SEND_NOW] = {"send": self.send_text_now}

    def send_text_now(self, text: str) -> bool:
        """Write `text` and return True if the socket can take it now (open, its buffer
        under the high-water mark); else write nothing and return False."""
        if not self.writable.is_set() or self.disconnected or not self._open_for_frames():
            return False
        self.transport.write(LAST.of(text))
        return True

    async def send(self, message: Any) -> None:
        text = message.get("text") if message["type"] == "websocket.send" else None
        if text is None or message.get("bytes") is not None:
            await super().send(message)
            return
        # As uvicorn's send: wait while the peer's buffer is full (stats/outbox.py
        # queues what comes meanwhile), then write unless the socket is gone.
        await self.writable.wait()
        if self.disconnected:
            raise ClientDisconnected()
        if self._open_for_frames():
            self.transport.write(LAST.of(text))
        else:  # closing, or not yet accepted: uvicorn says what that means
            await super().send(message)

    def _open_for_frames(self) -> bool:
        conn = self.conn
        return (
            self.handshake_complete
            and not self.close_sent
            and self.initial_response is None
            and conn.state is State.OPEN
            and not conn.extensions
            and not conn.expect_continuation_frame
            and not conn.writes  # nothing of websockets' own still to go first
        )
