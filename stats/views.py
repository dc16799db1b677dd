"""Board pages, the health endpoint and the metrics endpoint."""

from __future__ import annotations

import hmac
import time

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, render
from django.views.decorators.http import require_GET
from prometheus_client import CollectorRegistry, generate_latest
from prometheus_client.exposition import CONTENT_TYPE_LATEST

from stats import catalogue, store
from stats.health import freshness
from stats.metrics import RedisCollector
from stats.models import Board, Tenant
from stats.scheduler import LEADER_KEY
from stats.subscription import total_key, total_stats

LOCALHOST = {"127.0.0.1", "::1"}


@login_required
def board_list(request: HttpRequest) -> HttpResponse:
    boards = Board.objects.visible_to(request.user).select_related("tenant")
    return render(request, "stats/board_list.html", {"boards": boards})


@login_required
def board_detail(request: HttpRequest, slug: str) -> HttpResponse:
    board = get_object_or_404(Board.objects.visible_to(request.user), slug=slug)
    return render(
        request, "stats/board_detail.html", {"board": board, "config": board_config(board)}
    )


def board_config(board: Board) -> dict[str, object]:
    """Return what the board's script needs: its widgets and how to show each statistic.

    Each total widget gets the `keys` its values carry in board data (stats/snapshot.py).
    """
    widgets = []
    names: set[str] = set()
    for widget in board.widget_list():
        names |= set(total_stats(widget)) | set(widget.get("columns", []))
        if widget.get("type") == "total":
            services = widget.get("services") or None
            widget = {**widget, "keys": [total_key(s, services) for s in total_stats(widget)]}
        widgets.append(widget)
    stats = {
        name: {"label": catalogue.get(name).label, "format": catalogue.get(name).format}
        for name in sorted(names)
    }
    return {
        "slug": board.slug,
        "widgets": widgets,
        "statistics": stats,
        "interval": board.tenant.poll_interval,
    }


@require_GET
def healthz(request: HttpRequest) -> JsonResponse:
    """Return the state and data age of every enabled tenant; 503 if any is not ok."""
    now = time.time()
    tenants = {}
    for tenant in Tenant.objects.filter(enabled=True):
        health = store.TenantState(store.client(), tenant.pk).health()
        tenants[tenant.name] = freshness(health, tenant.poll_interval, now)
    healthy = all(t["state"] == "ok" for t in tenants.values())
    body = {"ok": healthy, "tenants": tenants, "scheduler": store.client().get(LEADER_KEY)}
    return JsonResponse(body, status=200 if healthy else 503)


def may_read_metrics(request: HttpRequest) -> bool:
    """Return True for the scraper's bearer token, staff, or (with no token set) localhost."""
    token = settings.WALLBOARD_METRICS_TOKEN
    if token:
        given = request.headers.get("Authorization", "").removeprefix("Bearer ").strip()
        return hmac.compare_digest(given, token) or request.user.is_staff
    return request.META.get("REMOTE_ADDR") in LOCALHOST or request.user.is_staff


@require_GET
def prometheus_metrics(request: HttpRequest) -> HttpResponse:
    """Return the operational metrics in Prometheus' text format."""
    if not may_read_metrics(request):
        return HttpResponse("Metrics need the scraper's token.", status=403)
    registry = CollectorRegistry(auto_describe=True)
    registry.register(RedisCollector(store.client()))
    return HttpResponse(generate_latest(registry), content_type=CONTENT_TYPE_LATEST)
