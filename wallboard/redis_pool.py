"""The deployment's Redis, one client (a connection pool underneath) per process.

Every app keeps its live state there under keys prefixed `wb:`; stats/store.py lists
the pipeline's keys, bpcc/tokens.py the tokens'.
"""

from __future__ import annotations

from functools import cache

import redis
import redis.asyncio
from django.conf import settings


@cache
def client() -> redis.Redis:
    """Return this process's Redis client (a connection pool underneath)."""
    return redis.Redis.from_url(settings.REDIS_URL, decode_responses=True)


@cache
def async_client() -> redis.asyncio.Redis:
    """Return this process's asyncio Redis client, for consumers."""
    return redis.asyncio.Redis.from_url(settings.REDIS_URL, decode_responses=True)
