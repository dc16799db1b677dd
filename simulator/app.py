"""The simulator's ASGI application: every API on one tenant, behind the fault layer."""

from __future__ import annotations

from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import Response
from starlette.types import ASGIApp

from simulator import (
    api_appointments,
    api_lists,
    api_lists_v2,
    api_oauth,
    api_stats,
    api_tasks,
    api_users,
    control,
)
from simulator.faults import FaultMiddleware
from simulator.tenant import Config, Tenant
from simulator.web import error_for_path


async def _not_found(request: Request, exc: Exception) -> Response:
    return error_for_path(request.url.path, 404, f"Invalid URL: {request.url.path}")


async def _not_allowed(request: Request, exc: Exception) -> Response:
    return error_for_path(request.url.path, 405, f"Method {request.method} not allowed here")


def build_app(config: Config | None = None) -> tuple[ASGIApp, Tenant]:
    """Return the ASGI app serving a new simulated tenant, and the tenant."""
    tenant = Tenant(config or Config())
    routes = [*api_oauth.routes(tenant), *api_stats.routes(tenant), *control.routes(tenant)]
    routes += [*api_tasks.routes(tenant), *api_users.routes(tenant)]
    routes += [*api_lists.routes(tenant), *api_lists_v2.routes(tenant)]
    routes += api_appointments.routes(tenant)
    app = Starlette(routes=routes, exception_handlers={404: _not_found, 405: _not_allowed})
    return FaultMiddleware(app, tenant.faults, tenant.log, before=tenant.sync), tenant
