"""The Celery worker's consumer, which looks for a lost broker every few seconds.

Celery retries a lost broker 2, 4, 6 … up to 30 s apart, with no setting to change
that: after a Redis outage of a minute a worker would look again only half a minute
later, and the boards would stay frozen that long although Redis was back. This
consumer retries at most `RETRY_CAP` seconds apart (settings.CELERY_WORKER_CONSUMER
names it; CELERY_BROKER_CONNECTION_MAX_RETRIES = None makes it retry for ever).
"""

from __future__ import annotations

from functools import partial
from typing import Any

from celery.worker.consumer import Consumer as CeleryConsumer

from wallboard.outage import RETRY_CAP, RETRY_FIRST


class Consumer(CeleryConsumer):
    """Celery's consumer, with the broker retried at most RETRY_CAP seconds apart."""

    def ensure_connected(self, conn: Any) -> Any:
        """Connect `conn` as Celery does, but retry 0.5, 1, 1.5, then every 2 s
        (RETRY_FIRST, by steps of RETRY_FIRST, up to RETRY_CAP) instead of 2, 4 … 30."""
        # Celery passes kombu's ensure_connection no intervals, so kombu's defaults
        # apply; these take their place for this connection only.
        conn.ensure_connection = partial(
            conn.ensure_connection,
            interval_start=RETRY_FIRST,
            interval_step=RETRY_FIRST,
            interval_max=RETRY_CAP,
        )
        return super().ensure_connected(conn)
