"""Operational metrics, kept in Redis so every process (web, workers, beat) adds to the
same figures, and exposed at /metrics in Prometheus' text format.

- `wallboard_poll_seconds` (histogram, by tenant): how long each poll took;
- `wallboard_upstream_errors_total` (by tenant and status);
- `wallboard_polls_skipped_total` (by tenant): a poll found the previous one running,
  or came after its slot had ended;
- `wallboard_slots_missed_total`: slots of a tenant that passed with no poll of it
  started (past the workers' capacity; counted by the beat, stats/scheduler.py);
- `wallboard_poll_wait_max_seconds` (gauge): at the last round of polls, the
  longest any tenant due had waited since its last poll started: the interval the
  slowest-served tenant is effectively polled at;
- `wallboard_broadcast_seconds` (histogram): from the poll's upstream response to the
  message leaving the web process for a socket;
- `wallboard_gaps_healed_total`: snapshots re-sent to clients that saw a seq gap;
- `wallboard_connected_clients` (by web process): open board sockets.
"""

from __future__ import annotations

import bisect
from collections import Counter
from collections.abc import Iterable, Iterator
from typing import Any, cast

import redis
from prometheus_client.core import (
    CounterMetricFamily,
    GaugeMetricFamily,
    HistogramMetricFamily,
    Metric,
)

PREFIX = "wb:metrics:"
BUCKETS = (0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0)
# A web process reports its socket count with this lifetime, so a dead one drops out.
CLIENTS_TTL = 30


def _bucket(seconds: float) -> str:
    index = bisect.bisect_left(BUCKETS, seconds)
    return str(BUCKETS[index]) if index < len(BUCKETS) else "+Inf"


def observe(r: redis.Redis, name: str, seconds: float, label: str = "") -> None:
    """Add one observation to a histogram."""
    observe_many(r, name, [seconds], label)


def observe_many(r: redis.Redis, name: str, values: list[float], label: str = "") -> None:
    """Add many observations to a histogram in one round trip."""
    if not values:
        return
    key = f"{PREFIX}hist:{name}:{label}"
    pipe = r.pipeline(transaction=False)
    for bucket, n in Counter(_bucket(v) for v in values).items():
        pipe.hincrby(key, bucket, n)
    pipe.hincrbyfloat(key, "sum", sum(values))
    pipe.hincrby(key, "count", len(values))
    pipe.execute()


def count(r: redis.Redis, name: str, label: str = "", by: int = 1) -> None:
    """Add to a counter."""
    r.hincrby(f"{PREFIX}counter:{name}", label, by)


def set_gauge(r: redis.Redis, name: str, value: float) -> None:
    """Set a gauge that any process may read back (the last value written wins)."""
    r.hset(f"{PREFIX}gauges", name, value)


def set_clients(r: redis.Redis, process: str, clients: int) -> None:
    r.set(f"{PREFIX}clients:{process}", clients, ex=CLIENTS_TTL)


class RedisCollector:
    """A Prometheus collector reading the figures every process wrote to Redis."""

    def __init__(self, r: redis.Redis) -> None:
        self.r = r

    def collect(self) -> Iterator[Metric]:
        yield self._histogram("poll", "wallboard_poll_seconds", "Duration of one poll", "tenant")
        yield self._histogram(
            "broadcast",
            "wallboard_broadcast_seconds",
            "From the upstream response to the message leaving for a socket",
            None,
        )
        yield self._counter(
            "upstream_errors", "wallboard_upstream_errors", "Upstream errors", ["tenant", "status"]
        )
        yield self._counter(
            "polls_skipped",
            "wallboard_polls_skipped",
            "Polls skipped: one was running, or the slot had ended",
            ["tenant"],
        )
        yield self._counter(
            "slots_missed",
            "wallboard_slots_missed",
            "Slots of a tenant that passed with no poll of it started",
            [],
        )
        yield self._gauge(
            "poll_wait_max",
            "wallboard_poll_wait_max_seconds",
            "At the last round of polls, the longest a tenant due had waited since its last poll",
        )
        yield self._counter("gaps_healed", "wallboard_gaps_healed", "Snapshots re-sent", [])
        yield self._clients()

    def _histogram(self, name: str, metric: str, doc: str, label: str | None) -> Metric:
        family = HistogramMetricFamily(metric, doc, labels=[label] if label else [])
        for key in cast(Iterable[str], self.r.scan_iter(f"{PREFIX}hist:{name}:*")):
            raw = cast(dict[str, str], self.r.hgetall(key))
            cumulative, buckets = 0, []
            for bound in [*map(str, BUCKETS), "+Inf"]:
                cumulative += int(raw.get(bound, 0))
                buckets.append((bound, cumulative))
            labels = [key.rsplit(":", 1)[1]] if label else []
            family.add_metric(labels, buckets, float(raw.get("sum", 0)))
        return family

    def _counter(self, name: str, metric: str, doc: str, labels: list[str]) -> Metric:
        family = CounterMetricFamily(metric, doc, labels=labels)
        for label, value in cast(dict[str, str], self.r.hgetall(f"{PREFIX}counter:{name}")).items():
            family.add_metric(label.split("|") if labels else [], float(value))
        return family

    def _gauge(self, name: str, metric: str, doc: str) -> Metric:
        family = GaugeMetricFamily(metric, doc)
        value = cast(str | None, self.r.hget(f"{PREFIX}gauges", name))
        if value is not None:
            family.add_metric([], float(value))
        return family

    def _clients(self) -> Metric:
        family = GaugeMetricFamily(
            "wallboard_connected_clients", "Open board sockets", labels=["process"]
        )
        for key in cast(Iterable[str], self.r.scan_iter(f"{PREFIX}clients:*")):
            value = cast(str | None, self.r.get(key))
            if value is not None:
                family.add_metric([key.split(":", 3)[3]], float(value))
        return family


def labels(*values: Any) -> str:
    """Return counter labels joined as RedisCollector splits them."""
    return "|".join(str(v) for v in values)
