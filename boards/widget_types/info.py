"""Widgets that show no statistics: a clock and date in the tenant's time zone, and a
text banner. They add nothing to the subscription."""

from __future__ import annotations

from typing import Any

from boards.widget_options import Reader
from boards.widget_types.base import Widget, WidgetType, register


@register
class Clock(WidgetType[Widget]):
    name, label, size, position = "clock", "Clock and date", (2, 2), 100

    def clean(self, reader: Reader) -> dict[str, Any]:
        return {
            "show_date": reader.boolean("show_date", True),
            "show_seconds": reader.boolean("show_seconds", True),
        }


@register
class Text(WidgetType[Widget]):
    name, label, size, position = "text", "Text banner", (6, 1), 110

    def clean(self, reader: Reader) -> dict[str, Any]:
        return {"text": reader.text("text", required=True, limit=500)}
