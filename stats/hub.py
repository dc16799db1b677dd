"""This web process's sockets, its one member of the channel layer, and the heartbeats.

Every socket of the process (a board page's or a kiosk's) follows channel-layer groups
through the hub: its board's, and a kiosk's link and screen groups. The hub holds one
channel for the whole process, adds it to each group that has a socket here, and hands
every event to the sockets of the group the event names (`group_event`). So a broadcast
costs the channel layer one delivery per process, whatever the number of screens, and
handing it out never waits for a socket (stats/outbox.py).

Every few seconds each socket gets its board's heartbeat: the deployment's time
(wallboard/clock.py), the freshness of its tenant's data, the app version, and the board's
latest epoch and seq, so a screen that silently missed a delta notices and asks for
the snapshot. Every WALLBOARD_ACCESS_CHECK_SECONDS the hub checks, in one batch, that
each board socket's user may still watch (boards/access.py), and closes those who may
not: 4401 after a logout, 4404 once the board is no longer theirs. A logout on this
deployment closes its session's sockets at once: every hub follows the `sessions`
group, which hears of each logout (stats/broadcast.py).

Redis may restart or be flushed, and with it go the channel layer's groups and the
poller's records. The hub's receive loop backs off and goes on; at every heartbeat the
hub checks its own key in Redis (`wb:hub:<process>`) and, when it is gone, joins every
group again. Meanwhile heartbeats say the data store is unreachable, and screens whose
data ages show it stale, never live, until fresh data arrives (static/js/stream.js).
"""

from __future__ import annotations

import asyncio
import hashlib
import logging
import os
import socket
from collections import defaultdict
from collections.abc import Coroutine
from typing import Any, Protocol

from asgiref.sync import sync_to_async
from channels.db import database_sync_to_async
from channels.layers import get_channel_layer
from django.conf import settings

from boards import access
from boards.models import Board
from stats import messages, screen_registry, store
from stats.health import freshness
from wallboard import clock, metrics
from wallboard.outage import Outage
from wallboard.version import app_version

log = logging.getLogger(__name__)

# Seconds between attempts to reach a lost channel layer: doubling up to the cap.
RETRY_FIRST = 0.25
RETRY_CAP = 4.0
# The hub's key in Redis lives this long. When it is missing (expired, or lost with a
# restarted or flushed Redis) the hub joins all its groups again; which also renews
# memberships before the channel layer forgets them (after a day).
JOINED_TTL = 3600
# Group joins and leaves in flight at once. A thousand kiosks that connect or close
# together (each has a group of its own) would otherwise take every connection of the
# layer's pool (100), and its receive would fail with them.
LAYER_CALLS = 16
# Sockets given a heartbeat between two turns of the event loop. Heartbeats are handed
# out on a timer, whatever else is going on: to thousands of sockets in one go they held
# the loop for a whole fan-out, and a delta that arrived meanwhile waited for it (the
# tail of benchmarks/fanout.py's latency). In turns, a delta waits for one turn at most.
HEARTBEAT_TURN = 200
# What heartbeats say of the data while Redis cannot be read.
STORE_DOWN = {
    "status": "store_down",
    "last_error": "the wallboard cannot reach its data store (Redis)",
}

Head = tuple[str, int]
# Groups every hub follows, socket or not: logouts, whose sockets close at once.
SESSIONS_GROUP = "sessions"
PROCESS_GROUPS = (SESSIONS_GROUP,)


def session_digest(session_key: str) -> str:
    """Return what a logout event names a session by: never the key itself, which
    would let anyone who reads the channel layer log in while the session lives."""
    return hashlib.sha256(session_key.encode()).hexdigest()


def group_event(group: str, kind: str, **fields: Any) -> dict[str, Any]:
    """Return a channel-layer event for the sockets of `group` (the hub reads `group`)."""
    return {"type": kind, "group": group, **fields}


class Member(Protocol):
    """A socket, as the hub sees it."""

    # Who watches on it, checked again now and then; None: a kiosk (its link is checked).
    viewer: access.Viewer | None

    def deliver(self, text: str) -> None:
        """Send `text` to the socket, without waiting for it."""

    def revoke(self) -> None:
        """Close the socket: its display link was revoked."""

    def shut(self, code: int) -> None:
        """Close the socket with `code`, without waiting for it."""


class Readings:
    """What one heartbeat says, read from Redis once for every board of the process."""

    def __init__(
        self, now: float, heads: dict[int, Head], healths: dict[int, dict[str, str]]
    ) -> None:
        self.now = now
        self.heads = heads
        self.healths = healths

    def heartbeat(self, board: Board) -> str:
        """Return `board`'s heartbeat message."""
        interval = board.tenant.poll_interval
        health = self.healths.get(board.tenant_id, STORE_DOWN)
        message = messages.heartbeat(
            board.pk,
            self.now,
            settings.WALLBOARD_HEARTBEAT_SECONDS,
            interval,
            freshness(health, interval, self.now),
            app_version(),
            self.heads.get(board.pk),
        )
        return messages.encode(message)


class Hub:
    """This process's sockets and the groups they follow."""

    def __init__(self) -> None:
        self.sockets: set[Member] = set()  # accepted and not yet gone
        self.members: dict[str, set[Member]] = defaultdict(set)
        self.memberships: dict[Member, set[str]] = defaultdict(set)
        self.boards: dict[str, Board] = {}  # board groups followed here
        self.joined: set[str] = set()  # groups our channel is in
        self.channel: str | None = None
        self.reports = screen_registry.Reports()
        self.latencies: list[float] = []
        self.gaps_healed = 0
        self.process = f"{socket.gethostname()}:{os.getpid()}"
        # Each logged once when it begins and once when it ends.
        self.store_outage = Outage("web: data store", "screens are told their data is stale")
        self.layer_outage = Outage(
            "web: channel layer",
            "retrying, then rejoining its groups",
            first=RETRY_FIRST,
            cap=RETRY_CAP,
        )
        self.layer_calls = asyncio.Semaphore(LAYER_CALLS)
        self._loops: list[asyncio.Task[None]] = []
        self._background: set[asyncio.Task[Any]] = set()

    @staticmethod
    def layer() -> Any:
        return get_channel_layer()

    def opened(self, member: Member) -> None:
        """Count `member` among the open sockets, from the moment it is accepted."""
        self.sockets.add(member)
        if not self._loops or any(loop.done() for loop in self._loops):
            self._start()

    def closed(self, member: Member) -> None:
        """Forget `member` everywhere. Safe to call on every exit path, and twice."""
        self.sockets.discard(member)
        for group in list(self.memberships.pop(member, ())):
            self.leave(member, group)

    async def join(self, member: Member, group: str, board: Board | None = None) -> None:
        """Hand `member` every event of `group` from now on (`board`: the board whose
        heartbeats it gets)."""
        self.members[group].add(member)
        self.memberships[member].add(group)
        if board is not None:
            self.boards[group] = board
        if group not in self.joined:
            await self._add(group)

    def leave(self, member: Member, group: str) -> None:
        """Stop handing `member` the events of `group`; the last to leave leaves the
        channel-layer group too."""
        self.memberships.get(member, set()).discard(group)
        members = self.members.get(group)
        if members is None:
            return
        members.discard(member)
        if members:
            return
        del self.members[group]
        self.boards.pop(group, None)
        if group in self.joined:
            self.joined.discard(group)
            self._spawn(self._discard(group))

    def hand_out(self, group: str, text: str) -> None:
        """Give `text` to every socket of `group`; none of them is waited for."""
        for member in list(self.members.get(group, ())):
            member.deliver(text)

    async def hand_out_in_turns(self, group: str, text: str) -> None:
        """Give `text` to every socket of `group`, HEARTBEAT_TURN sockets at a time,
        letting the loop hand out what arrives meanwhile between two turns. A socket
        gone in between is told nothing (its outbox is closed)."""
        members = list(self.members.get(group, ()))
        for start in range(0, len(members), HEARTBEAT_TURN):
            if start:
                await asyncio.sleep(0)
            for member in members[start : start + HEARTBEAT_TURN]:
                member.deliver(text)

    def dispatch(self, event: dict[str, Any]) -> None:
        """Act on one channel-layer event for the sockets of the group it names."""
        group = event.get("group", "")
        kind = event.get("type")
        if kind == "board.message":
            self.hand_out(group, event["text"])
            if "received" in event:
                self.latencies.append(clock.estimate() - float(event["received"]))
        elif kind == "screen.command":
            self.hand_out(group, messages.encode(messages.command(event["command"])))
        elif kind == "kiosk.revoked":
            for member in list(self.members.get(group, ())):
                member.revoke()
        elif kind == "session.ended":
            self.session_ended(event["session"])

    def session_ended(self, digest: str) -> None:
        """Close, with 4401, the board sockets of the session whose digest is `digest`."""
        for member in list(self.sockets):
            key = member.viewer.session_key if member.viewer is not None else None
            if key is not None and session_digest(key) == digest:
                member.shut(access.CLOSE_UNAUTHENTICATED)

    async def readings(self, boards: list[Board]) -> Readings:
        """Read what the heartbeats of `boards` say (Redis unreachable: STORE_DOWN)."""
        try:
            healths, heads = await store.load_healths_then_heads(
                sorted({board.tenant_id for board in boards}), [board.pk for board in boards]
            )
            now = await clock.anow(store.async_client())  # after: no data age below 0
        except Exception as exc:  # redis-py raises its own errors and OSErrors
            self.store_outage.failed(exc)
            return Readings(clock.estimate(), {}, {})
        self.store_outage.ended()
        return Readings(now, heads, healths)

    async def heartbeat(self, board: Board) -> str:
        """Return one board's heartbeat now (for a socket that has just connected)."""
        return (await self.readings([board])).heartbeat(board)

    async def beat(self) -> None:
        """Send every socket its board's heartbeat; rejoin lost groups; then write the
        kiosks' reports and the metrics."""
        await self._check_joined()
        boards = dict(self.boards)
        readings = await self.readings(list(boards.values()))
        for group, board in boards.items():
            await self.hand_out_in_turns(group, readings.heartbeat(board))
        await self._write()

    async def _write(self) -> None:
        try:
            await self.reports.flush()
        except Exception as exc:
            self.store_outage.failed(exc)
        latencies, self.latencies = self.latencies, []
        gaps, self.gaps_healed = self.gaps_healed, 0
        try:
            await sync_to_async(self._flush_metrics, thread_sensitive=False)(
                latencies, gaps, len(self.sockets)
            )
        except Exception as exc:
            self.store_outage.failed(exc)

    async def check_access(self) -> int:
        """Close the board sockets whose users may no longer watch; return how many."""
        watching = {m: m.viewer for m in list(self.sockets) if m.viewer is not None}
        if not watching:
            return 0
        refused = await database_sync_to_async(access.refusals)(watching.values())
        closed = 0
        for member, viewer in watching.items():
            if (code := refused.get(viewer)) is not None:
                member.shut(code)
                closed += 1
        return closed

    def reset(self) -> None:
        """Stop every task and forget every socket (for tests that start afresh)."""
        for task in [*self._loops, *self._background]:
            task.cancel()
        self.__init__()  # type: ignore[misc]

    # The loops, started with the first socket and running for the process's life.

    def _start(self) -> None:
        for task in self._loops:
            task.cancel()
        loop = asyncio.get_running_loop()
        self._loops = [
            loop.create_task(self._receive()),
            loop.create_task(self._heartbeats()),
            loop.create_task(self._access_checks()),
        ]

    async def _receive(self) -> None:
        """Receive the process's channel-layer events for ever, through any outage."""
        while True:
            try:
                event = await self.layer().receive(await self._channel())
            except Exception as exc:  # the channel layer is lost: try again, slower
                await asyncio.sleep(self.layer_outage.failed(exc))
                continue
            if self.layer_outage.since is not None:
                self.layer_outage.ended()
                self.joined.clear()  # checked and joined again at the next heartbeat
            self.dispatch(event)

    async def _heartbeats(self) -> None:
        """Beat on a fixed schedule, however long a beat takes (never two at once)."""
        loop = asyncio.get_running_loop()
        due = loop.time()
        while True:
            due = max(due + settings.WALLBOARD_HEARTBEAT_SECONDS, loop.time())
            await asyncio.sleep(due - loop.time())
            try:
                await self.beat()
            except Exception:  # a bug must not end the heartbeats of every screen
                log.exception("heartbeat failed; trying again at the next one")

    async def _access_checks(self) -> None:
        """Check every so often that each board socket's user may still watch."""
        while True:
            await asyncio.sleep(settings.WALLBOARD_ACCESS_CHECK_SECONDS)
            try:
                await self.check_access()
            except Exception:  # the database is away: the sockets stay until it is back
                log.exception("checking who may watch failed; trying again later")

    # Channel-layer membership.

    async def _channel(self) -> str:
        if self.channel is None:
            self.channel = str(await self.layer().new_channel())
        return self.channel

    async def _add(self, group: str) -> None:
        try:
            async with self.layer_calls:
                await self.layer().group_add(group, await self._channel())
        except Exception as exc:  # joined again once the layer is back
            self.layer_outage.failed(exc)
            return
        if group in self.members or group in PROCESS_GROUPS:
            self.joined.add(group)

    async def _discard(self, group: str) -> None:
        try:
            async with self.layer_calls:
                await self.layer().group_discard(group, await self._channel())
        except Exception:  # lost with the layer anyway, or expires by itself
            log.debug("could not leave group %s", group)

    async def _check_joined(self) -> None:
        """Join every group again if Redis lost them (our key is gone), or if a join
        failed while the layer was away."""
        key = f"wb:hub:{self.process}"
        try:
            lost = bool(await store.async_client().set(key, 1, nx=True, ex=JOINED_TTL))
        except Exception as exc:
            self.store_outage.failed(exc)
            return
        if lost or {*PROCESS_GROUPS, *self.members} - self.joined:
            self.joined.clear()
            for group in [*PROCESS_GROUPS, *self.members]:
                await self._add(group)

    def _spawn(self, coro: Coroutine[Any, Any, Any]) -> None:
        task = asyncio.get_running_loop().create_task(coro)
        self._background.add(task)
        task.add_done_callback(self._background.discard)

    # One log line when Redis or the channel layer is lost, and one when it is back.

    def _flush_metrics(self, latencies: list[float], gaps: int, clients: int) -> None:
        r = store.client()
        metrics.observe_many(r, "broadcast", latencies)
        if gaps:
            metrics.count(r, "gaps_healed", by=gaps)
        metrics.set_clients(r, self.process, clients)


HUB = Hub()
