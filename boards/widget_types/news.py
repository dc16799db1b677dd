"""The news widget: the top of the internal chat messages (reference §1.5).

Each news widget's `chat_messages` request goes in an app id of its own, since one
section holds one such request. Rows: `[id, send_time, "First Last", content, urgent
(1 or 0)]`, newest first.
"""

from __future__ import annotations

from typing import Any

from boards.widget_options import Reader
from boards.widget_types.base import (
    Body,
    Feeds,
    Reading,
    Row,
    Widget,
    WidgetType,
    digest,
    register,
)
from bpcc import catalogue


class NewsWidget(Widget, total=False):
    filter: str
    limit: int


def chat_request(widget: NewsWidget) -> dict[str, str]:
    """Return a news widget's request for the top of the internal chat messages."""
    return {"filter": str(widget.get("filter", "")), "limit": str(int(widget.get("limit", 5)))}


def news_section(widget: NewsWidget) -> str:
    """Return the app id of a news widget's messages: one section per filter and limit,
    since a section holds one `chat_messages` request."""
    return f"news-{digest(chat_request(widget))}"


@register
class News(WidgetType[NewsWidget]):
    name, label, size, position = "news", "News (internal chat)", (4, 4), 90

    def clean(self, reader: Reader) -> dict[str, Any]:
        return {
            "filter": reader.text("filter", limit=100),
            "limit": reader.integer("limit", 5, 1, 20),
        }

    def subscribe(self, widget: NewsWidget, body: Body) -> None:
        body.setdefault(news_section(widget), {"chat_messages": chat_request(widget)})

    def read(self, widget: NewsWidget, raw: dict[str, Any], feeds: Feeds) -> Reading:
        section = raw.get(news_section(widget)) or {}
        return {"rows": [_row(message) for message in section.get("chat_messages") or []]}


def _row(message: dict[str, Any]) -> Row:
    name = f"{message.get('first_name', '')} {message.get('last_name', '')}".strip()
    return [
        str(message.get("id", "")),
        catalogue.parse_value("count", message.get("send_time")),
        name or str(message.get("login_id", "")),
        str(message.get("content", "")),
        1 if str(message.get("is_urgent")) == "1" else 0,
    ]
