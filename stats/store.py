"""What the poller keeps in Redis: tokens, subscription state, health and snapshots.

Times that other processes read (`updated`, `last_ok`, the history's) are on the
deployment's one clock, Redis' `TIME` (wallboard/clock.py), whatever the clock of the
machine that wrote them. Tokens are the exception (bpcc/tokens.py).

Keys (all prefixed `wb:`):
- `tenant:<id>:token`         the poller's token (bpcc/tokens.py)
- `tenant:<id>:subscription`  fingerprint of the subscription body in force upstream
- `tenant:<id>:health`        hash: status, last_ok, last_error, updated
- `tenant:<id>:lock`          held while one poll of that tenant runs
- `tenant:<id>:history`       stream of the tenant's typed totals, one entry per poll
- `tenant:<id>:campaigns`     JSON: the campaign widgets' figures, when they were fetched,
                              and the per-list counts they carry forward
                              (stats/campaign_figures.py)
- `tenant:<id>:latest`        JSON: the last good poll's raw data, what else it read and
                              when, for the editor's live canvas (stats/preview.py)
- `tenant:<id>:names:<kind>`  JSON list: names for the editor's pickers, for 10 minutes
                              (bpcc/names.py)
- `polls:started`             sorted set: tenant id by when its last poll started, which
                              puts the longest unpolled first in each slot (stats/scheduler.py)
- `board:<id>:snapshot`       the board's latest snapshot message, as sent to clients
- `board:<id>:head`           "<epoch> <seq>" of that snapshot, for the heartbeats
"""

from __future__ import annotations

import json
import math
from typing import Any, cast

import redis

from bpcc.client import cut
from bpcc.tokens import RedisTokens, statistics_token_key
from wallboard import clock
from wallboard.redis_pool import async_client, client  # noqa: F401 (store.client())

HISTORY_SECONDS = 86_400
# Campaign figures outlive an outage of a day; past that they are dropped, not shown.
CAMPAIGNS_SECONDS = 86_400


def _tenant(tenant_id: int, what: str) -> str:
    return f"wb:tenant:{tenant_id}:{what}"


def snapshot_key(board_id: int) -> str:
    return f"wb:board:{board_id}:snapshot"


class TenantState:
    """The poller's memory of one tenant between polls, which may run in any worker."""

    def __init__(self, r: redis.Redis, tenant_id: int) -> None:
        self.r = r
        self.tenant_id = tenant_id

    def lock(self, ttl: float) -> Any:
        """Return a lock that at most one poll of this tenant holds; it expires after ttl."""
        return self.r.lock(_tenant(self.tenant_id, "lock"), timeout=ttl, blocking=False)

    def tokens(self, made_with: str) -> RedisTokens:
        """Return the poller's token store, for credentials `made_with` (bpcc/tokens.py)."""
        return RedisTokens(self.r, statistics_token_key(self.tenant_id), made_with)

    def subscription(self) -> str | None:
        return cast(str | None, self.r.get(_tenant(self.tenant_id, "subscription")))

    def save_subscription(self, fingerprint: str) -> None:
        self.r.set(_tenant(self.tenant_id, "subscription"), fingerprint)

    def forget_subscription(self) -> None:
        self.r.delete(_tenant(self.tenant_id, "subscription"))

    def record(self, status: str, error: str = "", at: float | None = None) -> str | None:
        """Record the outcome of a poll for /healthz and the pages at `at` (the
        deployment's time; now if None), `error` cut to 300 characters; return the
        previous status."""
        pipe = self.r.pipeline(transaction=False)
        self._record(pipe, status, error, clock.now(self.r) if at is None else at)
        previous, _ = pipe.execute()
        return cast(str | None, previous)

    def _record(self, pipe: Any, status: str, error: str, now: float) -> None:
        """Queue on `pipe` the reading of the previous status, then the new record."""
        fields: dict[str, str | float] = {
            "status": status,
            "updated": now,
            "last_error": cut(error),
        }
        if status == "ok":
            fields["last_ok"] = now
        pipe.hget(_tenant(self.tenant_id, "health"), "status")
        pipe.hset(_tenant(self.tenant_id, "health"), mapping=cast(dict[Any, Any], fields))

    def save_good_poll(
        self,
        received: float,
        raw: dict[str, Any],
        feeds: Any,
        totals: dict[str, Any],
        interval: float,
    ) -> str | None:
        """Keep a good poll (answered at `received`) in one round trip: its data for
        the editor (`save_latest`), its totals in the history (`append_history`), and
        the "ok" record (`record`); return the previous status."""
        pipe = self.r.pipeline(transaction=False)
        self._save_latest(pipe, received, raw, feeds)
        self._append_history(pipe, received, totals, interval)
        self._record(pipe, "ok", "", received)
        *_, previous, _ = pipe.execute()
        return cast(str | None, previous)

    def append_history(self, at: float, totals: dict[str, Any], interval: float) -> None:
        """Add one poll's totals to the history, which keeps a day of polls."""
        self._append_history(self.r, at, totals, interval)

    def _append_history(self, r: Any, at: float, totals: dict[str, Any], interval: float) -> None:
        r.xadd(
            _tenant(self.tenant_id, "history"),
            {"t": at, "totals": json.dumps(totals)},
            maxlen=math.ceil(HISTORY_SECONDS / interval),
            approximate=True,
        )

    def history(self, since: float = 0) -> list[tuple[float, dict[str, Any]]]:
        """Return (time, totals) of the polls since `since`, oldest first."""
        entries = self.r.xrange(_tenant(self.tenant_id, "history"), min=f"{int(since * 1000)}")
        return [(float(f["t"]), json.loads(f["totals"])) for _, f in cast(Any, entries)]

    def campaigns(self) -> dict[str, Any] | None:
        """Return the tenant's cached campaign figures, or None if there are none."""
        text = cast(str | None, self.r.get(_tenant(self.tenant_id, "campaigns")))
        return json.loads(text) if text else None

    def save_campaigns(self, cache: dict[str, Any]) -> None:
        key = _tenant(self.tenant_id, "campaigns")
        self.r.set(key, json.dumps(cache), ex=CAMPAIGNS_SECONDS)

    def save_latest(self, received: float, raw: dict[str, Any], feeds: Any) -> None:
        """Keep the last good poll's data, from which the editor draws unsaved widgets."""
        self._save_latest(self.r, received, raw, feeds)

    def _save_latest(self, r: Any, received: float, raw: dict[str, Any], feeds: Any) -> None:
        latest = {"received": received, "raw": raw, "feeds": feeds}
        r.set(_tenant(self.tenant_id, "latest"), json.dumps(latest), ex=HISTORY_SECONDS)

    def latest(self) -> dict[str, Any] | None:
        """Return the last good poll's {received, raw, feeds}, or None before the first."""
        text = cast(str | None, self.r.get(_tenant(self.tenant_id, "latest")))
        return json.loads(text) if text else None

    def health(self) -> dict[str, str]:
        return cast(dict[str, str], self.r.hgetall(_tenant(self.tenant_id, "health")))


POLLS_STARTED = "wb:polls:started"


def mark_polled(r: redis.Redis, tenant_id: int, at: float) -> None:
    """Note that a poll of the tenant started at `at` (the deployment's time)."""
    r.zadd(POLLS_STARTED, {str(tenant_id): at})


def polls_started(r: redis.Redis, tenant_ids: list[int]) -> list[float | None]:
    """Return when the last poll of each tenant started (None: not since Redis started)."""
    if not tenant_ids:
        return []
    return cast(list[float | None], r.zmscore(POLLS_STARTED, [str(t) for t in tenant_ids]))


def head_key(board_id: int) -> str:
    return f"wb:board:{board_id}:head"


def save_snapshot(r: redis.Redis, board_id: int, text: str, epoch: str, seq: int) -> None:
    """Store a board's snapshot message and its head (epoch and seq) together."""
    r.mset({snapshot_key(board_id): text, head_key(board_id): f"{epoch} {seq}"})


async def load_healths_then_heads(
    tenant_ids: list[int], board_ids: list[int]
) -> tuple[dict[int, dict[str, str]], dict[int, tuple[str, int]]]:
    """Return the poller's record of each tenant, then (epoch, seq) of the latest
    snapshot of each board that has one, in one round trip, from async code.

    In that order: a heartbeat vouches that the board's latest snapshot was still
    current at its tenant's last good poll. A poll writes its snapshot before its
    record (stats/poller.py), so a snapshot read after the record is the one of that
    poll or a later one, and the page dates it by the later of the two. Read the other
    way round, a poll landing between the reads would have a heartbeat vouch for the
    snapshot before it at the new poll's time.
    """
    pipe = async_client().pipeline(transaction=False)
    for tenant_id in tenant_ids:
        pipe.hgetall(_tenant(tenant_id, "health"))
    for board_id in board_ids:
        pipe.get(head_key(board_id))
    replies = await pipe.execute()
    records, values = replies[: len(tenant_ids)], replies[len(tenant_ids) :]
    healths = dict(zip(tenant_ids, cast(list[dict[str, str]], records), strict=True))
    heads = {}
    for board_id, value in zip(board_ids, values, strict=True):
        if value:
            epoch, seq = str(value).split()
            heads[board_id] = (epoch, int(seq))
    return healths, heads


def load_snapshot(r: redis.Redis, board_id: int) -> dict[str, Any] | None:
    text = cast(str | None, r.get(snapshot_key(board_id)))
    return json.loads(text) if text else None


async def load_snapshot_text(board_id: int) -> str | None:
    """Return the board's latest snapshot message exactly as clients receive it."""
    return cast(str | None, await async_client().get(snapshot_key(board_id)))
