"""Board pages and the health endpoint."""

from __future__ import annotations

import time

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, render
from django.views.decorators.http import require_GET

from stats import catalogue, store
from stats.models import Board, Tenant


@login_required
def board_list(request: HttpRequest) -> HttpResponse:
    boards = Board.objects.enabled().select_related("tenant")
    return render(request, "stats/board_list.html", {"boards": boards})


@login_required
def board_detail(request: HttpRequest, slug: str) -> HttpResponse:
    board = get_object_or_404(Board.objects.enabled(), slug=slug)
    return render(
        request, "stats/board_detail.html", {"board": board, "config": board_config(board)}
    )


def board_config(board: Board) -> dict[str, object]:
    """Return what the board's script needs: its widgets and how to show each statistic."""
    names = {w["stat"] for w in board.widget_list() if "stat" in w}
    names |= {c for w in board.widget_list() for c in w.get("columns", [])}
    stats = {
        name: {"label": catalogue.get(name).label, "format": catalogue.get(name).format}
        for name in sorted(names)
    }
    return {"slug": board.slug, "widgets": board.widget_list(), "statistics": stats}


@require_GET
def healthz(request: HttpRequest) -> JsonResponse:
    """Return the state and data age of every enabled tenant; 503 if any is not ok."""
    now = time.time()
    tenants = {}
    for tenant in Tenant.objects.filter(enabled=True):
        health = store.TenantState(store.client(), tenant.pk).health()
        last_ok = float(health["last_ok"]) if health.get("last_ok") else None
        tenants[tenant.name] = {
            "state": health.get("status", "starting"),
            "data_age_seconds": round(now - last_ok, 1) if last_ok else None,
            "last_error": health.get("last_error") or None,
        }
    healthy = all(t["state"] == "ok" for t in tenants.values())
    return JsonResponse({"ok": healthy, "tenants": tenants}, status=200 if healthy else 503)
