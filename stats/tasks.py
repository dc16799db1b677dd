"""Celery tasks: thin wrappers that fetch inputs and call the poller.

The polls are sent by the beat scheduler (stats/scheduler.py), one per tenant per slot
of its poll interval, each with the end of its slot on the deployment's clock (Redis'
`TIME`, wallboard/clock.py): a poll that comes later than that is dropped, not run late.
"""

from __future__ import annotations

import time
from contextlib import suppress

from asgiref.sync import async_to_sync
from celery import shared_task
from channels.layers import get_channel_layer
from django.conf import settings
from redis.exceptions import LockError

from boards.models import Board
from bpcc.models import Tenant
from stats import store
from stats.hub import group_event
from stats.poller import poll_and_publish
from wallboard import clock, metrics
from wallboard.outage import REDIS_DOWN, Outage

# A poll in flight when Redis goes away fails: one line says so for the whole outage
# rather than a traceback per poll. Polls resume on their own, at the next slot after
# Redis (the broker too) is back.
redis_outage = Outage("worker", "polls fail until Redis answers")


@shared_task
def poll_tenant(tenant_id: int, until: float | None = None) -> str:
    """Poll one tenant unless its slot ended (at `until`, the deployment's time) before
    the poll could start, another poll of it is still running, or Redis is away."""
    try:
        result = _poll_tenant(tenant_id, until)
    except REDIS_DOWN as error:
        redis_outage.failed(error)
        return "redis_down"
    redis_outage.ended()
    return result


def _poll_tenant(tenant_id: int, until: float | None) -> str:
    state = store.TenantState(store.client(), tenant_id)
    if until is not None and clock.now(state.r) >= until:
        metrics.count(state.r, "polls_skipped", str(tenant_id))
        return "expired"
    tenant = Tenant.objects.filter(pk=tenant_id, enabled=True).first()
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
        boards = list(Board.objects.enabled().filter(tenant=tenant).order_by("pk"))
        deadline = time.monotonic() + budget
        return poll_and_publish(tenant, boards, state, _publish, timeout=budget, deadline=deadline)
    finally:
        # A poll that outlived its lock has lost it already; nothing to release.
        with suppress(LockError):
            lock.release()


def _publish(group: str, text: str, received: float) -> None:
    layer = get_channel_layer()
    event = group_event(group, "board.message", text=text, received=received)
    async_to_sync(layer.group_send)(group, event)
