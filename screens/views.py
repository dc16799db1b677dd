"""Board pages: a board, its alert history (and acknowledging an alert), and the trend
history behind its sparklines. Ages and the trends' window are measured on the
deployment's one clock, Redis' `TIME` (wallboard/clock.py)."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.db import transaction
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, render
from django.views.decorators.clickjacking import xframe_options_sameorigin
from django.views.decorators.http import require_GET, require_POST

from accounts import roles
from boards.boardconfig import board_config
from boards.levels import alert_subject
from boards.models import AlertAck, AlertEvent, Board
from bpcc import catalogue
from stats import alert_log, broadcast, messages, store, trends
from wallboard import clock, spreadsheet
from wallboard.params import whole
from wallboard.routing import BOARD_SOCKET, socket_path
from wallboard.version import app_version

SHOWN_ALERTS = 200  # the latest level changes and acknowledgements a board's page lists
supervisor = roles.role_required(roles.SUPERVISOR)


def _errors(errors: list[str], status: int = 400) -> JsonResponse:
    return JsonResponse({"ok": False, "errors": errors}, status=status)


@login_required
def home(request: HttpRequest) -> HttpResponse:
    """The landing page: the user's boards as live thumbnails, and what the role offers."""
    boards = Board.objects.visible_to(request.user).select_related("tenant")
    return render(request, "screens/home.html", {"boards": boards})


@login_required
def board_list(request: HttpRequest) -> HttpResponse:
    boards = Board.objects.visible_to(request.user).select_related("tenant")
    return render(request, "screens/board_list.html", {"boards": boards})


@xframe_options_sameorigin  # the landing page frames it as a thumbnail
@login_required
def board_detail(request: HttpRequest, slug: str) -> HttpResponse:
    board = get_object_or_404(Board.objects.visible_to(request.user), slug=slug)
    config = {
        **board_config(board),
        "app_version": app_version(),
        "may_acknowledge": roles.has_role(request.user, roles.SUPERVISOR),
        "alerting_since": alert_log.alerting_since([board.pk]),
    }
    socket = socket_path(BOARD_SOCKET, slug=board.slug)
    # `?thumbnail=1`: the landing page's live thumbnail, the board alone, no top bar.
    thumbnail = request.GET.get("thumbnail") == "1"
    context = {"board": board, "config": config, "socket": socket, "thumbnail": thumbnail}
    return render(request, "screens/board_detail.html", context)


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
    """Return the trend of a sparkline widget of `board` over its minutes, or of a single
    statistic over its change arrow's minutes and one more, from Redis."""
    widget = board.widget(widget_id)
    if widget is None or not (widget.get("type") == "sparkline" or widget.get("compare_minutes")):
        raise Http404("No such sparkline or change arrow on this board.")
    now = clock.now(store.client())
    minutes = (
        widget.get("minutes", 30)
        if widget["type"] == "sparkline"
        else widget["compare_minutes"] + 1
    )
    since = now - 60 * int(minutes)
    history = store.TenantState(store.client(), board.tenant_id).history(since)
    points = trends.series(history, widget["stat"], since, now)
    return JsonResponse({"since": since, "until": now, "points": points})


@supervisor
@require_POST
def board_acknowledge(request: HttpRequest, slug: str) -> JsonResponse:
    """Acknowledge a widget's alert for N minutes on every screen, and log who did."""
    board = get_object_or_404(Board.objects.visible_to(request.user), slug=slug)
    widget = board.widget(request.POST.get("widget", ""))
    if widget is None:
        return _errors(["This board has no such widget."], status=404)
    minutes = _minutes(request.POST.get("minutes"))
    if minutes is None:
        return _errors(["'minutes' must be a whole number of minutes."])
    ack = AlertAck.record(board, widget, _subject(board, widget), request.user, minutes)
    transaction.on_commit(lambda: broadcast.acknowledged(ack))
    return JsonResponse({"ok": True, **messages.ack_in_force(ack)})


def _subject(board: Board, widget: dict[str, Any]) -> str:
    """Return what the acknowledged alert is about, as the screens name it: the widget's
    title and the row alerting in the board's latest data."""
    snapshot = store.load_snapshot(store.client(), board.pk)
    return alert_subject(widget, snapshot["data"] if snapshot else None)


def _minutes(raw: str | None) -> int | None:
    """Return the minutes asked for (the default when none), within 1 to 1440; None if
    `raw` is not a whole number."""
    if raw in (None, ""):
        return int(settings.WALLBOARD_ACK_MINUTES)
    minutes = whole(raw)
    return None if minutes is None else min(max(minutes, 1), 1440)
