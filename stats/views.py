"""Board pages, a board's trend history, the health endpoint and the metrics endpoint.

Data ages and the trends' window are measured on the deployment's one clock, Redis'
`TIME` (stats/clock.py), on which the workers stamp the data.
"""

from __future__ import annotations

import hmac
from typing import Any

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, render
from django.views.decorators.http import require_GET
from prometheus_client import CollectorRegistry, generate_latest
from prometheus_client.exposition import CONTENT_TYPE_LATEST

from stats import catalogue, clock, roles, store, trends
from stats.boardconfig import board_config
from stats.health import freshness
from stats.metrics import RedisCollector
from stats.models import AlertAck, AlertEvent, Board, Tenant
from stats.scheduler import LEADER_KEY
from stats.version import app_version
from wallboard import spreadsheet

LOCALHOST = {"127.0.0.1", "::1"}
SHOWN_ALERTS = 200  # the latest level changes and acknowledgements a board's page lists


@login_required
def board_list(request: HttpRequest) -> HttpResponse:
    boards = Board.objects.visible_to(request.user).select_related("tenant")
    return render(request, "screens/board_list.html", {"boards": boards})


@login_required
def board_detail(request: HttpRequest, slug: str) -> HttpResponse:
    board = get_object_or_404(Board.objects.visible_to(request.user), slug=slug)
    config = {
        **board_config(board),
        "app_version": app_version(),
        "may_acknowledge": roles.has_role(request.user, roles.SUPERVISOR),
    }
    return render(request, "screens/board_detail.html", {"board": board, "config": config})


@login_required
@require_GET
def board_alerts(request: HttpRequest, slug: str) -> HttpResponse:
    """The board's alert history: level changes and acknowledgements, newest first;
    `?format=csv` downloads all of it."""
    board = get_object_or_404(Board.objects.visible_to(request.user), slug=slug)
    # The page shows the latest; the CSV has all that is kept (90 days).
    as_csv = request.GET.get("format") == "csv"
    limit = None if as_csv else SHOWN_ALERTS
    changes: list[dict[str, Any]] = [
        {
            "at": e.at,
            "what": "level",
            "widget": e.widget_title or e.widget_id,
            "from": e.from_level,
            "to": e.to_level,
            "value": catalogue.display(e.stat, e.value),
        }
        for e in AlertEvent.objects.filter(board=board)[:limit]
    ]
    acks: list[dict[str, Any]] = [
        {"at": a.acknowledged_at, "what": "ack", "widget": a.widget_title or a.widget_id,
         "by": a.username, "until": a.until}
        for a in AlertAck.objects.filter(board=board)[:limit]
    ]  # fmt: skip
    rows = sorted(changes + acks, key=lambda row: row["at"], reverse=True)
    if as_csv:
        return _alerts_csv(board, rows)
    context = {
        "board": board,
        "rows": rows[:SHOWN_ALERTS],
        "shown": SHOWN_ALERTS,
        "time_zone": settings.TIME_ZONE,
    }
    return render(request, "screens/board_alerts.html", context)


def _alerts_csv(board: Board, rows: list[dict[str, Any]]) -> HttpResponse:
    response = HttpResponse(content_type="text/csv")
    response["Content-Disposition"] = f'attachment; filename="alerts-{board.slug}.csv"'
    writer = spreadsheet.Writer(response)
    writer.writerow(["time", "widget", "event", "from", "to", "value", "by", "until"])
    for row in rows:
        until = row["until"].isoformat() if row.get("until") else ""
        event = "level change" if row["what"] == "level" else "acknowledged"
        writer.writerow(
            [
                row["at"].isoformat(),
                row["widget"],
                event,
                row.get("from", ""),
                row.get("to", ""),
                row.get("value", ""),
                row.get("by", ""),
                until,
            ]
        )
    return response


@login_required
@require_GET
def board_history(request: HttpRequest, slug: str) -> JsonResponse:
    board = get_object_or_404(Board.objects.visible_to(request.user), slug=slug)
    return history_response(board, request.GET.get("widget", ""))


def history_response(board: Board, widget_id: str) -> JsonResponse:
    """Return the trend of a sparkline widget of `board` over its minutes, from Redis."""
    widget = board.widget(widget_id)
    if widget is None or widget.get("type") != "sparkline":
        raise Http404("No such sparkline on this board.")
    now = clock.now(store.client())
    since = now - 60 * int(widget.get("minutes", 30))
    history = store.TenantState(store.client(), board.tenant_id).history(since)
    points = trends.series(history, widget["stat"], since, now)
    return JsonResponse({"since": since, "until": now, "points": points})


@require_GET
def healthz(request: HttpRequest) -> JsonResponse:
    """Return ok / not ok per enabled tenant id; 503 if any is not ok. Staff and the
    metrics token also get each tenant's name, state, data age and last error, and the
    active beat: anonymous callers (a load balancer) learn nothing else."""
    now = clock.now(store.client())
    tenants: dict[str, dict[str, Any]] = {}
    for tenant in Tenant.objects.filter(enabled=True):
        health = store.TenantState(store.client(), tenant.pk).health()
        reading = freshness(health, tenant.poll_interval, now)
        tenants[str(tenant.pk)] = {"ok": reading["state"] == "ok", "name": tenant.name, **reading}
    healthy = all(t["ok"] for t in tenants.values())
    if may_read_details(request):
        body = {"ok": healthy, "tenants": tenants, "scheduler": store.client().get(LEADER_KEY)}
    else:
        body = {"ok": healthy, "tenants": {pk: {"ok": t["ok"]} for pk, t in tenants.items()}}
    return JsonResponse(body, status=200 if healthy else 503)


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
