"""The statistics catalogue: what each BPCC statistic is and how to read its value.

BPCC sends every value as a string and `""` for "no data" (seed 003, Get Subscription
Data). Durations are integer seconds and ratios fractions between 0 and 1
(reference/bpcc-statistics.md §1.1). The board pages and the (later) board editor
use the same catalogue, so labels, units and formats agree everywhere.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

Kind = Literal["count", "duration", "ratio", "text", "state"]
Value = int | float | str | None

# How a value of each kind is formatted in the browser (static/js/format.js).
FORMAT_BY_KIND: dict[Kind, str] = {
    "count": "count",
    "duration": "mm:ss",
    "ratio": "percent",
    "text": "text",
    "state": "state",
}


@dataclass(frozen=True)
class Statistic:
    """One statistic protocol name with its label and the kind of its values."""

    name: str
    label: str
    kind: Kind

    @property
    def format(self) -> str:
        return FORMAT_BY_KIND[self.kind]

    def parse(self, raw: object) -> Value:
        """Return the typed value of one raw upstream value; None for no data."""
        return parse_value(self.kind, raw)


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
        return number
    return int(number)


_STATISTICS = [
    # Totals and service grid (§1.2, §1.3)
    Statistic("name", "Service", "text"),
    Statistic("agents_logged", "Agents logged in", "count"),
    Statistic("agents_ready", "Agents ready", "count"),
    Statistic("agents_busy", "Agents busy", "count"),
    Statistic("in_calls_waiting", "Waiting", "count"),
    Statistic("in_max_wait_time", "Longest wait", "duration"),
    Statistic("in_average_speed_of_answer", "Avg. speed of answer", "duration"),
    Statistic("service_level", "Service level", "ratio"),
    Statistic("service_level_threshold_time", "SL threshold", "duration"),
    Statistic("in_calls_received_per_day", "Received today", "count"),
    Statistic("in_calls_abandoned_in_queue_per_day", "Long abandons today", "count"),
    Statistic("in_calls_short_abandoned_in_queue_per_day", "Short abandons today", "count"),
    # Agent grid (§1.4)
    Statistic("login_id", "Login", "text"),
    Statistic("firstname", "First name", "text"),
    Statistic("lastname", "Last name", "text"),
    Statistic("first_last_name", "Agent", "text"),
    Statistic("team_name", "Team", "text"),
    Statistic("acd_state", "State", "state"),
    Statistic("reason", "Reason", "text"),
    Statistic("state_duration", "Time in state", "duration"),
    Statistic("login_time", "Logged in for", "duration"),
    Statistic("in_calls_handled_per_day", "Handled today", "count"),
]

STATISTICS: dict[str, Statistic] = {stat.name: stat for stat in _STATISTICS}


def get(name: str) -> Statistic:
    """Return the catalogue entry for `name`; unknown names are read as text."""
    return STATISTICS.get(name) or Statistic(name, name.replace("_", " ").capitalize(), "text")
