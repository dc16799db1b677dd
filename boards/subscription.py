"""Compile the boards of one tenant into its one statistics subscription.

A BPCC client may hold a single subscription (seed 003, Create Subscription), so the
union of what every enabled board of a tenant shows becomes one body. Each widget's
type adds its part (boards/widget_types/): totals in the app id `wallboard` or one per
set of services, grids in the main section, news in an app id of its own; widgets that
show no statistics (clock, text) add nothing.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from boards.models import Board
from boards.widget_types import typed
from boards.widget_types.base import APP_ID, digest, main_section


def compile_subscription(boards: Iterable[Board]) -> dict[str, Any]:
    """Return the subscription body that covers every widget of `boards`."""
    body: dict[str, Any] = {APP_ID: main_section()}
    for board in boards:
        for kind, widget in typed(board.widget_list()):
            kind.subscribe(widget, body)
    for section in body.values():
        section.get("stats_totals", []).sort()
    return body


def fingerprint(body: dict[str, Any]) -> str:
    """Return a stable hash of a subscription body, to notice when boards change."""
    return digest(body)
