"""The disposition names of a tenant, for the leaderboard's picker (cached,
stats/tenant_names.py).

They are read with the poller's own credential: a new statsapi login would end the
poller's session (reference §4 "Authentication").
"""

from __future__ import annotations

from django.conf import settings

from stats import store
from stats.models import Tenant
from stats.poller import credential
from stats.tenant_names import Names, read_through
from stats.upstream import BpccClient


def dispositions(tenant: Tenant) -> Names:
    """Return the tenant's disposition names ("Get Dispositions")."""

    def fetch() -> list[str]:
        state = store.TenantState(store.client(), tenant.pk)
        with BpccClient(tenant.base_url, timeout=settings.WALLBOARD_UPSTREAM_TIMEOUT) as client:
            return client.get_dispositions(credential(client, tenant, state))

    return read_through(tenant, "dispositions", fetch)


def services(tenant: Tenant) -> Names:
    """Return the names of the services the tenant's API user supervises
    (`cfg/services`, which Bright Pattern's own wallboard reads)."""

    def fetch() -> list[str]:
        state = store.TenantState(store.client(), tenant.pk)
        with BpccClient(tenant.base_url, timeout=settings.WALLBOARD_UPSTREAM_TIMEOUT) as client:
            return [s["name"] for s in client.get_services(credential(client, tenant, state))]

    return read_through(tenant, "services", fetch)
