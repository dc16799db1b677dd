"""Names read from the tenant's statistics configuration for the board editor's pickers
(cached, bpcc/tenant_names.py): the dispositions of the leaderboard, and the services
a widget may be limited to.

They are read with the poller's own credential: a new statsapi login would end the
poller's session (reference §4 "Authentication").
"""

from __future__ import annotations

from collections.abc import Callable

from django.conf import settings

from bpcc.client import BpccClient, Token
from bpcc.models import Tenant
from bpcc.tenant_names import Names, read_through
from bpcc.tokens import credential, statistics_tokens


def dispositions(tenant: Tenant) -> Names:
    """Return the tenant's disposition names ("Get Dispositions")."""
    return _read(tenant, "dispositions", lambda client, token: client.get_dispositions(token))


def services(tenant: Tenant) -> Names:
    """Return the names of the services the tenant's API user supervises
    (`cfg/services`, which Bright Pattern's own wallboard reads)."""
    return _read(
        tenant, "services", lambda client, token: [s["name"] for s in client.get_services(token)]
    )


def _read(tenant: Tenant, kind: str, names: Callable[[BpccClient, Token], list[str]]) -> Names:
    def fetch() -> list[str]:
        with BpccClient(tenant.base_url, timeout=settings.WALLBOARD_UPSTREAM_TIMEOUT) as client:
            return names(client, credential(client, tenant, statistics_tokens(tenant)))

    return read_through(tenant, kind, fetch)
