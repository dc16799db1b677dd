"""The campaign names of a tenant, for the campaign widget's picker (cached,
bpcc/tenant_names.py), read with the console's client and admin token: "Get
Campaigns" (v3 campaign/getAll, or v2 by name on OneCloud CX)."""

from __future__ import annotations

from django.conf import settings

from bpcc.models import Tenant
from bpcc.tenant_names import Names, read_through
from bpcc.tokens import client_for


def campaign_names(tenant: Tenant) -> Names:
    """Return the names of the tenant's campaigns."""

    def fetch() -> list[str]:
        with client_for(tenant, timeout=settings.WALLBOARD_UPSTREAM_TIMEOUT) as api:
            if tenant.is_onecloud:
                return [c["name"] for c in api.v2_get_campaigns()]
            return [c["name"] for c in api.get_campaigns()]

    return read_through(tenant, "campaigns", fetch)
