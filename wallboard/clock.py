"""The deployment's one clock: Redis' `TIME`.

Data ages compare times taken on different machines: a worker stamps when the tenant
answered, a web process says how old that is, a beat decides which poll slot has begun
and a worker whether it is still in time for it. A few seconds of skew between their
clocks would hide staleness, make screens stale for ever, or drop every poll. So every
such time is read from the one server they all share: Redis, with `TIME`.

Each process remembers how far its own clock is from Redis' at the last reading, and
uses that while Redis cannot be reached (then nothing is polled or published anyway).
A reading costs one round trip; callers take one per poll, per tick or per heartbeat,
not one per socket.
"""

from __future__ import annotations

import time
from typing import Any

import redis
import redis.asyncio

_offset = 0.0  # Redis' clock minus this process's, at the last reading


def now(r: redis.Redis) -> float:
    """Return the deployment's time, in Unix seconds (this process's estimate of it
    when Redis cannot be reached)."""
    try:
        before = time.time()
        reply = r.time()
        return _reading(reply, before, time.time())
    except redis.RedisError:
        return time.time() + _offset


async def anow(r: redis.asyncio.Redis) -> float:
    """Return the deployment's time, as `now`, from async code."""
    try:
        before = time.time()
        reply = await r.time()
        return _reading(reply, before, time.time())
    except redis.RedisError:
        return time.time() + _offset


def estimate() -> float:
    """Return the deployment's time from the last reading, without asking Redis."""
    return time.time() + _offset


def _reading(reply: Any, sent: float, received: float) -> float:
    """Return Redis' time from its TIME reply and remember this process's offset. The
    reply was taken somewhere between `sent` and `received`: take the middle."""
    global _offset
    seconds, microseconds = reply
    server = int(seconds) + int(microseconds) / 1_000_000
    _offset = server - (sent + received) / 2
    return server
