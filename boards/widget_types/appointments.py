"""Today's video appointments: upcoming (with time and moderator), in progress,
finished and canceled, from the console's own record of the rooms it scheduled (the
appointment API cannot list them; stats/feeds.py reads the record at each poll).

Rows: `[task number, room time (epoch seconds), moderator, phase]`, phase "upcoming",
"in progress", "finished" or "canceled", by time. The thresholds apply to the count of
one phase, `counted` (in progress by default), like any count.
"""

from __future__ import annotations

import copy
from typing import Any

from boards.widget_options import Reader, alerting
from boards.widget_types.base import (
    APP_ID,
    BoardData,
    Body,
    Feeds,
    Level,
    Reading,
    Widget,
    WidgetType,
    level_of,
    register,
)

# The agents' login ids, which the console's moderator picker offers (bpcc/names.py
# `remember_agents`): the statistics API has no list of agents but its grids.
MODERATORS_GRID = {
    "id": "g-appointment-moderators",
    "columns": [{"id": "1", "stat_name": "login_id"}],
    "limit": "500",
}
PHASES = ("upcoming", "in progress", "finished", "canceled")
PHASE = 3  # the phase's place in a row


class AppointmentsWidget(Widget, total=False):
    counted: str


@register
class Appointments(WidgetType[AppointmentsWidget]):
    name, label, size, position = "appointments", "Today's appointments", (4, 4), 140

    def clean(self, reader: Reader) -> dict[str, Any]:
        return {"counted": reader.choice("counted", PHASES, "in progress"), **alerting(reader)}

    def subscribe(self, widget: AppointmentsWidget, body: Body) -> None:
        grids = body[APP_ID]["agent_grids"]
        if all(g["id"] != MODERATORS_GRID["id"] for g in grids):
            grids.append(copy.deepcopy(MODERATORS_GRID))

    def wants_appointments(self, widget: AppointmentsWidget) -> bool:
        return True

    def read(self, widget: AppointmentsWidget, raw: dict[str, Any], feeds: Feeds) -> Reading:
        return {"rows": feeds["appointments"]}

    def level(self, widget: AppointmentsWidget, data: BoardData) -> Level:
        rows = data["grids"].get(widget.get("id", "")) or []
        counted = widget.get("counted", "in progress")
        count = sum(1 for row in rows if row[PHASE] == counted)
        return level_of(count, widget.get("thresholds")), count, ""
