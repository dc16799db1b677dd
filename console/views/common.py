"""What every console view shares: the role check, the tenant, reads from the tenant
with their failures, and changes carried out once, on record."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from functools import wraps
from typing import Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from accounts.roles import CAMPAIGN_ADMIN, role_required
from bpcc.admin_api import AdminClient, BadId, UpstreamError, check_id
from bpcc.models import Tenant
from bpcc.tokens import client_for
from console.safety import Change, Outcome, explain, perform
from console.tenancy import abilities, current_tenant, tenants

View = Callable[..., HttpResponse]


class ReadFailed(Exception):
    """A read from the tenant failed (`reading`); the view answers with the upstream
    error page."""

    def __init__(self, error: UpstreamError, doing: str) -> None:
        super().__init__(f"{doing}: {error}")
        self.error, self.doing = error, doing


def _guarded(view: View) -> View:
    """Decorate a view: an id in its URL, or a name it sends, that cannot be one segment
    of an upstream path (bpcc/admin_api/base.py `check_id`) gets a 400 saying why,
    before anything is asked of the tenant; a read that failed upstream gets the
    upstream error page (502)."""

    @wraps(view)
    def checked(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        try:
            for value in kwargs.values():
                if isinstance(value, str):
                    check_id(value)
            return view(request, *args, **kwargs)
        except BadId as exc:
            return bad_request(request, str(exc))
        except ReadFailed as exc:
            return upstream_failed(request, exc.error, exc.doing)

    return checked


def console_view(view: View) -> View:
    """Decorate a console view: for campaign admins and above, GET and POST alike, ids
    checked before they go into an upstream path, and failed reads answered in plain
    words."""
    return role_required(CAMPAIGN_ADMIN)(_guarded(view))


@contextmanager
def reading(tenant: Tenant, doing: str) -> Iterator[AdminClient]:
    """Yield an admin client for `tenant`; an upstream failure in the block ends the
    console view with the upstream error page, saying it happened while `doing`."""
    with client_for(tenant) as api:
        try:
            yield api
        except UpstreamError as exc:
            raise ReadFailed(exc, doing) from exc


def carry_out(
    request: HttpRequest,
    tenant: Tenant,
    *,
    action: str,
    target: str,
    summary: dict[str, Any],
    call: Callable[[AdminClient], Outcome],
    done_url: str,
    failed_url: str = "",
    conflict: str = "",
) -> HttpResponse:
    """Carry out `call` on `tenant` once per idempotency key, on record, and redirect
    (console/safety.py `perform`; the other arguments are `Change`'s)."""
    change = Change(action, target, summary, call, done_url, failed_url, conflict)
    return perform(request, tenant, change)


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
