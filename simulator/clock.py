"""Simulated time and the day's traffic shape.

Simulated time runs `speed` times faster than the wall clock, from a start time that
defaults to now; a manual clock moves only when told to (`/_sim/advance`), which makes
whole runs repeatable to the byte.
"""

from __future__ import annotations

import math
import time
from collections.abc import Callable
from datetime import datetime
from zoneinfo import ZoneInfo


class Clock:
    """Simulated seconds since the epoch."""

    def __init__(
        self,
        start: float,
        speed: float = 1.0,
        *,
        manual: bool = False,
        wall: Callable[[], float] = time.time,
    ) -> None:
        self.speed = speed
        self.manual = manual
        self._wall = wall
        self._wall_start = wall()
        self._start = start
        self._manual_offset = 0.0

    def now(self) -> float:
        if self.manual:
            return self._start + self._manual_offset
        return self._start + (self._wall() - self._wall_start) * self.speed

    def advance(self, seconds: float) -> None:
        """Move a manual clock forward."""
        if not self.manual:
            raise ValueError("only a manual clock can be advanced (start with --manual-clock)")
        self._manual_offset += seconds


def local_hour(timestamp: float, zone: ZoneInfo) -> float:
    """Return the local time of day of `timestamp` in hours, 0 to 24."""
    moment = datetime.fromtimestamp(timestamp, zone)
    return moment.hour + moment.minute / 60 + moment.second / 3600


def traffic_shape(hour: float) -> float:
    """Return the arrival rate at `hour` as a fraction of the day's peak.

    A 24/7 centre: a morning peak around 10:30, an afternoon one around 14:30, and a
    fifth of the peak through the night.
    """
    morning = math.exp(-(((hour - 10.5) / 2.2) ** 2))
    afternoon = 0.9 * math.exp(-(((hour - 14.5) / 2.5) ** 2))
    return min(1.0, 0.2 + 0.8 * max(morning, afternoon))
