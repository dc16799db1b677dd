"""Which tenant the console works on, and the admin client that talks to it.

The tenant is picked per user and remembered across sessions and logins
(`TenantChoice`); until the user picks one, or when the one picked is disabled or
deleted, it is the first enabled one. Its admin client, and the admin token kept in
Redis apart from the poller's, come from bpcc/tokens.py (`client_for`).
"""

from __future__ import annotations

from dataclasses import dataclass

from django.http import Http404, HttpRequest

from bpcc.models import Tenant
from console.models import TenantChoice


def tenants() -> list[Tenant]:
    return list(Tenant.objects.filter(enabled=True))


def current_tenant(request: HttpRequest) -> Tenant:
    """Return the user's chosen tenant, or the first enabled one; 404 when there is none."""
    enabled = Tenant.objects.filter(enabled=True)
    tenant = enabled.filter(tenantchoice__user_id=request.user.pk or 0).first()
    tenant = tenant or enabled.first()
    if tenant is None:
        raise Http404("No tenant is set up yet: a superuser adds one on the tenants page.")
    return tenant


def choose(request: HttpRequest, tenant: Tenant) -> None:
    """Work on `tenant` from now on, in this session and the user's next ones."""
    TenantChoice.objects.update_or_create(user_id=request.user.pk, defaults={"tenant": tenant})


@dataclass(frozen=True)
class Abilities:
    """What the tenant's APIs can do. OneCloud CX's v2 methods address lists and
    campaigns by name and cannot start, stop, bind, create, erase or delete by job."""

    v3: bool

    @property
    def by_name(self) -> bool:
        return not self.v3


def abilities(tenant: Tenant) -> Abilities:
    return Abilities(v3=not tenant.is_onecloud)


def require_v3(tenant: Tenant) -> None:
    """Refuse (404) a page that only List Management v3 can serve."""
    if tenant.is_onecloud:
        raise Http404("OneCloud CX's v2 API cannot do this; the console hides it there.")
