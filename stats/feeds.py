"""What a poll reads besides the statistics, for the widgets that show it: campaign
figures (stats/campaign_figures.py), the tenant's latest console actions (the
console's audit log, console.models.AuditEntry) and today's video appointments (the
console's own record of them, console.models.Appointment: the appointment API cannot
list them, so the console's record is the source, read here like the audit log).

Each is read only when an enabled board of the tenant has a widget that shows it, and
only here, in the poll: the figures travel to screens in board data like statistics.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Any

from django.utils import timezone

from boards.models import Board
from boards.widget_types import typed
from bpcc.models import Tenant
from console.models import Appointment, AuditEntry
from stats import campaign_figures
from stats.snapshot import Feeds, Row
from stats.store import TenantState

# The console names a target "name (id)"; on a wall the id is noise, the name is enough.
TRAILING_ID = re.compile(r" \([0-9A-Fa-f-]{8,}\)$")


def gather(
    tenant: Tenant,
    boards: Sequence[Board],
    state: TenantState,
    *,
    timeout: float,
    deadline: float | None = None,
) -> Feeds:
    """Return what the widgets of `boards` need besides statistics; never fails for
    the upstream's sake (a failed campaign fetch keeps the last figures)."""
    widgets = [widget for board in boards for widget in board.widget_list()]
    names = campaigns_wanted(widgets)
    cache = None
    if names:
        cache = campaign_figures.refresh(tenant, names, state, timeout=timeout, deadline=deadline)
    return {
        "campaigns": {name: campaign_figures.cell(cache, name) for name in names},
        "actions": recent_actions(tenant, actions_wanted(widgets)),
        "appointments": todays_appointments(tenant, widgets),
    }


def campaigns_wanted(widgets: list[dict[str, Any]]) -> list[str]:
    """Return the names of the campaigns the widgets show, sorted."""
    names = {name for kind, widget in typed(widgets) for name in kind.campaigns(widget)}
    return sorted(str(name) for name in names if name)


def actions_wanted(widgets: list[dict[str, Any]]) -> int:
    """Return how many console actions the longest ticker shows (0: no ticker)."""
    counts = [kind.actions(widget) for kind, widget in typed(widgets)]
    return max(counts, default=0)


def recent_actions(tenant: Tenant, count: int) -> list[Row]:
    """Return the tenant's latest `count` console actions as ticker rows, newest first."""
    if count <= 0:
        return []
    return [
        ticker_row(entry)
        for entry in AuditEntry.objects.filter(tenant=tenant).order_by("-at", "-pk")[:count]
    ]


def ticker_row(entry: AuditEntry) -> Row:
    """Return `[id, time, user, action, target, upstream status, ok (1 or 0)]`, the target
    by its name alone."""
    return [
        entry.pk,
        entry.at.timestamp(),
        entry.username,
        entry.action,
        TRAILING_ID.sub("", entry.target),
        entry.status_text,
        1 if entry.ok else 0,
    ]


def todays_appointments(tenant: Tenant, widgets: list[dict[str, Any]]) -> list[Row]:
    """Return the rows of today's appointments when a widget shows them, else []."""
    if not any(kind.wants_appointments(widget) for kind, widget in typed(widgets)):
        return []
    return Appointment.objects.board_rows(tenant, timezone.now())
