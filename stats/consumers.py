"""The WebSocket consumer that streams one board to a browser or kiosk.

On connect the board's snapshot is sent from Redis; then every delta the poller
publishes is forwarded as text, never re-encoded per socket, through this process's
hub (stats/hub.py), which also sends a heartbeat every few seconds. A client that sees
a gap in `seq` (or a new epoch) asks for `resync` and gets the snapshot again. A client
that says `hello` gets the board's `state`: the version of its configuration (a page
drawn from an older one reloads) and the alert acknowledgements in force. Later
changes arrive through the board's group as `config` and `ack` messages
(stats/broadcast.py). Every message, both ways, is built or checked in
stats/messages.py.

Everything sent to the socket goes through its outbox (stats/outbox.py), in order and
without ever making the hub wait. The socket counts as open from its `accept` and is
forgotten on every way out: a close, a reset, a crash, or the server stopping.
What a client sends is a few words; anything else (binary frames, text that is not a
JSON object, unknown types) is ignored, and a client that sends faster than a screen
needs is read more slowly.
"""

from __future__ import annotations

import asyncio
import time
from typing import Any

from channels.consumer import get_handler_name
from channels.db import database_sync_to_async
from channels.generic.websocket import AsyncJsonWebsocketConsumer

from boards.access import CLOSE_NOT_FOUND, CLOSE_UNAUTHENTICATED, Viewer, viewer_of
from boards.boardconfig import board_config
from boards.models import AlertAck, Board
from stats import messages, store
from stats.hub import HUB
from stats.outbox import Outbox
from wallboard.ws_protocol import SEND_NOW

__all__ = ["CLOSE_NOT_FOUND", "CLOSE_UNAUTHENTICATED", "BoardConsumer"]

# How fast a screen's requests are read: a burst of this many, then one per REFILL
# seconds (a screen asks a few times a minute; a kiosk reports after each heartbeat).
REQUEST_BURST = 20
REQUEST_REFILL = 0.2
WAITING = messages.encode(messages.waiting())


@database_sync_to_async
def _find_board(slug: str, user: Any) -> Board | None:
    return Board.objects.visible_to(user).select_related("tenant").filter(slug=slug).first()


@database_sync_to_async
def board_state(board: Board, kiosk: str | None = None) -> str:
    """Return a board's `state` message, as text: its configuration version and the
    acknowledgements in force (`kiosk`: the version of a kiosk's link's boards)."""
    acks = [messages.ack_in_force(ack) for ack in AlertAck.objects.active(board)]
    version = board_config(board)["version"]
    return messages.encode(messages.state(board.pk, version, acks, kiosk))


class Allowance:
    """A token bucket: how fast a socket's requests are read."""

    __slots__ = ("at", "tokens")

    def __init__(self) -> None:
        self.tokens = float(REQUEST_BURST)
        self.at = time.monotonic()

    def wait(self) -> float:
        """Spend a token; return the seconds to wait first if there is none yet."""
        now = time.monotonic()
        self.tokens = min(REQUEST_BURST, self.tokens + (now - self.at) / REQUEST_REFILL)
        self.at = now
        self.tokens -= 1
        return max(0.0, -self.tokens * REQUEST_REFILL)


class BoardConsumer(AsyncJsonWebsocketConsumer):
    """Stream one board: snapshot on connect, deltas, heartbeats; resync on request.

    A socket has no channel-layer channel of its own: this process's hub holds one and
    hands each message to every local socket of the group it was sent to.
    """

    # No channel layer of its own (Channels gives a consumer whose alias names no layer
    # none): the hub receives for every socket of the process.
    channel_layer_alias = None
    board: Board
    outbox: Outbox | None = None
    # Who watches, for the hub's checks of who may go on (a kiosk: nobody, it has a link).
    viewer: Viewer | None = None
    # Messages that arrived while the snapshot was on its way; sent right after it.
    pending: list[str] | None = None

    async def __call__(self, scope: Any, receive: Any, send: Any) -> None:
        try:
            await super().__call__(scope, receive, send)
        finally:
            self.gone()

    async def dispatch(self, message: dict[str, Any]) -> None:
        # As Channels' own, without closing stale database connections around every
        # frame (a thread hop each): this consumer touches the database only through
        # database_sync_to_async, which does that itself.
        handler = getattr(self, get_handler_name(message), None)
        if handler is None:
            raise ValueError(f"No handler for message type {message['type']}")
        await handler(message)

    async def connect(self) -> None:
        user = self.scope.get("user")
        if user is None or not user.is_authenticated:
            await self.refuse(CLOSE_UNAUTHENTICATED)
            return
        board = await _find_board(self.scope["url_route"]["kwargs"]["slug"], user)
        if board is None:
            await self.refuse(CLOSE_NOT_FOUND)
            return
        self.viewer = viewer_of(self.scope, board)
        await self.start(board)

    async def start(self, board: Board) -> None:
        """Accept, count the socket as open, then watch `board`."""
        await self.accept()
        send_now = self.scope.get("extensions", {}).get(SEND_NOW, {}).get("send")
        self.outbox = Outbox(self.base_send, self.describe(), send_now)
        self.allowance = Allowance()
        HUB.opened(self)
        await self.joined()
        await self.watch(board)

    async def joined(self) -> None:
        """Follow what else this kind of socket follows, before its board."""

    def gone(self) -> None:
        """Forget the socket everywhere: it is closed, failed or the server stops."""
        HUB.closed(self)
        if self.outbox is not None:
            self.outbox.stop()

    def describe(self) -> str:
        """Return who is at the other end, for a log line."""
        client = self.scope.get("client") or ("?", 0)
        return f"{client[0]}:{client[1]} {self.scope.get('path', '')}"

    async def watch(self, board: Board) -> None:
        """Follow `board`: its messages, its snapshot, and a first heartbeat."""
        self.board = board
        # Follow before reading the snapshot, so no delta falls between the two; the
        # ones that come meanwhile wait in `pending`, and the client drops those its
        # snapshot already covers.
        self.pending = []
        await HUB.join(self, board.group_name, board)
        await self.send_snapshot()
        pending, self.pending = self.pending, None
        for text in pending:
            self.put(text)
        self.put(await HUB.heartbeat(board))

    def unwatch(self) -> None:
        """Stop following the board."""
        HUB.leave(self, self.board.group_name)

    async def refuse(self, code: int) -> None:
        """Accept, then close with a code the page can act on.

        Closing before accepting answers the handshake with a bare HTTP 403, and the
        browser cannot tell "log in again" from "no such board" from a network fault.
        """
        await self.accept()
        await self.close(code=code)

    async def receive(self, text_data: str | None = None, bytes_data: bytes | None = None) -> None:
        if text_data is None or self.outbox is None or self.outbox.closed:
            return
        # A client faster than its allowance is read more slowly: while this waits,
        # the server reads nothing more from it, and its own sends back up.
        if delay := self.allowance.wait():
            await asyncio.sleep(delay)
        message = messages.parse(text_data)
        if message is not None:
            await self.answer(message)

    async def answer(self, message: messages.ClientMessage) -> None:
        """Act on one checked message of the page; a board page may not `show` or
        `report`, which a kiosk does (screens/consumers.py)."""
        if message["type"] == "resync":
            HUB.gaps_healed += 1
            await self.send_snapshot()
        elif message["type"] == "hello":
            self.put(await board_state(self.board))

    async def send_snapshot(self) -> None:
        try:
            text = await store.load_snapshot_text(self.board.pk)
        except Exception:  # Redis is away: the heartbeats say so; resync when it is back
            return
        self.put(text or WAITING)

    def put(self, text: str) -> None:
        """Send `text` after what is already on its way to this socket."""
        if self.outbox is not None:
            self.outbox.put(text)

    def deliver(self, text: str) -> None:
        """Send one message of the board, or keep it until the snapshot has gone."""
        if self.pending is not None:
            self.pending.append(text)
        else:
            self.put(text)

    def revoke(self) -> None:
        """Board sockets follow no display link; nothing to revoke."""

    def shut(self, code: int) -> None:
        """Drop what is queued and close the socket with `code`."""
        if self.outbox is not None:
            self.outbox.close(code)
