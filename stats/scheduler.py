"""Celery beat's scheduler, with two additions the wallboard needs.

- **One active beat.** Every beat process tries to hold a short Redis lease; the one
  that holds it dispatches, the others stand by and take over within a few seconds when
  the active one dies, even by `kill -9` (its lease simply runs out).
- **Polls on a fixed grid.** Each tenant's polls fall in slots of its poll interval
  counted from the epoch, never "interval after the last run", so they do not drift.
  A slot is claimed in Redis before its poll is sent, so even two beats that both
  believe they lead send one poll per slot; a poll not started before its slot ends
  has expired and is dropped by the worker.
- **In batches, the longest unpolled first.** The polls due are sent a batch of
  tenants to a task (stats/tasks.py `poll_tenants`), a Celery message per batch rather
  than per tenant, ordered by when each tenant's last poll started (`store.POLLS_STARTED`).
  Past what the workers can do, the polls at the back of a slot expire, and those
  tenants are at the front of the next: every tenant is still polled, in turn, at a
  longer interval, never starved; each round says how far behind it is
  (`ROUND_KEY`, /healthz and /metrics).
- **One clock.** Slots are read from the deployment's clock, Redis' `TIME`
  (wallboard/clock.py), and each poll carries the end of its slot on that clock, which the
  worker checks against the same clock. (Celery's `expires` would be the beat's clock
  checked against the worker's: a few seconds of skew would drop every poll.)
- **Redis may go away.** While Redis (or the broker on it, or the database) cannot be
  reached, a beat stands by, logs one line, and tries again at most a few seconds
  apart (wallboard/outage.py); when it answers again, whichever beat takes the lease first
  leads.
"""

from __future__ import annotations

import logging
import math
import os
import socket
import time
import uuid
from typing import Any, cast

import django.db
import kombu.exceptions
import redis
from celery.beat import Scheduler

from stats import store
from wallboard import clock, metrics
from wallboard.outage import REDIS_DOWN, Outage

log = logging.getLogger(__name__)

LEADER_KEY = "wb:beat:leader"
# The last round of polls sent: tenants due, how many had missed their previous slot,
# and the longest any had waited since its last poll started (stats/views.py shows it).
ROUND_KEY = "wb:polls:round"
# Tenants per poll task: few Celery messages a slot, yet enough tasks for every
# worker to take some (at least MIN_BATCHES when there are that many tenants due).
BATCH, MIN_BATCHES = 25, 4
# The lease lasts this long unless renewed; beat ticks at least every second.
LEADER_TTL = 5.0
STANDBY_RETRY = 1.0
TENANTS_REFRESH = 5.0
# What a tick raises while Redis, the broker on it (kombu wraps its errors) or the
# database cannot be reached: the beat rides these out rather than exit.
UNREACHABLE: tuple[type[Exception], ...] = (
    *REDIS_DOWN,
    kombu.exceptions.OperationalError,
    django.db.OperationalError,
)

# Renew the lease if we hold it; take it if nobody does. Returns 1 when we hold it.
_HOLD = """
local holder = redis.call('GET', KEYS[1])
if holder == ARGV[1] then
    redis.call('PEXPIRE', KEYS[1], ARGV[2])
    return 1
end
if not holder then
    redis.call('SET', KEYS[1], ARGV[1], 'PX', ARGV[2])
    return 1
end
return 0
"""


class Leader:
    """A lease in Redis that at most one beat process holds at a time."""

    def __init__(self, r: redis.Redis, identity: str, ttl: float = LEADER_TTL) -> None:
        self.identity = identity
        self.ttl_ms = int(ttl * 1000)
        self._hold = r.register_script(_HOLD)
        self.leading = False

    def hold(self) -> bool:
        """Renew or take the lease; return True while this process leads.

        Raise what redis-py raises when Redis cannot be reached; this process then no
        longer counts itself the leader, since its lease runs out meanwhile.
        """
        try:
            held = self._hold(keys=[LEADER_KEY], args=[self.identity, self.ttl_ms])
        except REDIS_DOWN:
            self.leading = False
            raise
        leading = bool(held)
        if leading != self.leading:
            log.warning("beat %s: %s", self.identity, "now active" if leading else "standing by")
        self.leading = leading
        return leading


def claim_slot(r: redis.Redis, tenant_id: int, slot: int, interval: float) -> bool:
    """Return True for the first claim of a tenant's poll slot, False for any later one."""
    return claim_slots(r, [(tenant_id, slot, interval)]) == [True]


def claim_slots(r: redis.Redis, slots: list[tuple[int, int, float]]) -> list[bool]:
    """Claim each (tenant id, slot, interval) in one round trip; return True for each
    first claim of its slot, False for a later one."""
    pipe = r.pipeline(transaction=False)
    for tenant_id, slot, interval in slots:
        pipe.set(f"wb:tenant:{tenant_id}:slot:{slot}", 1, nx=True, ex=int(2 * interval) + 1)
    return [bool(claimed) for claimed in pipe.execute()]


def batches(tenant_ids: list[int]) -> list[list[int]]:
    """Return `tenant_ids` cut, in order, into the tasks of one slot (BATCH, MIN_BATCHES)."""
    size = max(1, min(BATCH, math.ceil(len(tenant_ids) / MIN_BATCHES)))
    return [tenant_ids[i : i + size] for i in range(0, len(tenant_ids), size)]


def longest_unpolled_first(due: list[int], started: list[float | None]) -> list[int]:
    """Return the tenants `due` by when their last poll `started`, never polled first;
    ties keep their order."""
    since = [-math.inf if at is None else at for at in started]
    order = sorted(range(len(due)), key=since.__getitem__)
    return [due[i] for i in order]


def next_slot(now: float, interval: float) -> tuple[int, float]:
    """Return the slot `now` falls in and the seconds until the next one starts."""
    slot = int(now // interval)
    return slot, (slot + 1) * interval - now


GOLDEN_STEP = (5**0.5 - 1) / 2  # of the circle of tenants, between rounds (_in_turn)


class PollScheduler(Scheduler):
    """Beat's scheduler that leads or stands by, and sends the tenants' polls."""

    def setup_schedule(self) -> None:
        super().setup_schedule()
        identity = f"{socket.gethostname()}:{os.getpid()}:{uuid.uuid4().hex[:6]}"
        self.leader = Leader(store.client(), identity)
        self.outage = Outage(f"beat {identity}", "standing by until Redis and the database answer")
        self._tenants: list[tuple[int, float]] = []
        self._tenants_read = 0.0
        self._turn = 0  # rounds of polls sent: where the next round starts (_in_turn)

    def tick(self, *args: Any, **kwargs: Any) -> float:
        """Lead or stand by for one tick; return the seconds until the next."""
        try:
            wait = self._lead_or_stand_by(*args, **kwargs)
        except UNREACHABLE as error:
            return self.outage.failed(error)
        self.outage.ended()
        return wait

    def _lead_or_stand_by(self, *args: Any, **kwargs: Any) -> float:
        if not self.leader.hold():
            return STANDBY_RETRY
        wait = float(super().tick(*args, **kwargs))
        return min(wait, self.dispatch_polls(clock.now(store.client())))

    def dispatch_polls(self, now: float) -> float:
        """Send the poll of every tenant whose slot has begun at `now` (the deployment's
        time), to start before the slot ends, the longest unpolled first; return the
        seconds to the next slot."""
        from stats.tasks import poll_tenants

        r = store.client()
        tenants = self._in_turn(self.tenants())
        slots = [(pk, *next_slot(now, interval), interval) for pk, interval in tenants]
        claimed = claim_slots(r, [(pk, slot, interval) for pk, slot, _, interval in slots])
        due = [slot for slot, first in zip(slots, claimed, strict=True) if first]
        if due:
            started = store.polls_started(r, [pk for pk, *_ in due])
            self._note_round(r, now, due, started)
            ends = {pk: now + remaining for pk, _, remaining, _ in due}
            ordered = longest_unpolled_first(list(ends), started)
            # Tenants of one interval share a slot's end; each end gets its own tasks.
            for until in sorted(set(ends.values())):
                for batch in batches([pk for pk in ordered if ends[pk] == until]):
                    poll_tenants.apply_async((batch,), {"until": until})
            self._turn += 1
        wait = min((remaining for _, _, remaining, _ in slots), default=STANDBY_RETRY)
        return max(min(wait, STANDBY_RETRY), 0.01)

    def _note_round(
        self,
        r: redis.Redis,
        now: float,
        due: list[tuple[int, int, float, float]],
        started: list[float | None],
    ) -> None:
        """Keep how far behind this round is: tenants whose previous slot passed with
        no poll started (counted once, in `wallboard_slots_missed_total`), and the
        longest any tenant due has waited since its last poll started."""
        missed, longest = 0, 0.0
        for (_, slot, _, interval), at in zip(due, started, strict=True):
            if at is None:
                continue  # never polled since Redis started: no slot to call missed
            missed += int(at // interval) < slot - 1
            longest = max(longest, now - at)
        fields = {"at": now, "due": len(due), "missed": missed, "wait_max": round(longest, 3)}
        pipe = r.pipeline(transaction=False)
        pipe.hset(ROUND_KEY, mapping=cast(dict[Any, Any], fields))
        metrics.count(pipe, "slots_missed", by=missed)
        metrics.set_gauge(pipe, "poll_wait_max", longest)
        pipe.execute()

    def _in_turn(self, tenants: list[tuple[int, float]]) -> list[tuple[int, float]]:
        """Return `tenants` in a circle that starts somewhere else at each round of polls.

        The workers take the polls in the order they are sent, and a poll that cannot
        start before its slot ends is dropped: with more tenants than the workers can
        poll, a fixed order would drop the same ones every slot, for ever, and a start one
        further along each round would barely move the few at the front. Stepping the
        start by the golden ratio of the circle, the front of each round lands far from
        the last ones, and over a few rounds it has been every tenant's turn.

        The polls go out the longest unpolled first (`longest_unpolled_first`); this
        order settles the ties, as when no tenant has been polled since Redis started."""
        if not tenants:
            return tenants
        start = int(self._turn * GOLDEN_STEP * len(tenants)) % len(tenants)
        return tenants[start:] + tenants[:start]

    def tenants(self) -> list[tuple[int, float]]:
        """Return (id, poll interval) of the enabled tenants, re-read every few seconds."""
        if time.monotonic() - self._tenants_read > TENANTS_REFRESH:
            from bpcc.models import Tenant

            rows = Tenant.objects.filter(enabled=True).values_list("pk", "poll_interval")
            self._tenants = [(pk, max(1.0, interval)) for pk, interval in rows]
            self._tenants_read = time.monotonic()
        return self._tenants
