"""Campaign figures for the boards' campaign widgets, fetched in the tenant's poll.

A campaign widget names a campaign and shows its state and how many records of its
lists are completed, of how many: the figures of bpcc/campaign_progress.py, which the
console's campaign pages compute too. They come from the tenant's admin API, with the
console's client and admin token (console/tenancy.py), and never from a page view.
Each list's count is kept here between fetches (`Cache.tallies`) and carried forward,
so a fetch reads only what completed since the last.

Figures are fetched at most once every `FETCH_EVERY` seconds per tenant, whether the
fetch works or not. Polls of one tenant never overlap (the lock in stats/tasks.py), so
reading and then writing the time of the last attempt is not a race. A failed fetch
keeps the last figures and counts; widgets show them with the time they were fetched.
Those times, read by whichever worker polls next and by the screens, are on the
deployment's one clock, Redis' `TIME` (wallboard/clock.py).
"""

from __future__ import annotations

import logging
from typing import Any, TypedDict, cast

from bpcc.admin_api import UpstreamError
from bpcc.campaign_progress import Counts, Figures, fetch
from bpcc.client import cut
from bpcc.models import Tenant
from bpcc.tokens import client_for
from stats.snapshot import CampaignCell, no_figures
from stats.store import TenantState
from wallboard import clock

log = logging.getLogger(__name__)

FETCH_EVERY = 10.0  # seconds between fetches of a tenant, however many screens watch


class Cache(TypedDict):
    """What Redis keeps of a tenant's campaign figures (`TenantState.campaigns`)."""

    attempted_at: float  # the last fetch, whatever its outcome: the throttle
    fetched_at: float | None  # the last fetch that worked
    error: str  # why the last fetch failed; "" when it worked
    wanted: list[str]  # the names the last fetch that worked asked for
    campaigns: dict[str, Figures]  # of those, the ones the tenant has
    tallies: Counts


def is_due(cache: Cache | None, now: float) -> bool:
    """Return True if the tenant's figures may be fetched at `now` (the throttle)."""
    return cache is None or not 0 <= now - cache["attempted_at"] < FETCH_EVERY


def cell(cache: Cache | None, name: str) -> CampaignCell:
    """Return what a widget showing campaign `name` is sent, from the cached figures."""
    if cache is None or name not in cache["wanted"]:
        return no_figures("unavailable" if cache and cache["error"] else "pending")
    as_of = cache["fetched_at"] if cache["error"] else None
    found = cache["campaigns"].get(name)
    if found is None:
        return {**no_figures("missing"), "as_of": as_of}
    return {"status": "ok", **found, "as_of": as_of}


def refresh(
    tenant: Tenant,
    names: list[str],
    state: TenantState,
    *,
    timeout: float,
    deadline: float | None = None,
    now: float | None = None,
) -> Cache | None:
    """Return the tenant's cached figures, fetched first for `names` if due.

    Never raises for the upstream's sake: a failed fetch is recorded in the cache.
    """
    cache = cast(Cache | None, state.campaigns())
    now = clock.now(state.r) if now is None else now
    if not names or not is_due(cache, now):
        return cache
    previous = cache["tallies"] if cache else {}
    # An answer of an unexpected shape fails the fetch as an error status would.
    try:
        with client_for(tenant, timeout=timeout, deadline=deadline) as api:
            figures, tallies = fetch(api, tenant.flavour, names, previous, now)
    except (UpstreamError, KeyError, TypeError, ValueError, AttributeError) as exc:
        cache = _failed(cache, now, cut(f"{type(exc).__name__}: {exc}"), tenant.pk)
    else:
        cache = {
            "attempted_at": now,
            "fetched_at": now,
            "error": "",
            "wanted": sorted(names),
            "campaigns": figures,
            "tallies": tallies,
        }
    state.save_campaigns(cast(dict[str, Any], cache))
    return cache


def _failed(cache: Cache | None, now: float, error: str, tenant_id: int) -> Cache:
    if not cache or not cache["error"]:  # log when it starts failing, not at every try
        log.warning(
            "tenant %s: campaign figures not fetched, keeping the last (%s)", tenant_id, error
        )
    if cache is None:
        return {
            "attempted_at": now,
            "fetched_at": None,
            "error": error,
            "wanted": [],
            "campaigns": {},
            "tallies": {},
        }
    return {**cache, "attempted_at": now, "error": error}
