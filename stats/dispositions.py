"""The disposition names of a tenant, for the leaderboard's picker, read through a cache.

Only the editor asks, and it asks Redis: the upstream is called at most once per
`CACHE_SECONDS` per tenant, with the poller's own credential (a new statsapi login would
end the poller's session, reference §4 "Authentication").
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import cast

from django.conf import settings

from stats import store
from stats.models import Tenant
from stats.poller import credential
from stats.upstream import BpccClient, UpstreamError

CACHE_SECONDS = 600


@dataclass(frozen=True)
class Dispositions:
    names: list[str]
    error: str = ""  # the upstream's words when the names could not be read


def cache_key(tenant_id: int) -> str:
    return f"wb:tenant:{tenant_id}:dispositions"


def dispositions(tenant: Tenant) -> Dispositions:
    """Return the tenant's disposition names, from the cache or else the upstream."""
    r = store.client()
    cached = cast(str | None, r.get(cache_key(tenant.pk)))
    if cached is not None:
        return Dispositions(json.loads(cached))
    state = store.TenantState(r, tenant.pk)
    try:
        with BpccClient(tenant.base_url, timeout=settings.WALLBOARD_UPSTREAM_TIMEOUT) as client:
            names = sorted(client.get_dispositions(credential(client, tenant, state)))
    except UpstreamError as exc:
        return Dispositions([], f"The tenant did not list its dispositions ({exc}).")
    r.set(cache_key(tenant.pk), json.dumps(names), ex=CACHE_SECONDS)
    return Dispositions(names)
