"""Riding out an outage of Redis: one log line when it begins, one when it ends, and
retries at most a few seconds apart in between (beats, workers, and the web processes'
hubs, stats/hub.py).

Redis may restart (`make run` starts it again within a second or two of a crash), and
the beats and workers keep running through it rather than exit or log a traceback at
every tick or poll for as long as it lasts.
"""

from __future__ import annotations

import logging
import threading
import time

import redis.exceptions

log = logging.getLogger(__name__)

# What redis-py raises while the server is down, restarting or out of reach.
REDIS_DOWN: tuple[type[Exception], ...] = (
    redis.exceptions.ConnectionError,
    redis.exceptions.TimeoutError,
)
# Retries start this many seconds apart and double up to the cap, so that work resumes
# within a few seconds of Redis coming back, however long it was away.
RETRY_FIRST = 0.5
RETRY_CAP = 2.0


class Outage:
    """One process's record of an outage, shared by its threads: logged once when it
    begins and once when it ends, however many attempts fail in between."""

    def __init__(
        self, who: str, meanwhile: str, *, first: float = RETRY_FIRST, cap: float = RETRY_CAP
    ) -> None:
        self.who = who
        self.meanwhile = meanwhile  # what the process does until it is over, for the log
        self.first, self.cap = first, cap  # the retries' first delay, and the longest
        self.since: float | None = None
        self._delay = first
        self._lock = threading.Lock()

    def failed(self, error: Exception) -> float:
        """Note an attempt that failed with `error`; return the seconds to wait before
        the next (`first`, doubling up to `cap`)."""
        with self._lock:
            if self.since is None:
                self.since = time.monotonic()
                self._delay = self.first
                log.warning("%s: %s: %s: %s", self.who, self.meanwhile, type(error).__name__, error)
            else:
                self._delay = min(2 * self._delay, self.cap)
            return self._delay

    def ended(self) -> None:
        """Note an attempt that succeeded; log the end of the outage if one was going on."""
        if self.since is None:
            return
        with self._lock:
            if self.since is not None:
                log.warning("%s: outage over after %.0f s", self.who, time.monotonic() - self.since)
                self.since = None
