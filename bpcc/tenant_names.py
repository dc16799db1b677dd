"""Names a tenant offers the board editor's pickers (dispositions, campaigns, services),
read through a Redis cache.

Only the editor asks, and it asks Redis: the upstream is called at most once per
`CACHE_SECONDS` per tenant and kind, however many supervisors edit boards.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import cast

from bpcc.client import UpstreamError
from bpcc.models import Tenant
from wallboard import redis_pool

CACHE_SECONDS = 600


@dataclass(frozen=True)
class Names:
    names: list[str]
    error: str = ""  # the upstream's words when the names could not be read


def cache_key(tenant_id: int, kind: str) -> str:
    return f"wb:tenant:{tenant_id}:names:{kind}"


def read_through(tenant: Tenant, kind: str, fetch: Callable[[], Iterable[str]]) -> Names:
    """Return the tenant's `kind` names (sorted, once each), from the cache or else from
    `fetch`; when the upstream refuses, no names and its words (nothing is cached)."""
    r = redis_pool.client()
    cached = cast(str | None, r.get(cache_key(tenant.pk, kind)))
    if cached is not None:
        return Names(json.loads(cached))
    try:
        names = sorted(set(fetch()))
    except UpstreamError as exc:
        return Names([], f"The tenant did not list its {kind} ({exc}).")
    r.set(cache_key(tenant.pk, kind), json.dumps(names), ex=CACHE_SECONDS)
    return Names(names)
