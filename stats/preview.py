"""The board editor's live canvas: the numbers an unsaved board would show now.

The editor (static/js/editor.js) draws each widget with the same tile module a board
page uses (static/js/widgets/), and feeds it from here. It asks again after every change
and once per poll interval, so its numbers move while it is open. Why this and not the
board socket: what is on the canvas is the editor's unsaved board (new widgets, changed
statistics or services, a board not saved yet), which no socket group carries, and one
answer for the canvas as it is keeps the editor to a single path for saved and unsaved
widgets alike.

The answer is read, never polled: each good poll keeps its raw data in the live store
(`TenantState.save_latest`), and the widgets are read from it with the same
`build_board_data` the poller uses, so a tile shows what the board will once saved. A
widget whose statistics the tenant's subscription does not carry yet (nothing saved
shows them) has no number until the board is saved and the next poll subscribes to it;
a widget with a problem gets its problem instead of numbers. The boards app sits below
this one and knows nothing of it: the editor's page learns this URL from its config.
"""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest, JsonResponse
from django.shortcuts import get_object_or_404
from django.views.decorators.http import require_POST

from accounts import roles
from boards.boardconfig import drawn_widgets, editor_widgets
from boards.models import Board
from boards.subscription import compile_subscription
from boards.widget_types import typed
from boards.widget_types.base import APP_ID, main_section
from bpcc.models import Tenant
from stats import store
from stats.health import stale_after
from stats.snapshot import build_board_data
from wallboard import clock, strict_json
from wallboard.params import whole


@roles.role_required(roles.SUPERVISOR)
@require_POST
def board_preview(request: HttpRequest) -> JsonResponse:
    """Return what the editor's widgets (JSON body: tenant, widgets) show now."""
    try:
        payload = strict_json.loads(request.body)
    except strict_json.BadJson as exc:
        return JsonResponse(
            {"error": f"The editor sent something that is not JSON: {exc}"}, status=400
        )
    if not isinstance(payload, dict):
        return JsonResponse(
            {"error": "The editor must send an object: tenant, widgets"}, status=400
        )
    tenant = get_object_or_404(Tenant, enabled=True, pk=whole(str(payload.get("tenant"))) or 0)
    return JsonResponse(preview(tenant, payload.get("widgets")))


def preview(tenant: Tenant, raw_widgets: object) -> dict[str, Any]:
    """Return the editor's widgets as a page draws them, their problems, and their data
    from the tenant's last good poll (None before the first one)."""
    good, problems = editor_widgets(raw_widgets)
    widgets, statistics = drawn_widgets(good)
    subscribed = compile_subscription(Board.objects.enabled().filter(tenant=tenant))
    r = store.client()
    latest = store.TenantState(r, tenant.pk).latest()
    now = clock.now(r)
    data = build_board_data(good, latest["raw"], latest["feeds"]) if latest else None
    received = latest["received"] if latest else None
    return {
        "widgets": widgets,
        "statistics": statistics,
        "problems": problems,
        "pending": [w["id"] for w in good if not _subscribed(w, subscribed)],
        "data": data,
        "upstream_time": received,
        "stale": received is None or now - received > stale_after(tenant.poll_interval),
        "server_time": now,
        "interval": tenant.poll_interval,
        "time_zone": tenant.time_zone,
    }


def _subscribed(widget: dict[str, Any], body: dict[str, Any]) -> bool:
    """Return whether the tenant's subscription `body` carries all that `widget` shows."""
    own: dict[str, Any] = {APP_ID: main_section()}
    for kind, typed_widget in typed([widget]):
        kind.subscribe(typed_widget, own)
    return _within(own, body)


def _within(part: object, whole: object) -> bool:
    """Return whether the JSON value `part` is contained in `whole`: every key of an
    object, every item of a list."""
    if isinstance(part, dict) and isinstance(whole, dict):
        return all(k in whole and _within(v, whole[k]) for k, v in part.items())
    if isinstance(part, list) and isinstance(whole, list):
        return all(item in whole for item in part)
    return part == whole
