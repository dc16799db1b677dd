"""Celery tasks: thin wrappers that fetch inputs and call the poller.

The polls are sent by the beat scheduler (stats/scheduler.py): each slot of a poll
interval, the tenants due are sent in batches, most overdue first, each batch one task
with the end of its slot on the deployment's clock (Redis' `TIME`, wallboard/clock.py).
A worker polls a batch's tenants a few at a time, in order, over its kept connections
(bpcc/http_pool.py); a poll that has not started when its slot ends is dropped, not run
late, and its tenant is among the first of the next slot (stats/scheduler.py).
"""

from __future__ import annotations

import asyncio
import logging
import os
import threading
import time
from collections import Counter, defaultdict
from collections.abc import Sequence
from concurrent.futures import ThreadPoolExecutor
from contextlib import suppress
from typing import Any

from celery import shared_task
from channels.layers import get_channel_layer
from django.conf import settings
from django.db import close_old_connections
from redis.exceptions import LockError

from boards.models import Board
from bpcc.models import Tenant
from stats import store
from stats.hub import group_event
from stats.poller import poll_and_publish
from wallboard import clock, metrics
from wallboard.outage import REDIS_DOWN, Outage

log = logging.getLogger(__name__)

# A poll in flight when Redis goes away fails: one line says so for the whole outage
# rather than a traceback per poll. Polls resume on their own, at the next slot after
# Redis (the broker too) is back.
redis_outage = Outage("worker", "polls fail until Redis answers")
# Polls of a worker process running at once. A poll mostly waits (on the tenant and
# on Redis); a few at once fill those waits, more would only queue for the interpreter.
POLL_THREADS = 8


@shared_task
def poll_tenants(tenant_ids: list[int], until: float | None = None) -> dict[str, int]:
    """Poll each of `tenant_ids`, in that order, a few at once; a poll not started
    before `until` (the deployment's time) is dropped. Return how many polls ended in
    each outcome (`poll_tenant`'s)."""
    r = store.client()
    try:
        clock.now(r)  # one reading: the polls' own checks estimate from it
    except REDIS_DOWN as error:
        redis_outage.failed(error)
        return {"redis_down": len(tenant_ids)}
    if until is not None and clock.estimate() >= until:
        _count_skipped(r, tenant_ids)  # the whole batch came late: nothing read
        return {"expired": len(tenant_ids)}
    tenants = Tenant.objects.filter(enabled=True).in_bulk(tenant_ids)
    boards: dict[int, list[Board]] = defaultdict(list)
    for board in Board.objects.enabled().filter(tenant__in=tenant_ids).order_by("pk"):
        boards[board.tenant_id].append(board)
    jobs = [(tenants.get(pk), pk, boards[pk], until) for pk in tenant_ids]
    outcomes = list(_threads().map(lambda job: _poll_in_thread(*job), jobs))
    # Past capacity most of a batch may expire: counted in one round trip.
    expired = [pk for pk, outcome in zip(tenant_ids, outcomes, strict=True) if outcome == "expired"]
    _count_skipped(r, expired)
    return dict(Counter(outcomes))


@shared_task
def poll_tenant(tenant_id: int, until: float | None = None) -> str:
    """Poll one tenant unless its slot ended (at `until`, the deployment's time) before
    the poll could start, another poll of it is still running, or Redis is away."""
    (outcome,) = poll_tenants([tenant_id], until)  # a batch of one
    return outcome


def _poll_in_thread(
    tenant: Tenant | None, tenant_id: int, boards: Sequence[Board], until: float | None
) -> str:
    try:
        return _poll(tenant, tenant_id, boards, until)
    except Exception:
        # One tenant's failure is its own: the batch's other polls go on, and this
        # traceback is logged as Celery would have logged a task's.
        log.exception("tenant %s: the poll failed", tenant_id)
        return "failed"
    finally:
        close_old_connections()  # as Celery does after each task, for this thread's


def _poll(
    tenant: Tenant | None, tenant_id: int, boards: Sequence[Board], until: float | None
) -> str:
    try:
        result = _poll_locked(tenant, tenant_id, boards, until)
    except REDIS_DOWN as error:
        redis_outage.failed(error)
        return "redis_down"
    redis_outage.ended()
    return result


def _poll_locked(
    tenant: Tenant | None, tenant_id: int, boards: Sequence[Board], until: float | None
) -> str:
    state = store.TenantState(store.client(), tenant_id)
    # The caller read Redis' clock just before: estimating from it costs no round trip.
    if until is not None and clock.estimate() >= until:
        return "expired"  # the caller counts it
    if tenant is None:
        return "disabled"
    budget = settings.WALLBOARD_UPSTREAM_TIMEOUT
    # The poll cannot run past its deadline, so it never outlives this lock; a worker
    # killed mid-poll holds it at most this long.
    lock = state.lock(ttl=budget + 1)
    if not lock.acquire():
        metrics.count(state.r, "polls_skipped", str(tenant_id))
        return "skipped"
    try:
        store.mark_polled(state.r, tenant_id, clock.estimate())
        deadline = time.monotonic() + budget
        return poll_and_publish(tenant, boards, state, _publish, timeout=budget, deadline=deadline)
    finally:
        # A poll that outlived its lock has lost it already; nothing to release.
        with suppress(LockError):
            lock.release()


def _count_skipped(r: Any, tenant_ids: list[int]) -> None:
    if not tenant_ids:
        return
    with suppress(*REDIS_DOWN):  # a count lost in an outage; the polls it counts are too
        pipe = r.pipeline(transaction=False)
        for tenant_id in tenant_ids:
            metrics.count(pipe, "polls_skipped", str(tenant_id))
        pipe.execute()


class _Pool:
    """This process's poll threads and the event loop the channel layer sends from,
    both made at first use and never shared across a fork."""

    def __init__(self) -> None:
        self._forget()
        os.register_at_fork(after_in_child=self._forget)

    def _forget(self) -> None:
        self._lock = threading.Lock()
        self._threads: ThreadPoolExecutor | None = None
        self._loop: asyncio.AbstractEventLoop | None = None

    def threads(self) -> ThreadPoolExecutor:
        with self._lock:
            if self._threads is None:
                self._threads = ThreadPoolExecutor(POLL_THREADS, thread_name_prefix="poll")
            return self._threads

    def loop(self) -> asyncio.AbstractEventLoop:
        """Return the loop the channel layer sends from. It lives as long as the process:
        the layer keeps its Redis connections per loop, so a loop per message
        (async_to_sync's) opened and closed a connection per message."""
        with self._lock:
            if self._loop is None:
                self._loop = asyncio.new_event_loop()
                threading.Thread(target=self._loop.run_forever, name="publish", daemon=True).start()
            return self._loop


_POOL = _Pool()


def _threads() -> ThreadPoolExecutor:
    return _POOL.threads()


def _publish(group: str, text: str, received: float) -> None:
    layer = get_channel_layer()
    event = group_event(group, "board.message", text=text, received=received)
    asyncio.run_coroutine_threadsafe(layer.group_send(group, event), _POOL.loop()).result()
