"""Widgets fed by the poll from elsewhere than the statistics (stats/feeds.py): a
campaign's progress, and a ticker of the latest console actions.

- campaign: its campaign's `CampaignCell`, "pending" until fetched;
- ticker: rows of the latest console actions, newest first, cut to its `count`:
  `[entry id, time, user, action, target, upstream status, ok (1 or 0)]`.
"""

from __future__ import annotations

from typing import Any

from boards.widget_options import Reader
from boards.widget_types.base import (
    Feeds,
    Reading,
    Widget,
    WidgetType,
    no_figures,
    register,
)

TICKER_COUNT = 5  # console actions a ticker shows when it does not say


class OutboundWidget(Widget, total=False):
    campaign: str
    count: int


@register
class Campaign(WidgetType[OutboundWidget]):
    name, label, size, position = "campaign", "Campaign progress", (3, 3), 120

    def clean(self, reader: Reader) -> dict[str, Any]:
        # By name: the name is what people know, and OneCloud CX's v2 API has no ids.
        campaign = reader.text("campaign", limit=200)
        if not campaign:
            reader.error("'campaign' is required: pick a campaign")
        return {"campaign": campaign}

    def campaigns(self, widget: OutboundWidget) -> list[str]:
        return [widget["campaign"]] if widget.get("campaign") else []

    def read(self, widget: OutboundWidget, raw: dict[str, Any], feeds: Feeds) -> Reading:
        cell = feeds["campaigns"].get(str(widget.get("campaign", "")))
        return {"campaign": cell or no_figures()}


@register
class Ticker(WidgetType[OutboundWidget]):
    name, label, size, position = "ticker", "Console actions ticker", (6, 1), 130

    def clean(self, reader: Reader) -> dict[str, Any]:
        return {"count": reader.integer("count", TICKER_COUNT, 1, 20)}

    def actions(self, widget: OutboundWidget) -> int:
        return int(widget.get("count", TICKER_COUNT))

    def read(self, widget: OutboundWidget, raw: dict[str, Any], feeds: Feeds) -> Reading:
        return {"rows": feeds["actions"][: self.actions(widget)]}
