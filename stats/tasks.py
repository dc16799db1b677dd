"""Celery tasks: thin wrappers that fetch inputs and call the poller."""

from __future__ import annotations

from contextlib import suppress

from asgiref.sync import async_to_sync
from celery import shared_task
from channels.layers import get_channel_layer
from django.conf import settings
from redis.exceptions import LockError

from stats import store
from stats.models import Board, Tenant
from stats.poller import poll_tenant as poll


@shared_task
def poll_tenants() -> None:
    """Start one poll per enabled tenant; a poll not started within an interval is dropped."""
    for tenant_id in Tenant.objects.filter(enabled=True).values_list("pk", flat=True):
        poll_tenant.apply_async((tenant_id,), expires=settings.WALLBOARD_POLL_INTERVAL)


@shared_task
def poll_tenant(tenant_id: int) -> str:
    """Poll one tenant unless another poll of it is still running."""
    tenant = Tenant.objects.get(pk=tenant_id)
    state = store.TenantState(store.client(), tenant_id)
    # The lock outlives the slowest possible poll (token + subscribe + data requests).
    lock = state.lock(ttl=3 * settings.WALLBOARD_UPSTREAM_TIMEOUT + 1)
    if not lock.acquire():
        return "skipped"
    try:
        boards = list(Board.objects.enabled().filter(tenant=tenant).order_by("pk"))
        return poll(tenant, boards, state, _publish, timeout=settings.WALLBOARD_UPSTREAM_TIMEOUT)
    finally:
        # A poll that outlived its lock has lost it already; nothing to release.
        with suppress(LockError):
            lock.release()


def _publish(group: str, text: str) -> None:
    layer = get_channel_layer()
    async_to_sync(layer.group_send)(group, {"type": "board.message", "text": text})
