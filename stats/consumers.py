"""The WebSocket consumer that streams one board to a browser or kiosk.

On connect the board's snapshot is sent from Redis; then every delta the poller
publishes is forwarded as text, never re-encoded per socket. A client that sees a gap in
`seq` (or a new epoch) asks for `{"type": "resync"}` and gets the snapshot again.
Every few seconds this process's `Hub` sends each socket a heartbeat with the server's
time, the freshness of its tenant's data and the app's version, so a screen can show
both ages (how old the numbers are, and how long since it last heard from the server)
and reload itself after an upgrade.

A client that says `{"type": "hello"}` gets the board's `state`: the version of its
configuration (a page drawn from an older one reloads) and the alert acknowledgements
in force. Later changes arrive through the board's group as `config` and `ack`
messages (stats/broadcast.py).
"""

from __future__ import annotations

import asyncio
import json
import logging
import os
import socket
import time
from collections import defaultdict
from typing import Any

from asgiref.sync import sync_to_async
from channels.db import database_sync_to_async
from channels.generic.websocket import AsyncJsonWebsocketConsumer
from channels.layers import get_channel_layer
from django.conf import settings

from stats import metrics, store
from stats.boardconfig import board_config
from stats.health import freshness
from stats.models import AlertAck, Board
from stats.version import app_version

log = logging.getLogger(__name__)

# Close codes in the 4000-4999 range reserved for applications.
CLOSE_UNAUTHENTICATED = 4401
CLOSE_NOT_FOUND = 4404


@database_sync_to_async
def _find_board(slug: str, user: Any) -> Board | None:
    return Board.objects.visible_to(user).select_related("tenant").filter(slug=slug).first()


@database_sync_to_async
def board_state(board: Board) -> dict[str, Any]:
    """Return a board's `state` message: its configuration version and active acks."""
    acks = [ack.message() for ack in AlertAck.objects.active(board)]
    return {
        "type": "state",
        "board": board.pk,
        "version": board_config(board)["version"],
        "acks": acks,
    }


class BoardConsumer(AsyncJsonWebsocketConsumer):
    """Stream one board: snapshot on connect, deltas, heartbeats; resync on request.

    A board socket has no channel-layer channel of its own: this process's `Hub` holds
    one per board and hands each message to every local socket of that board, so a
    broadcast costs the channel layer one delivery per process, not one per screen.
    """

    # No channel layer for board sockets (the Hub receives for them); kiosk sockets,
    # which also take commands addressed to them alone, use the default one.
    channel_layer_alias = "hub-only"
    board: Board
    # Messages that arrived while the snapshot was on its way; sent right after it.
    pending: list[str] | None = None

    async def connect(self) -> None:
        user = self.scope.get("user")
        if user is None or not user.is_authenticated:
            await self.refuse(CLOSE_UNAUTHENTICATED)
            return
        board = await _find_board(self.scope["url_route"]["kwargs"]["slug"], user)
        if board is None:
            await self.refuse(CLOSE_NOT_FOUND)
            return
        await self.start(board)

    async def start(self, board: Board) -> None:
        """Accept, then watch `board`."""
        await self.accept()
        await self.watch(board)

    async def watch(self, board: Board) -> None:
        """Follow `board`: its messages, its snapshot, and a first heartbeat."""
        self.board = board
        # Follow before reading the snapshot, so no delta falls between the two; the
        # ones that come meanwhile wait in `pending`, and the client drops those its
        # snapshot already covers.
        self.pending = []
        await HUB.follow(self)
        await self.send_snapshot()
        pending, self.pending = self.pending, None
        for text in pending:
            await self.send(text_data=text)
        await self.send(text_data=await HUB.heartbeat(board))

    async def unwatch(self) -> None:
        """Stop following the board."""
        await HUB.unfollow(self)

    async def refuse(self, code: int) -> None:
        """Accept, then close with a code the page can act on.

        Closing before accepting answers the handshake with a bare HTTP 403, and the
        browser cannot tell "log in again" from "no such board" from a network fault.
        """
        await self.accept()
        await self.close(code=code)

    async def disconnect(self, code: int) -> None:
        if hasattr(self, "board"):
            await self.unwatch()

    async def receive_json(self, content: Any, **kwargs: Any) -> None:
        kind = content.get("type") if isinstance(content, dict) and hasattr(self, "board") else None
        if kind == "resync":
            HUB.gaps_healed += 1
            await self.send_snapshot()
        elif kind == "hello":
            await self.send_json(await board_state(self.board))

    async def send_snapshot(self) -> None:
        text = await store.load_snapshot_text(self.board.pk)
        await self.send(text_data=text or '{"type": "waiting"}')

    async def deliver(self, text: str) -> None:
        """Send one message of the board, or keep it until the snapshot has gone."""
        if self.pending is not None:
            self.pending.append(text)
        else:
            await self.send(text_data=text)


class Hub:
    """This process's board sockets: one channel-layer member per board, and heartbeats.

    For each board with local sockets the hub holds a channel in the board's group and
    a task that receives from it and hands every message, as the text it came as, to
    each socket. Every few seconds each socket gets a heartbeat: the server's time, its
    tenant's freshness, the app version, and the board's latest epoch and seq, so a
    screen that silently missed a delta notices and asks for the snapshot.
    """

    # The channel layer forgets group members after a day; renew well before.
    RENEW_GROUPS = 3600.0

    def __init__(self) -> None:
        self.sockets: dict[int, set[BoardConsumer]] = defaultdict(set)
        self.boards: dict[int, Board] = {}
        self.channels: dict[int, str] = {}
        self.receivers: dict[int, asyncio.Task[None]] = {}
        self.latencies: list[float] = []
        self.gaps_healed = 0
        self.process = f"{socket.gethostname()}:{os.getpid()}"
        self._task: asyncio.Task[None] | None = None
        self._renewed = time.monotonic()

    @staticmethod
    def layer() -> Any:
        return get_channel_layer()

    async def follow(self, consumer: BoardConsumer) -> None:
        """Hand `consumer` every message of its board from now on."""
        board = consumer.board
        self.sockets[board.pk].add(consumer)
        self.boards[board.pk] = board
        if board.pk not in self.channels:
            channel = await self.layer().new_channel()
            self.channels[board.pk] = channel
            await self.layer().group_add(board.group_name, channel)
            self.receivers[board.pk] = asyncio.get_running_loop().create_task(
                self.receive(board.pk, channel)
            )
        if self._task is None or self._task.done():
            self._task = asyncio.get_running_loop().create_task(self.run())

    async def unfollow(self, consumer: BoardConsumer) -> None:
        board_id = consumer.board.pk
        self.sockets[board_id].discard(consumer)
        if self.sockets[board_id] or board_id not in self.channels:
            return
        # The last socket of this board here has gone: leave its group.
        del self.sockets[board_id]
        channel = self.channels.pop(board_id)
        self.receivers.pop(board_id).cancel()
        await self.layer().group_discard(self.boards.pop(board_id).group_name, channel)

    async def receive(self, board_id: int, channel: str) -> None:
        """Hand each message of the board's group to every local socket of the board."""
        while True:
            event = await self.layer().receive(channel)
            text = event.get("text")
            if text is None:
                continue
            await self.hand_out(self.sockets.get(board_id, set()), text)
            if "received" in event:
                self.latencies.append(time.time() - event["received"])

    @staticmethod
    async def hand_out(consumers: set[BoardConsumer], text: str) -> None:
        """Give `text` to each socket; one that cannot take it never stops the others."""
        for consumer in list(consumers):
            try:
                await consumer.deliver(text)
            except Exception:
                log.exception("could not send to a socket of board %s", consumer.board.pk)

    def reset(self) -> None:
        """Stop every task and forget every socket (for tests that start afresh)."""
        for task in [self._task, *self.receivers.values()]:
            if task is not None:
                task.cancel()
        self._task = None
        for mapping in (self.sockets, self.boards, self.channels, self.receivers):
            mapping.clear()
        self.latencies = []
        self.gaps_healed = 0

    async def run(self) -> None:
        while True:
            await asyncio.sleep(settings.WALLBOARD_HEARTBEAT_SECONDS)
            try:
                await self.beat()
            except Exception:  # a Redis hiccup must not end the heartbeats for good
                log.exception("heartbeat failed; trying again at the next one")

    async def beat(self) -> None:
        """Send every socket its board's heartbeat (serialised once per board)."""
        heads = await store.load_heads(list(self.sockets))
        for board_id, consumers in list(self.sockets.items()):
            if consumers:
                text = await self.heartbeat(self.boards[board_id], heads.get(board_id))
                await self.hand_out(consumers, text)
        if time.monotonic() - self._renewed > self.RENEW_GROUPS:
            await self.renew_groups()
        latencies, self.latencies = self.latencies, []
        gaps, self.gaps_healed = self.gaps_healed, 0
        clients = sum(len(c) for c in self.sockets.values())
        await sync_to_async(self.flush_metrics)(latencies, gaps, clients)

    async def renew_groups(self) -> None:
        for board_id, channel in list(self.channels.items()):
            await self.layer().group_add(self.boards[board_id].group_name, channel)
        self._renewed = time.monotonic()

    async def heartbeat(self, board: Board, head: tuple[str, int] | None = None) -> str:
        health = await store.TenantState.async_health(board.tenant_id)
        interval = board.tenant.poll_interval
        now = time.time()
        message: dict[str, Any] = {
            "type": "heartbeat",
            "board": board.pk,
            "server_time": now,
            "every": settings.WALLBOARD_HEARTBEAT_SECONDS,
            "interval": interval,
            "data": freshness(health, interval, now),
            "app_version": app_version(),
        }
        if head is not None:
            message["epoch"], message["seq"] = head
        return json.dumps(message)

    def flush_metrics(self, latencies: list[float], gaps: int, clients: int) -> None:
        r = store.client()
        metrics.observe_many(r, "broadcast", latencies)
        if gaps:
            metrics.count(r, "gaps_healed", by=gaps)
        metrics.set_clients(r, self.process, clients)


HUB = Hub()
