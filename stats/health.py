"""How fresh a tenant's data is: the one reading behind /healthz and the screens.

States: `ok`; `starting` (no poll has finished yet); `waiting` (the tenant has no data
ready, 204); `stale` (the last good poll is older than twice the interval plus 5 s,
whatever the cause, e.g. no worker is polling); and the poller's failures
`auth_failed`, `subscription_limit`, `upstream_down`, `bad_response` (a success whose
body is not the documented data), which say why the data stopped. The last error is
the upstream's words, cut to 300 characters (`bpcc.client.cut`).
"""

from __future__ import annotations

from typing import Any, TypedDict

from bpcc.client import cut

FAILURES = ("auth_failed", "subscription_limit", "upstream_down", "bad_response")


class Freshness(TypedDict):
    state: str
    stale: bool
    last_ok: float | None
    data_age_seconds: float | None
    last_error: str | None


def stale_after(interval: float) -> float:
    """Return the data age past which a screen marks a tenant's numbers stale."""
    return 2 * interval + 5


def freshness(health: dict[str, Any], interval: float, now: float) -> Freshness:
    """Return the state of a tenant's data from the poller's record of it, at `now` on
    the deployment's clock (wallboard/clock.py), the one the record's times are on."""
    last_ok = float(health["last_ok"]) if health.get("last_ok") else None
    age = round(now - last_ok, 1) if last_ok is not None else None
    status = health.get("status") or "starting"
    stale = age is None or age > stale_after(interval)
    if status in FAILURES:
        state = status
    elif status == "ok" and stale:
        state = "stale"
    else:
        state = status
    return {
        "state": state,
        "stale": stale,
        "last_ok": last_ok,
        "data_age_seconds": age,
        # Cut here too: a record written before errors were cut may still be in Redis.
        "last_error": cut(health.get("last_error") or "") or None,
    }
