"""Which tenant the console works on, and the admin client that talks to it.

The tenant is picked per session (the first enabled one until the admin picks
another). Its admin client, and the admin token kept in Redis apart from the poller's,
come from bpcc/tokens.py (`client_for`).
"""

from __future__ import annotations

from dataclasses import dataclass

from django.http import Http404, HttpRequest

from bpcc.models import Tenant

SESSION_KEY = "console_tenant"


def tenants() -> list[Tenant]:
    return list(Tenant.objects.filter(enabled=True))


def current_tenant(request: HttpRequest) -> Tenant:
    """Return the session's tenant, or the first enabled one; 404 when there is none."""
    chosen = request.session.get(SESSION_KEY)
    tenant = Tenant.objects.filter(enabled=True, pk=chosen).first() if chosen else None
    tenant = tenant or Tenant.objects.filter(enabled=True).first()
    if tenant is None:
        raise Http404("No tenant is set up yet: a superuser adds one in the admin.")
    return tenant


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
