"""What a board page or a kiosk needs to draw its boards, and the version of it.

A page embeds its configuration (widgets, how to show each statistic, the tenant's time
zone, the theme) and that configuration's `version`. The board socket tells each
screen the current version on connect, and the board's group when the board is saved,
so an open page that is behind reloads by itself (stats/broadcast.py).
"""

from __future__ import annotations

import copy
import hashlib
import json
from typing import Any

from boards import layout
from boards.models import Board
from boards.widget_types import widget_type
from boards.widgets import SIZES, WIDGET_ID, clean_widget
from bpcc import catalogue


def version_of(config: dict[str, Any]) -> str:
    """Return a short, stable hash of a configuration."""
    text = json.dumps(config, sort_keys=True, default=str)
    return hashlib.sha256(text.encode()).hexdigest()[:16]


def placed_widgets(board: Board) -> list[dict[str, Any]]:
    """Return the board's widgets, each with a place (boards made before the editor
    have none, and get the first free places in order)."""
    widgets = copy.deepcopy(board.widget_list())
    layout.place_missing(widgets, SIZES)
    return widgets


def statistics_of(widget: dict[str, Any]) -> list[str]:
    """Return the statistics a widget shows."""
    kind = widget_type(widget)
    return kind.statistics(widget) if kind else []


def drawn_widgets(widgets: list[dict[str, Any]]) -> tuple[list[dict[str, Any]], dict[str, Any]]:
    """Return `widgets` as a page draws them, and how to show each statistic they show.

    Each widget with totals gets the `keys` its values carry in board data
    (stats/snapshot.py).
    """
    drawn = []
    names: set[str] = set()
    for widget in widgets:
        names.update(statistics_of(widget))
        kind = widget_type(widget)
        if kind and kind.keys(widget):
            widget = {**widget, "keys": kind.keys(widget)}
        drawn.append(widget)
    return drawn, {name: _statistic(name) for name in sorted(names)}


def editor_widgets(raw: object) -> tuple[list[dict[str, Any]], dict[str, list[str]]]:
    """Return the widgets of an editor's unsaved board that can be drawn (cleaned, each
    on its own), and the problems of the others by widget id: a widget with a problem
    shows its problem on the editor's canvas instead of numbers."""
    good: list[dict[str, Any]] = []
    problems: dict[str, list[str]] = {}
    for i, widget in enumerate(raw if isinstance(raw, list) else []):
        errors: list[str] = []
        clean = clean_widget(widget, i, errors)
        wid = widget.get("id") if isinstance(widget, dict) else None
        if errors and isinstance(wid, str):
            problems[wid] = errors
        elif not errors and isinstance(wid, str) and WIDGET_ID.match(wid):
            good.append(clean)
    return good, problems


def board_config(board: Board) -> dict[str, Any]:
    """Return what a page needs to draw `board`, with its version (`drawn_widgets`)."""
    widgets, statistics = drawn_widgets(placed_widgets(board))
    config: dict[str, Any] = {
        "id": board.pk,
        "slug": board.slug,
        "title": board.title,
        "theme": board.theme,
        "widgets": widgets,
        "statistics": statistics,
        "interval": board.tenant.poll_interval,
        "time_zone": board.tenant.time_zone,
    }
    return {**config, "version": version_of(config)}


def _statistic(name: str) -> dict[str, str]:
    stat = catalogue.get(name)
    return {"label": stat.label, "format": stat.format}
