"""Trend series for sparklines, from the tenant's history stream in Redis.

The poller adds the tenant's totals to the stream at every poll (stats/store.py); a
sparkline asks for one statistic over its last minutes, cut into at most `POINTS`
buckets so the answer stays small whatever the poll interval. No upstream call.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

POINTS = 120

Point = tuple[float, float]


def series(
    history: Iterable[tuple[float, dict[str, Any]]],
    stat: str,
    since: float,
    until: float,
    points: int = POINTS,
) -> list[Point]:
    """Return (time, value) of `stat`, the last value of each bucket that has one.

    Values that are not numbers (no data) are left out, so a gap in the data shows as
    a straight line between the values either side, never as a drop to zero.
    """
    width = max((until - since) / points, 1e-9)
    buckets: dict[int, Point] = {}
    for at, totals in history:
        value = totals.get(stat)
        if at < since or isinstance(value, bool) or not isinstance(value, int | float):
            continue
        buckets[int((at - since) // width)] = (round(at, 3), value)
    return [buckets[i] for i in sorted(buckets)]
