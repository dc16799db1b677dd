"""The Real-Time Statistics API (seed 003; the same methods in seed 001, OneCloud CX).

Auth is a bearer token from the token endpoints or the `X-STATSAPI-TOKEN` cookie set by
`POST /statsapi/auth`. A user needs the three statistics privileges (403 without them)
and sees the teams it supervises and the services those teams handle.
"""

from __future__ import annotations

import re
from collections.abc import Awaitable, Callable

from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from simulator import roster
from simulator import subscriptions as subs
from simulator.auth import Refusal
from simulator.roster import User
from simulator.tenant import Subscription, Tenant
from simulator.web import BadRequest, bearer, json_body, ok, stats_error

COOKIES = ("X-STATSAPI-TOKEN", "X-STATSAPI-TENANT", "X-STATSAPI-LOGIN")
DISPOSITION_FLAGS = {
    "agentCanSelect": "agent_can_select",
    "inbound": "inbound",
    "outbound": "outbound",
    "preview": "preview",
}

Handler = Callable[[Request, User], Awaitable[Response]]


def privilege_code(name: str) -> str:
    """Return a privilege as BPCC names it in the `auth` response: UPPER_SNAKE."""
    return re.sub(r"[^A-Za-z0-9]+", "_", name).strip("_").upper()


def routes(tenant: Tenant) -> list[Route]:
    def authenticated(handler: Handler) -> Callable[[Request], Awaitable[Response]]:
        async def endpoint(request: Request) -> Response:
            token = _bearer_or_cookie(request)
            user = tenant.auth.check(token)
            if isinstance(user, Refusal):
                return stats_error(401, user.value)
            missing = roster.STATS_PRIVILEGES - user.privileges
            if missing:
                return stats_error(
                    403, f"The user lacks the privilege(s): {', '.join(sorted(missing))}"
                )
            return await handler(request, user)

        return endpoint

    async def login(request: Request) -> Response:
        try:
            body = await json_body(request)
        except BadRequest as exc:
            return stats_error(400, str(exc))
        if not isinstance(body, dict):
            return stats_error(400, "the body must be an object with username and password")
        user = tenant.auth.user(str(body.get("username", "")), str(body.get("password", "")))
        if user is None:
            return stats_error(401, "Invalid username or password")
        grant = tenant.auth.issue_cookie(user)
        response = ok(
            {
                "token": grant.token,
                "privileges": sorted(privilege_code(p) for p in user.privileges),
                "user_id": tenant.user_ids[user.login],
            }
        )
        tenant_url = str(body.get("tenant_url") or request.url.hostname)
        for name, value in zip(COOKIES, (grant.token, tenant_url, user.login), strict=True):
            response.set_cookie(name, value, path="/", httponly=True, samesite="lax")
        return response

    async def logout(request: Request, user: User) -> Response:
        tenant.auth.end(_bearer_or_cookie(request) or "")
        response = ok()
        for name in COOKIES:
            response.delete_cookie(name, path="/")
        return response

    async def subscribe(request: Request, user: User) -> Response:
        try:
            body = subs.validate(await json_body(request))
        except (BadRequest, subs.InvalidSubscription) as exc:
            return stats_error(400, str(exc))
        taken = len(tenant.subscriptions) - (user.login in tenant.subscriptions)
        if taken >= tenant.config.subscription_limit:
            return stats_error(409, "Limit of active subscriptions exceeded for tenant")
        tenant.subscriptions[user.login] = Subscription(body, tenant.centre.now)
        return ok()

    async def data(request: Request, user: User) -> Response:
        subscription = tenant.subscriptions.get(user.login)
        if subscription is None:
            return stats_error(404, "There is no active subscription")
        if tenant.centre.now < subscription.created + tenant.config.data_delay:
            return ok(status=204)
        return ok(subs.data(subscription.body, tenant.scope(user)))

    async def unsubscribe(request: Request, user: User) -> Response:
        if tenant.subscriptions.pop(user.login, None) is None:
            return stats_error(404, "There is no active subscription")
        return ok()

    async def dispositions(request: Request, user: User) -> Response:
        wanted = [
            attr
            for flag, attr in DISPOSITION_FLAGS.items()
            if request.query_params.get(flag) == "1"
        ]
        names = [d.name for d in roster.DISPOSITIONS if all(getattr(d, a) for a in wanted)]
        return ok(sorted(names))

    async def teams(request: Request, user: User) -> Response:
        return ok([{"id": tenant.centre.team_ids[t], "name": t} for t in user.teams])

    async def services(request: Request, user: User) -> Response:
        return ok([{"id": s.id, "name": s.name} for s in tenant.scope(user).services])

    async def available(request: Request) -> Response:
        name = request.query_params.get("service", "")
        service = tenant.centre.services.get(name)
        if service is None:
            return stats_error(400, f"Unknown service '{name}'" if name else "Missing service")
        ready = any(a.state == "ready" and name in a.skills for a in tenant.centre.agents)
        return ok({"availability": ready})

    return [
        Route("/statsapi/auth", login, methods=["POST"]),
        Route("/statsapi/auth", authenticated(logout), methods=["DELETE"]),
        Route("/statsapi/subscription", authenticated(subscribe), methods=["POST"]),
        Route("/statsapi/subscription/data", authenticated(data), methods=["GET"]),
        Route("/statsapi/subscription/active", authenticated(unsubscribe), methods=["DELETE"]),
        Route("/statsapi/cfg/dispositions", authenticated(dispositions), methods=["GET"]),
        Route("/statsapi/cfg/teams", authenticated(teams), methods=["GET"]),
        Route("/statsapi/cfg/services", authenticated(services), methods=["GET"]),
        Route("/statsapi/info/check_available_agents", available, methods=["GET"]),
    ]


def _bearer_or_cookie(request: Request) -> str | None:
    return bearer(request) or request.cookies.get("X-STATSAPI-TOKEN")
