"""Names a tenant offers the board editor's pickers, read through a Redis cache: the
dispositions of the leaderboard and the services a widget may be limited to (from the
statistics configuration), and the campaigns of the campaign widget (from the admin API).

Only the editor asks, and it asks Redis: the upstream is called at most once per
`CACHE_SECONDS` per tenant and kind, however many supervisors edit boards.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any, cast

from django.conf import settings

from bpcc.client import BpccClient, Token, UpstreamError
from bpcc.models import Tenant
from bpcc.tokens import client_for, credential, statistics_tokens
from wallboard import redis_pool

CACHE_SECONDS = 600
# Agents are kept for a day: the list is a picker's suggestions, not a roster.
AGENTS_SECONDS = 86_400


@dataclass(frozen=True)
class Names:
    names: list[str]
    error: str = ""  # the upstream's words when the names could not be read


def dispositions(tenant: Tenant) -> Names:
    """Return the tenant's disposition names ("Get Dispositions")."""
    return _statistics(tenant, "dispositions", lambda client, token: client.get_dispositions(token))


def services(tenant: Tenant) -> Names:
    """Return the names of the services the tenant's API user supervises
    (`cfg/services`, which Bright Pattern's own wallboard reads)."""
    return _statistics(
        tenant, "services", lambda client, token: [s["name"] for s in client.get_services(token)]
    )


def campaign_names(tenant: Tenant) -> Names:
    """Return the names of the tenant's campaigns, read with the console's client and
    admin token: "Get Campaigns" (v3 campaign/getAll, or v2 by name on OneCloud CX)."""

    def fetch() -> list[str]:
        with client_for(tenant, timeout=settings.WALLBOARD_UPSTREAM_TIMEOUT) as api:
            if tenant.is_onecloud:
                return [c["name"] for c in api.v2_get_campaigns()]
            return [c["name"] for c in api.get_campaigns()]

    return read_through(tenant, "campaigns", fetch)


def _statistics(
    tenant: Tenant, kind: str, names: Callable[[BpccClient, Token], list[str]]
) -> Names:
    """Return names read from the statistics configuration with the poller's own
    credential: a new statsapi login would end the poller's session (reference §4
    "Authentication")."""

    def fetch() -> list[str]:
        with BpccClient(tenant.base_url, timeout=settings.WALLBOARD_UPSTREAM_TIMEOUT) as client:
            return names(client, credential(client, tenant, statistics_tokens(tenant)))

    return read_through(tenant, kind, fetch)


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


def agents(tenant: Tenant) -> Names:
    """Return the login ids of the agents the tenant's poll has seen in agent grids
    (`remember_agents`): the statistics API has no list of agents of its own."""
    cached = cast(str | None, redis_pool.client().get(cache_key(tenant.pk, "agents")))
    if cached is None:
        return Names([], "No agent seen yet: a board of this tenant with an agent grid lists them.")
    return Names(json.loads(cached))


def remember_agents(tenant_id: int, body: dict[str, Any], raw: dict[str, Any]) -> None:
    """Keep the login ids of the agent grids of subscription data `raw` (whose
    subscription is `body`) for `agents`; nothing when no grid shows login ids."""
    seen: set[str] = set()
    for app_id, section in body.items():
        answered = {g.get("id"): g for g in (raw.get(app_id) or {}).get("agent_grids") or []}
        for grid in section.get("agent_grids", []):
            login = [c["id"] for c in grid.get("columns", []) if c.get("stat_name") == "login_id"]
            rows = (answered.get(grid.get("id")) or {}).get("values") or []
            seen |= {str(row[login[0]]) for row in rows if login and row.get(login[0])}
    if seen:
        r = redis_pool.client()
        r.set(cache_key(tenant_id, "agents"), json.dumps(sorted(seen)), ex=AGENTS_SECONDS)
