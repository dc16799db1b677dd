"""The deployment's own endpoints: /healthz for load balancers and /metrics for
Prometheus. Data ages are measured on the deployment's one clock, Redis' `TIME`
(wallboard/clock.py), on which the workers stamp the data."""

from __future__ import annotations

import hmac
from typing import Any, cast

from django.conf import settings
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.views.decorators.http import require_GET
from prometheus_client import CollectorRegistry, generate_latest
from prometheus_client.exposition import CONTENT_TYPE_LATEST

from bpcc.models import Tenant
from stats import store
from stats.health import freshness
from stats.scheduler import LEADER_KEY, ROUND_KEY
from wallboard import clock
from wallboard.metrics import RedisCollector

LOCALHOST = {"127.0.0.1", "::1"}


@require_GET
def healthz(request: HttpRequest) -> JsonResponse:
    """Return ok / not ok per enabled tenant id; 503 if any is not ok. Staff and the
    metrics token also get each tenant's name, state, data age and last error, the
    active beat and how far behind its last round of polls was (`polling`): anonymous
    callers (a load balancer) learn nothing else."""
    now = clock.now(store.client())
    tenants: dict[str, dict[str, Any]] = {}
    for tenant in Tenant.objects.filter(enabled=True):
        health = store.TenantState(store.client(), tenant.pk).health()
        reading = freshness(health, tenant.poll_interval, now)
        tenants[str(tenant.pk)] = {"ok": reading["state"] == "ok", "name": tenant.name, **reading}
    healthy = all(t["ok"] for t in tenants.values())
    if may_read_details(request):
        body = {
            "ok": healthy,
            "tenants": tenants,
            "scheduler": store.client().get(LEADER_KEY),
            "polling": polling(now),
        }
    else:
        body = {"ok": healthy, "tenants": {pk: {"ok": t["ok"]} for pk, t in tenants.items()}}
    return JsonResponse(body, status=200 if healthy else 503)


def polling(now: float) -> dict[str, Any] | None:
    """Return the beat's last round of polls: when (seconds ago), the tenants due, how
    many had missed their previous slot, and the longest any had waited since its last
    poll started; past the workers' capacity, that is the interval each is polled at."""
    last = cast(dict[str, str], store.client().hgetall(ROUND_KEY))
    if not last:
        return None
    return {
        "seconds_ago": round(now - float(last["at"]), 1),
        "tenants_due": int(last["due"]),
        "missed_previous_slot": int(last["missed"]),
        "wait_max_seconds": float(last["wait_max"]),
    }


def may_read_details(request: HttpRequest) -> bool:
    """Return True for staff or the scraper's bearer token (WALLBOARD_METRICS_TOKEN)."""
    token = settings.WALLBOARD_METRICS_TOKEN
    given = request.headers.get("Authorization", "").removeprefix("Bearer ").strip()
    if token and hmac.compare_digest(given, token):
        return True
    return bool(request.user.is_staff)


def may_read_metrics(request: HttpRequest) -> bool:
    """Return True for the scraper's bearer token, staff, or (with no token set) localhost."""
    if settings.WALLBOARD_METRICS_TOKEN:
        return may_read_details(request)
    return request.META.get("REMOTE_ADDR") in LOCALHOST or request.user.is_staff


@require_GET
def prometheus_metrics(request: HttpRequest) -> HttpResponse:
    """Return the operational metrics in Prometheus' text format."""
    if not may_read_metrics(request):
        return HttpResponse("Metrics need the scraper's token.", status=403)
    registry = CollectorRegistry(auto_describe=True)
    registry.register(RedisCollector(store.client()))
    return HttpResponse(generate_latest(registry), content_type=CONTENT_TYPE_LATEST)
