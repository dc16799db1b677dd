"""The campaign names of a tenant, for the campaign widget's picker, read through a cache.

Only the editor asks, and it asks Redis: the upstream ("Get Campaigns": v3
campaign/getAll, or v2 by name on OneCloud CX) is called at most once per
`CACHE_SECONDS` per tenant, with the console's client and admin token.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import cast

from django.conf import settings

from console.tenancy import client_for
from stats import store
from stats.models import Tenant
from stats.upstream import UpstreamError

CACHE_SECONDS = 600


@dataclass(frozen=True)
class CampaignNames:
    names: list[str]
    error: str = ""  # the upstream's words when the names could not be read


def cache_key(tenant_id: int) -> str:
    return f"wb:tenant:{tenant_id}:campaign-names"


def campaign_names(tenant: Tenant) -> CampaignNames:
    """Return the names of the tenant's enabled campaigns, from the cache or else the
    upstream."""
    r = store.client()
    cached = cast(str | None, r.get(cache_key(tenant.pk)))
    if cached is not None:
        return CampaignNames(json.loads(cached))
    try:
        with client_for(tenant, timeout=settings.WALLBOARD_UPSTREAM_TIMEOUT) as api:
            if tenant.flavour == Tenant.Flavour.ONECLOUD:
                names = sorted({c["name"] for c in api.v2_get_campaigns()})
            else:
                names = sorted({c["name"] for c in api.get_campaigns()})
    except UpstreamError as exc:
        return CampaignNames([], f"The tenant did not list its campaigns ({exc}).")
    r.set(cache_key(tenant.pk), json.dumps(names), ex=CACHE_SECONDS)
    return CampaignNames(names)
