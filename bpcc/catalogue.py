"""The statistics catalogue: what each BPCC statistic is and how to read its value.

BPCC sends every value as a string and `""` for "no data" (seed 003, Get Subscription
Data). Durations are integer seconds and ratios fractions between 0 and 1
(docs/upstream/bpcc-statistics.md §1.1). The board pages and the board editor use
the same catalogue, so labels, units and formats agree everywhere; each statistic also
says where BPCC accepts it (totals, service grid, agent grid), which the editor's picker
and the import check follow. `service_level_target` is a whole percent (80), as BP's
configuration holds it.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

Kind = Literal["count", "duration", "ratio", "percent", "text", "state"]
Value = int | float | str | None
# Where a statistic may be asked for: totals, service grid rows, agent grid rows.
Place = Literal["total", "service", "agent"]

# How a value of each kind is formatted in the browser (static/js/format.js).
FORMAT_BY_KIND: dict[Kind, str] = {
    "count": "count",
    "duration": "mm:ss",
    "ratio": "percent",
    "percent": "percent-points",
    "text": "text",
    "state": "state",
}
# The unit the editor shows beside a statistic and its thresholds.
UNIT_BY_KIND: dict[Kind, str] = {
    "count": "",
    "duration": "seconds",
    "ratio": "%",
    "percent": "%",
    "text": "",
    "state": "",
}
NUMERIC_KINDS: frozenset[Kind] = frozenset({"count", "duration", "ratio", "percent"})


@dataclass(frozen=True)
class Statistic:
    """One statistic protocol name with its label, the kind of its values, and where
    BPCC accepts it."""

    name: str
    label: str
    kind: Kind
    places: frozenset[Place] = frozenset()

    @property
    def format(self) -> str:
        return FORMAT_BY_KIND[self.kind]

    @property
    def numeric(self) -> bool:
        return self.kind in NUMERIC_KINDS

    def parse(self, raw: object) -> Value:
        """Return the typed value of one raw upstream value; None for no data."""
        return parse_value(self.kind, raw)

    def describe(self) -> dict[str, object]:
        """Return what the editor's statistic picker shows of this statistic."""
        return {
            "name": self.name,
            "label": self.label,
            "format": self.format,
            "unit": UNIT_BY_KIND[self.kind],
            "numeric": self.numeric,
            "places": sorted(self.places),
        }


def parse_value(kind: Kind, raw: object) -> Value:
    """Return `raw` read as `kind`: None for "" or unreadable numbers."""
    if raw is None or raw == "":
        return None
    text = str(raw).strip()
    if kind in ("text", "state"):
        return text
    try:
        number = float(text)
    except ValueError:
        return None
    if kind == "ratio":
        # Screens show a ratio as a whole percent, so it is kept to that precision: a
        # level is judged on the value as shown. (Kept whole, 0.9512 under a critical
        # level "at or below 95 %" was logged as "critical -> warning at 95%".)
        return round(number, 2)
    return int(number)


TOTAL: frozenset[Place] = frozenset({"total", "service"})
SERVICE: frozenset[Place] = frozenset({"service"})
AGENT: frozenset[Place] = frozenset({"agent"})
EVERYWHERE: frozenset[Place] = frozenset({"total", "service", "agent"})


_STATISTICS = [
    # Totals and service grid (§1.2, §1.3): valid over all services and per service.
    Statistic("agents_logged", "Agents logged in", "count", TOTAL),
    Statistic("agents_ready", "Agents ready", "count", TOTAL),
    Statistic("agents_not_ready", "Agents not ready", "count", TOTAL),
    Statistic("agents_busy", "Agents busy", "count", TOTAL),
    Statistic("agents_after_call_work", "Agents in after-call work", "count", TOTAL),
    Statistic("in_calls_waiting", "Waiting", "count", TOTAL),
    Statistic("in_max_wait_time", "Longest wait", "duration", TOTAL),
    Statistic("in_average_speed_of_answer", "Avg. speed of answer", "duration", TOTAL),
    Statistic("service_level", "Service level", "ratio", TOTAL),
    Statistic("service_level_threshold_time", "SL threshold", "duration", TOTAL),
    Statistic("in_calls_received_per_day", "Received today", "count", TOTAL),
    Statistic("in_calls_queued_per_day", "Queued today", "count", TOTAL),
    Statistic("in_calls_answered_per_day", "Answered today", "count", TOTAL),
    Statistic("in_calls_handled_per_day", "Handled today", "count", EVERYWHERE),
    Statistic("in_calls_abandoned_total_per_day", "Abandoned today", "count", TOTAL),
    Statistic("in_calls_abandoned_in_queue_per_day", "Long abandons today", "count", TOTAL),
    Statistic("in_calls_short_abandoned_in_queue_per_day", "Short abandons today", "count", TOTAL),
    Statistic("in_calls_abandoned_percent_per_day", "Abandoned %", "ratio", TOTAL),
    Statistic("in_calls_abandoned_in_queue_ratio_per_day", "Long abandoned %", "ratio", TOTAL),
    Statistic(
        "in_calls_short_abandoned_in_queue_ratio_per_day", "Short abandoned %", "ratio", TOTAL
    ),
    Statistic("out_calls_attempted_per_day", "Outbound attempts today", "count", TOTAL),
    Statistic("out_calls_answered_per_day", "Outbound answered today", "count", TOTAL),
    Statistic("out_calls_handled_per_day", "Outbound handled today", "count", EVERYWHERE),
    # Service grid only (§1.3)
    Statistic("name", "Service", "text", SERVICE),
    Statistic("media_type", "Media", "text", SERVICE),
    Statistic("service_level_target", "SL target", "percent", SERVICE),
    # Agent grid (§1.4)
    Statistic("login_id", "Login", "text", AGENT),
    Statistic("firstname", "First name", "text", AGENT),
    Statistic("lastname", "Last name", "text", AGENT),
    Statistic("first_last_name", "Agent", "text", AGENT),
    Statistic("last_first_name", "Agent (last, first)", "text", AGENT),
    Statistic("team_name", "Team", "text", AGENT),
    Statistic("acd_state", "State", "state", AGENT),
    Statistic("reason", "Reason", "text", AGENT),
    Statistic("state_duration", "Time in state", "duration", AGENT),
    Statistic("login_time", "Logged in for", "duration", AGENT),
    Statistic("active_item_talk_duration", "Talking for", "duration", AGENT),
    Statistic("active_item_hold_duration", "On hold for", "duration", AGENT),
    Statistic("active_item_media_type", "Current media", "text", AGENT),
    Statistic("count_of_interactions", "Active interactions", "count", AGENT),
    Statistic("calls_average_handling_time_per_day", "AHT today", "duration", AGENT),
    Statistic("agent_total_ready_time", "Ready time today", "duration", AGENT),
    Statistic("agent_total_busy_time", "Busy time today", "duration", AGENT),
    Statistic("agent_total_ACW_time", "ACW time today", "duration", AGENT),
    Statistic("agent_total_break_time", "Break time today", "duration", AGENT),
    Statistic("calls_dispositions_per_day", "Dispositions today", "count", AGENT),
]

STATISTICS: dict[str, Statistic] = {stat.name: stat for stat in _STATISTICS}


def get(name: str) -> Statistic:
    """Return the catalogue entry for `name`; unknown names are read as text."""
    return STATISTICS.get(name) or Statistic(name, name.replace("_", " ").capitalize(), "text")


def display(name: str, value: object) -> str:
    """Return a value of statistic `name` as screens show it (static/js/format.js):
    mm:ss (h:mm:ss from an hour), percentages, counts; "—" for no data."""
    if value is None or value == "":
        return "—"
    kind = get(name).kind
    if not isinstance(value, int | float) or isinstance(value, bool):
        return str(value)
    if kind == "duration":
        seconds = int(value)
        hours, rest = divmod(seconds, 3600)
        minutes, seconds = divmod(rest, 60)
        return f"{hours}:{minutes:02d}:{seconds:02d}" if hours else f"{minutes}:{seconds:02d}"
    if kind == "ratio":
        return f"{value * 100:.0f}%"
    if kind == "percent":
        return f"{value:.0f}%"
    return f"{value:g}" if isinstance(value, float) else str(value)


def allowed(name: str, place: Place) -> bool:
    """Return True if the catalogue knows `name` and BPCC accepts it at `place`."""
    stat = STATISTICS.get(name)
    return stat is not None and place in stat.places


def describe_all() -> list[dict[str, object]]:
    """Return every statistic as the editor's picker lists it, by label."""
    return [stat.describe() for stat in sorted(_STATISTICS, key=lambda s: s.label)]
