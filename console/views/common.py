"""What every console view shares: the role check, the tenant, and upstream failures."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from console.safety import explain
from console.tenancy import abilities, current_tenant, tenants
from stats.models import Tenant
from stats.roles import CAMPAIGN_ADMIN, role_required
from stats.upstream_admin import UpstreamError

View = Callable[..., HttpResponse]

# Every console view, GET and POST alike, is for campaign admins and above.
console_view: Callable[[View], View] = role_required(CAMPAIGN_ADMIN)


def page(
    request: HttpRequest, template: str, context: dict[str, Any], status: int = 200
) -> HttpResponse:
    """Render a console page with the tenant, the tenant picker and what v2 can do."""
    tenant = current_tenant(request)
    base = {"tenant": tenant, "tenants": tenants(), "can": abilities(tenant)}
    return render(request, template, {**base, **context}, status=status)


def upstream_failed(request: HttpRequest, exc: UpstreamError, doing: str) -> HttpResponse:
    """Render a read that failed upstream, in plain words, instead of a server error."""
    context = {"doing": doing, "explanation": explain(exc), "status": exc.status}
    return page(request, "console/upstream_error.html", context, status=502)


def tenant_of(request: HttpRequest) -> Tenant:
    return current_tenant(request)


def pairs(text: str) -> dict[str, str]:
    """Return `name=value` lines (or `name: value`) as a dict, blank lines skipped."""
    result = {}
    for line in text.splitlines():
        name, sep, value = line.partition("=") if "=" in line else line.partition(":")
        if sep and name.strip():
            result[name.strip()] = value.strip()
    return result
