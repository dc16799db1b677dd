"""What every console view shares: the role check, the tenant, and upstream failures."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from accounts.roles import CAMPAIGN_ADMIN, role_required
from bpcc.admin_api import BadId, UpstreamError, check_id
from bpcc.models import Tenant
from console.safety import explain
from console.tenancy import abilities, current_tenant, tenants

View = Callable[..., HttpResponse]


def _refusing_bad_ids(view: View) -> View:
    """Decorate a view: an id in its URL, or a name it sends, that cannot be one segment
    of an upstream path (bpcc/admin_api/base.py `check_id`) gets a 400 saying why,
    before anything is asked of the tenant."""

    @wraps(view)
    def checked(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        try:
            for value in kwargs.values():
                if isinstance(value, str):
                    check_id(value)
            return view(request, *args, **kwargs)
        except BadId as exc:
            return bad_request(request, str(exc))

    return checked


def console_view(view: View) -> View:
    """Decorate a console view: for campaign admins and above, GET and POST alike, and
    ids checked before they go into an upstream path."""
    return role_required(CAMPAIGN_ADMIN)(_refusing_bad_ids(view))


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


def bad_request(request: HttpRequest, message: str) -> HttpResponse:
    """Render a request the console refuses (400), saying why in plain words."""
    return page(request, "console/bad_request.html", {"message": message}, status=400)


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
