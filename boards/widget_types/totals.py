"""Widgets that show totals: a single statistic, a gauge and a trend sparkline.

Totals over all supervised services go in the app id `wallboard`; totals limited to
chosen services go in an app id of their own per set of services, with BP's
`stats_totals_service_ids` (docs/upstream/bpcc-statistics.md §1.2). A sparkline's
totals also feed the history stream, which keeps the app id `wallboard` only, so a
sparkline is never limited to services.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from boards.widget_options import Reader, alerting
from boards.widget_types.base import (
    BoardData,
    Body,
    Feeds,
    Level,
    Reading,
    Widget,
    WidgetType,
    level_of,
    register,
    total_key,
    totals_section,
)
from bpcc import catalogue


class TotalsWidget(Widget, total=False):
    stat: str
    secondary: str
    services: list[str]
    min: float
    max: float
    minutes: int
    compare_minutes: int


def _section(services: Sequence[str]) -> dict[str, Any]:
    return {"stats_totals": [], "stats_totals_service_ids": sorted(services)}


class TotalsType(WidgetType[TotalsWidget]):
    def services(self, widget: TotalsWidget) -> list[str] | None:
        """Return the services the widget is limited to, or None for all of them."""
        return widget.get("services") or None

    def statistics(self, widget: TotalsWidget) -> list[str]:
        return [s for s in (widget.get("stat"), widget.get("secondary")) if s]

    def keys(self, widget: TotalsWidget) -> list[str]:
        services = self.services(widget)
        return [total_key(stat, services) for stat in self.statistics(widget)]

    def subscribe(self, widget: TotalsWidget, body: Body) -> None:
        services = self.services(widget)
        section = body.setdefault(totals_section(services), _section(services or []))
        for stat in self.statistics(widget):
            if stat not in section["stats_totals"]:
                section["stats_totals"].append(stat)

    def read(self, widget: TotalsWidget, raw: dict[str, Any], feeds: Feeds) -> Reading:
        section = raw.get(totals_section(self.services(widget))) or {}
        raw_totals = section.get("stats_totals") or {}
        pairs = zip(self.keys(widget), self.statistics(widget), strict=True)
        return {"totals": {key: catalogue.get(s).parse(raw_totals.get(s)) for key, s in pairs}}

    def level(self, widget: TotalsWidget, data: BoardData) -> Level:
        value = data["totals"].get(self.keys(widget)[0])
        return level_of(value, widget.get("thresholds")), value, str(widget.get("stat", ""))


@register
class Total(TotalsType):
    name, label, size, position = "total", "Single statistic", (2, 2), 10

    def clean(self, reader: Reader) -> dict[str, Any]:
        services = reader.names("services") or None
        # A change arrow against the value this many minutes ago (0: none), read from
        # the history stream, which holds totals over all services only.
        compare = reader.integer("compare_minutes", 0, 0, 1440)
        if compare and services:
            reader.error("a change arrow compares totals over all services: choose no services")
        return {
            "stat": reader.stat("stat", "total"),
            "secondary": reader.stat("secondary", "total", required=False),
            "services": services,
            "compare_minutes": compare,
            **alerting(reader),
        }


@register
class Gauge(TotalsType):
    name, label, size, position = "gauge", "Gauge", (3, 3), 20

    def clean(self, reader: Reader) -> dict[str, Any]:
        low, high = reader.number("min") or 0, reader.number("max")
        if high is None or high <= low:
            reader.error("a gauge needs a maximum above its minimum")
        return {
            "stat": reader.stat("stat", "total"),
            "services": reader.names("services") or None,
            "min": low,
            "max": high,
            **alerting(reader),
        }


@register
class Sparkline(TotalsType):
    name, label, size, position = "sparkline", "Trend sparkline", (4, 2), 30

    def services(self, widget: TotalsWidget) -> list[str] | None:
        return None

    def clean(self, reader: Reader) -> dict[str, Any]:
        return {
            "stat": reader.stat("stat", "total"),
            "minutes": reader.integer("minutes", 30, 5, 1440),
            **alerting(reader),
        }
