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
    """Stream one board: snapshot on connect, deltas, heartbeats; resync on request."""

    board: Board

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
        """Join the board's group and send its snapshot and a first heartbeat."""
        self.board = board
        # Join before reading the snapshot, so no delta falls between the two; the
        # client drops deltas whose seq its snapshot already covers.
        await self.channel_layer.group_add(board.group_name, self.channel_name)
        await self.send_snapshot()
        await HUB.join(self)

    async def unwatch(self) -> None:
        """Leave the board's group and the heartbeats."""
        HUB.leave(self)
        await self.channel_layer.group_discard(self.board.group_name, self.channel_name)

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

    async def board_message(self, event: dict[str, Any]) -> None:
        await self.send(text_data=event["text"])
        if "received" in event:
            HUB.latencies.append(time.time() - event["received"])


class Hub:
    """This process's open board sockets, and the heartbeat that reaches each of them."""

    def __init__(self) -> None:
        self.sockets: dict[int, set[BoardConsumer]] = defaultdict(set)
        self.latencies: list[float] = []
        self.gaps_healed = 0
        self.process = f"{socket.gethostname()}:{os.getpid()}"
        self._task: asyncio.Task[None] | None = None

    async def join(self, consumer: BoardConsumer) -> None:
        self.sockets[consumer.board.tenant_id].add(consumer)
        if self._task is None or self._task.done():
            self._task = asyncio.get_running_loop().create_task(self.run())
        await consumer.send(text_data=await self.heartbeat(consumer.board))

    def leave(self, consumer: BoardConsumer) -> None:
        self.sockets[consumer.board.tenant_id].discard(consumer)

    def reset(self) -> None:
        """Stop the heartbeats and forget every socket (for tests that start afresh)."""
        if self._task is not None:
            self._task.cancel()
        self._task = None
        self.sockets.clear()
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
        """Send every socket its tenant's heartbeat (serialised once per tenant)."""
        for consumers in list(self.sockets.values()):
            if not consumers:
                continue
            text = await self.heartbeat(next(iter(consumers)).board)
            for consumer in list(consumers):
                await consumer.send(text_data=text)
        latencies, self.latencies = self.latencies, []
        gaps, self.gaps_healed = self.gaps_healed, 0
        clients = sum(len(c) for c in self.sockets.values())
        await sync_to_async(self.flush_metrics)(latencies, gaps, clients)

    async def heartbeat(self, board: Board) -> str:
        health = await store.TenantState.async_health(board.tenant_id)
        interval = board.tenant.poll_interval
        now = time.time()
        return json.dumps(
            {
                "type": "heartbeat",
                "server_time": now,
                "every": settings.WALLBOARD_HEARTBEAT_SECONDS,
                "interval": interval,
                "data": freshness(health, interval, now),
                "app_version": app_version(),
            }
        )

    def flush_metrics(self, latencies: list[float], gaps: int, clients: int) -> None:
        r = store.client()
        metrics.observe_many(r, "broadcast", latencies)
        if gaps:
            metrics.count(r, "gaps_healed", by=gaps)
        metrics.set_clients(r, self.process, clients)


HUB = Hub()
