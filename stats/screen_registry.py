"""The registry of kiosk screens, in Redis so every web process sees every screen.

A kiosk reports itself over its socket after each heartbeat; each report refreshes its
entry, which expires `SCREEN_TTL` seconds after the last one, so a screen whose
process died simply ages out. Keys (prefixed `wb:`):
- `screen:<id>`  hash: name, link, board, board_title, seq, app_version, started,
                  heap, nodes, viewport, last_seen, process, connected
- `screens`      sorted set of screen ids by last report time
"""

from __future__ import annotations

import math
import re
from collections.abc import Mapping
from typing import Any, cast

from stats import store
from wallboard import clock

SCREEN_TTL = 120
INDEX = "wb:screens"
SCREEN_ID = re.compile(r"^[A-Za-z0-9-]{8,64}$")
NUMBERS = ("seq", "started", "heap", "nodes")
MOST = 1e15  # beyond any sequence, millisecond time, heap size or node count


def screen_key(screen_id: str) -> str:
    return f"wb:screen:{screen_id}"


def group_name(screen_id: str) -> str:
    """Return the channel-layer group a screen's commands go to."""
    return f"screen.{screen_id}"


def _number(value: object) -> float | None:
    """Return `value` if it is a number from 0 to MOST (finite), else None."""
    if isinstance(value, int | float) and not isinstance(value, bool):
        number = float(value)
        return number if math.isfinite(number) and 0 <= number <= MOST else None
    return None


def _stored_number(text: str) -> bool:
    try:
        return _number(float(text)) is not None
    except ValueError:
        return False


def client_fields(report: Mapping[str, object]) -> dict[str, str]:
    """Return what a screen's own report may set, checked and as text."""
    fields = {}
    for key in NUMBERS:
        number = _number(report.get(key))
        if number is not None:
            fields[key] = f"{number:.0f}"
    for key, limit in (("app_version", 40), ("viewport", 20)):
        value = report.get(key)
        if isinstance(value, str):
            fields[key] = value[:limit]
    return fields


class Reports:
    """Kiosk reports on their way to the registry: the latest of each screen, written
    together in one round trip (`flush`), so a thousand kiosks answering every heartbeat
    cost one pipeline per heartbeat, not a thousand."""

    def __init__(self) -> None:
        self.pending: dict[str, dict[str, str]] = {}

    def add(self, screen_id: str, fields: dict[str, str], at: float) -> None:
        """Keep a screen's report (fields as text), heard at `at`, until the next flush."""
        self.pending[screen_id] = {**fields, "last_seen": f"{at:.3f}", "connected": "1"}

    def disconnected(self, screen_id: str) -> None:
        """Mark a screen's socket closed; its entry stays until it expires or reconnects."""
        self.pending.setdefault(screen_id, {})["connected"] = "0"

    async def flush(self) -> int:
        """Write every pending report; return how many. On a Redis error the reports are
        kept (a newer one of the same screen replaces them) and the error raised."""
        pending, self.pending = self.pending, {}
        if not pending:
            return 0
        pipe = store.async_client().pipeline(transaction=False)
        for screen_id, fields in pending.items():
            key = screen_key(screen_id)
            pipe.hset(key, mapping=cast(Any, fields))
            pipe.expire(key, SCREEN_TTL)
            if "last_seen" in fields:
                pipe.zadd(INDEX, {screen_id: float(fields["last_seen"])})
        try:
            await pipe.execute()
        except Exception:
            self.pending = {**pending, **self.pending}
            raise
        return len(pending)


def list_screens(now: float | None = None) -> list[dict[str, str]]:
    """Return every screen heard from in the last SCREEN_TTL seconds, newest first."""
    r = store.client()
    now = now or clock.now(r)
    r.zremrangebyscore(INDEX, "-inf", now - SCREEN_TTL)
    ids = cast(list[str], r.zrevrange(INDEX, 0, -1))
    pipe = r.pipeline()
    for screen_id in ids:
        pipe.hgetall(screen_key(screen_id))
    entries = cast(list[dict[str, str]], pipe.execute())
    return [{"id": sid, **_sane(entry)} for sid, entry in zip(ids, entries, strict=True) if entry]


def _sane(entry: dict[str, str]) -> dict[str, str]:
    """Return an entry without numbers no screen can report (written by an older
    version that let `Infinity` through), so one bad report cannot break the page."""
    return {k: v for k, v in entry.items() if k not in NUMBERS or _stored_number(v)}
