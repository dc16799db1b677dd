"""Which tenant the console works on, and the admin client that talks to it.

The tenant is picked per session (the first enabled one until the admin picks
another). Each tenant's admin token is kept in Redis apart from the poller's, so the
console never disturbs the statistics credential, and every web process and worker
shares it instead of asking for a token per request. Redis keeps it for its remaining
lifetime, and each process judges it on its own clock (stats/store.py, `save_token`).
"""

from __future__ import annotations

from dataclasses import dataclass

from django.conf import settings
from django.http import Http404, HttpRequest

from stats import store
from stats.models import Tenant
from stats.upstream import Token
from stats.upstream_admin import AdminClient

SESSION_KEY = "console_tenant"


class ConsoleTokens:
    """A tenant's admin token in Redis (`wb:console:tenant:<id>:token`), used only
    while the tenant's credentials are those it was got with."""

    def __init__(self, tenant: Tenant) -> None:
        self.r = store.client()
        self.key = f"wb:console:tenant:{tenant.pk}:token"
        self.made_with = tenant.credentials_fingerprint()

    def token(self) -> Token | None:
        return store.load_token(self.r, self.key, self.made_with)

    def save_token(self, token: Token) -> None:
        store.save_token(self.r, self.key, token, self.made_with)

    def forget_token(self) -> None:
        self.r.delete(self.key)


def client_for(
    tenant: Tenant, *, timeout: float | None = None, deadline: float | None = None
) -> AdminClient:
    """Return an admin client for `tenant` (close it, or use it in a `with`).

    The console's pages use the console's timeout; the poll, which reads campaign
    figures for boards, passes its own timeout and deadline.
    """
    return AdminClient(
        tenant.base_url,
        timeout=timeout or settings.WALLBOARD_CONSOLE_TIMEOUT,
        deadline=deadline,
        client_id=tenant.client_id,
        client_secret=tenant.client_secret,
        tokens=ConsoleTokens(tenant),
        version="v2" if tenant.flavour == Tenant.Flavour.ONECLOUD else "v3",
    )


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
    return Abilities(v3=tenant.flavour != Tenant.Flavour.ONECLOUD)


def require_v3(tenant: Tenant) -> None:
    """Refuse (404) a page that only List Management v3 can serve."""
    if tenant.flavour == Tenant.Flavour.ONECLOUD:
        raise Http404("OneCloud CX's v2 API cannot do this; the console hides it there.")
