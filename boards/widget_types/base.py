"""What every widget type defines, and the shapes the registry works with.

A widget type is one subclass of `WidgetType`, registered with `@register` in a module
of this package (boards/widget_types/__init__.py imports them all). It says, for a
widget of its type: which options it takes (`clean`), what it adds to the tenant's one
subscription (`subscribe`), which statistics it shows (`statistics`), the keys of its
totals in board data (`keys`), how it reads its part of the raw data (`read`), its
alert level (`level`) and what the poll must read besides statistics (`campaigns`,
`actions`, `wants_appointments`). Everything here is a pure function of its arguments: no I/O.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Sequence
from typing import Any, ClassVar, Generic, TypedDict, TypeVar

from boards.widget_options import Reader
from bpcc.catalogue import Value

# The app id of the subscription's main section: totals over every supervised
# service, and every grid (docs/upstream/bpcc-statistics.md §1.2).
APP_ID = "wallboard"
ORDER = ("normal", "warning", "critical")

Row = list[Value]
Body = dict[str, Any]  # a subscription body: its sections by app id
Level = tuple[str, Value, str]  # a level, the value that sets it, that value's statistic


class Thresholds(TypedDict):
    direction: str
    warning: float | None
    critical: float | None


class Alert(TypedDict):
    flash: bool
    sound: bool
    repeat: int


class Widget(TypedDict, total=False):
    """A widget as a board stores it, cleaned by boards/widgets.py; each type adds its
    own options in a TypedDict of its own."""

    id: str
    type: str
    title: str
    x: int
    y: int
    w: int
    h: int
    thresholds: Thresholds
    column_thresholds: dict[str, Thresholds]
    alert: Alert


class CampaignCell(TypedDict):
    """What a campaign widget shows: its campaign's figures (stats/campaign_figures.py).

    `status` is "ok"; "missing" (the tenant has no enabled campaign of that name);
    "pending" (not fetched yet); or "unavailable" (not fetched: every fetch failed so
    far). `total` is None where the API counts no total (OneCloud CX). `as_of` is None
    while the figures are current; once a fetch fails it is when the figures shown were
    fetched, so it changes once per outage, not at every poll.
    """

    status: str
    state: str | None
    completed: int | None
    total: int | None
    as_of: float | None


class Feeds(TypedDict):
    """What the poll read besides statistics: campaign figures by campaign name, the
    tenant's latest console actions as ticker rows, newest first, and today's video
    appointments as rows (boards/widget_types/appointments.py)."""

    campaigns: dict[str, CampaignCell]
    actions: list[Row]
    appointments: list[Row]


class BoardData(TypedDict):
    """What one board shows: totals by statistic, grid rows and campaign figures by
    widget id."""

    totals: dict[str, Value]
    grids: dict[str, list[Row]]
    campaigns: dict[str, CampaignCell]


class Reading(TypedDict, total=False):
    """One widget's part of board data: totals by key, its rows, or its campaign."""

    totals: dict[str, Value]
    rows: list[Row]
    campaign: CampaignCell


NO_FEEDS: Feeds = {"campaigns": {}, "actions": [], "appointments": []}


def no_figures(status: str = "pending") -> CampaignCell:
    """Return the cell of a campaign widget that has no figures to show."""
    return {"status": status, "state": None, "completed": None, "total": None, "as_of": None}


def digest(value: object) -> str:
    """Return a short, stable hash of a JSON value."""
    return hashlib.sha256(json.dumps(value, sort_keys=True).encode()).hexdigest()[:12]


def totals_section(services: Sequence[str] | None) -> str:
    """Return the app id that carries totals over `services` (all when empty)."""
    return f"svc-{digest(sorted(services))}" if services else APP_ID


def total_key(stat: str, services: Sequence[str] | None = None) -> str:
    """Return the key of a total in board data: the statistic, and its services if any."""
    return f"{stat}@{totals_section(services)}" if services else stat


def column_id(index: int) -> str:
    return str(index + 1)


def main_section() -> dict[str, Any]:
    """Return the empty main section of a subscription body."""
    return {"stats_totals": [], "service_grids": [], "agent_grids": []}


def _reached(value: float, limit: Any, direction: str) -> bool:
    if limit is None:
        return False
    return bool(value <= limit) if direction == "below" else bool(value >= limit)


def level_of(value: Value, thresholds: Thresholds | dict[str, Any] | None) -> str:
    """Return the level of a value against thresholds; no data is always normal."""
    if not thresholds or not isinstance(value, int | float) or isinstance(value, bool):
        return "normal"
    direction = thresholds.get("direction") or "above"
    if _reached(value, thresholds.get("critical"), direction):
        return "critical"
    if _reached(value, thresholds.get("warning"), direction):
        return "warning"
    return "normal"


W = TypeVar("W", bound=Widget)


class WidgetType(Generic[W]):
    """One kind of widget; the defaults suit a widget that shows no data (a clock)."""

    name: ClassVar[str]
    label: ClassVar[str]
    size: ClassVar[tuple[int, int]]  # default (w, h) when placed automatically
    position: ClassVar[int]  # where the editor lists it among the types

    def clean(self, reader: Reader) -> dict[str, Any]:
        """Return the options of a raw widget, noting problems through `reader`."""
        return {}

    def subscribe(self, widget: W, body: Body) -> None:
        """Add what `widget` shows to a tenant's subscription `body`."""

    def statistics(self, widget: W) -> list[str]:
        """Return the statistics `widget` shows, for the page's labels and formats."""
        return []

    def keys(self, widget: W) -> list[str]:
        """Return the keys of `widget`'s values in board totals, primary first."""
        return []

    def read(self, widget: W, raw: dict[str, Any], feeds: Feeds) -> Reading:
        """Return `widget`'s part of board data, from the subscription data `raw` and
        what else the poll read."""
        return {}

    def level(self, widget: W, data: BoardData) -> Level:
        """Return `widget`'s level in board data, the value that sets it, and its
        statistic."""
        return ("normal", None, "")

    def row(self, widget: W, data: BoardData) -> str:
        """Return the name of the row (a service, an agent) that sets `widget`'s level
        in board data; "" for a widget without rows."""
        return ""

    def campaigns(self, widget: W) -> list[str]:
        """Return the names of the campaigns whose figures `widget` shows."""
        return []

    def actions(self, widget: W) -> int:
        """Return how many of the latest console actions `widget` shows."""
        return 0

    def wants_appointments(self, widget: W) -> bool:
        """Return True if `widget` shows today's video appointments."""
        return False


REGISTERED: dict[str, WidgetType[Any]] = {}

T = TypeVar("T", bound=type[WidgetType[Any]])


def register(cls: T) -> T:
    """Register a widget type under its name (a class decorator)."""
    if cls.name in REGISTERED:
        raise ValueError(f"widget type {cls.name!r} is registered twice")
    REGISTERED[cls.name] = cls()
    return cls
