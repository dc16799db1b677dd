"""Today's video appointments: upcoming (with time and moderator), in progress,
finished and canceled, from the console's own record of the rooms it scheduled (the
appointment API cannot list them; stats/feeds.py reads the record at each poll).

Rows: `[task number, room time (epoch seconds), moderator, phase]`, phase "upcoming",
"in progress", "finished" or "canceled", by time. The thresholds apply to the count of
one phase, `counted` (in progress by default), like any count.
"""

from __future__ import annotations

from typing import Any

from boards.widget_options import Reader, alerting
from boards.widget_types.base import (
    BoardData,
    Feeds,
    Level,
    Reading,
    Widget,
    WidgetType,
    level_of,
    register,
)

PHASES = ("upcoming", "in progress", "finished", "canceled")
PHASE = 3  # the phase's place in a row


class AppointmentsWidget(Widget, total=False):
    counted: str


@register
class Appointments(WidgetType[AppointmentsWidget]):
    name, label, size, position = "appointments", "Today's appointments", (4, 4), 140

    def clean(self, reader: Reader) -> dict[str, Any]:
        return {"counted": reader.choice("counted", PHASES, "in progress"), **alerting(reader)}

    def wants_appointments(self, widget: AppointmentsWidget) -> bool:
        return True

    def read(self, widget: AppointmentsWidget, raw: dict[str, Any], feeds: Feeds) -> Reading:
        return {"rows": feeds["appointments"]}

    def level(self, widget: AppointmentsWidget, data: BoardData) -> Level:
        rows = data["grids"].get(widget.get("id", "")) or []
        counted = widget.get("counted", "in progress")
        count = sum(1 for row in rows if row[PHASE] == counted)
        return level_of(count, widget.get("thresholds")), count, ""
