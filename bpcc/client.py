"""The statistics client: one method per request of the Realtime Stats API.

Each method implements one request of the seed Postman collections in
`../shared/seeds/` (the readable rendering is named beside each method). HTTP happens
in bpcc/http.py (`HttpCore`), shared with the admin client; a subscription's data is
checked against its documented shape by bpcc/data_shape.py.
"""

from __future__ import annotations

import time
from typing import Any

import httpx

from bpcc.data_shape import data_problem
from bpcc.http import (
    ERRORS,
    MOST_CHARS,
    MOST_JSON_BYTES,
    BadResponse,
    Forbidden,
    HttpCore,
    Token,
    Unauthorized,
    Unreachable,
    UpstreamError,
    answer,
    cut,
)

# The errors and the token are bpcc/http.py's; their callers know them from here.
__all__ = [
    "MOST_CHARS",
    "MOST_JSON_BYTES",
    "BadResponse",
    "BpccClient",
    "Forbidden",
    "NoSubscription",
    "SubscriptionLimit",
    "Token",
    "Unauthorized",
    "Unreachable",
    "UpstreamError",
    "cut",
]


class NoSubscription(UpstreamError):
    """404 from subscription data: this client has no active subscription."""


class SubscriptionLimit(UpstreamError):
    """409: the tenant's limit of active subscriptions is reached."""


# What the statsapi subscription methods mean by these statuses (seed 003).
_SUBSCRIPTION_ERRORS: dict[int, type[UpstreamError]] = {
    **ERRORS,
    404: NoSubscription,
    409: SubscriptionLimit,
}
# The statsapi session cookie has no documented lifetime; renew it as often as a token.
COOKIE_LIFETIME = 3600.0


class BpccClient(HttpCore):
    """Read one tenant's statistics. Create one per unit of work and close it, or use
    `with`; `get_token` (bpcc/http.py) gets its OAuth token."""

    def login(self, username: str, password: str) -> Token:
        """Log in to the statsapi with a username and password; return its session cookie.

        docs/upstream/realtime-stats-api.md "Authenticate": POST statsapi/auth.
        """
        tenant = httpx.URL(self.base_url).host
        body = {"tenant_url": tenant, "username": username, "password": password}
        started = time.time()
        response = self._request("POST", "/statsapi/auth", json=body)
        token = response.cookies.get("X-STATSAPI-TOKEN") or answer(response)["token"]
        return Token(token, started + COOKIE_LIFETIME, "cookie", tenant, username, started)

    def get_teams(self, token: Token) -> list[dict[str, str]]:
        """Return the teams the user supervises, as `{"id", "name"}`.

        docs/upstream/realtime-stats-api.md "Get Teams": GET statsapi/cfg/teams.
        """
        teams: list[dict[str, str]] = answer(
            self._request("GET", "/statsapi/cfg/teams", token=token)
        )
        return teams

    def get_services(self, token: Token) -> list[dict[str, str]]:
        """Return the services the user supervises, as `{"id", "name"}`.

        GET statsapi/cfg/services: not in the seed documents; Bright Pattern's own
        wallboard lists services with it (reference docs/upstream/bpcc-statistics.md, [BP-CODE]).
        """
        services: list[dict[str, str]] = answer(
            self._request("GET", "/statsapi/cfg/services", token=token)
        )
        return services

    def create_subscription(self, token: Token, body: dict[str, Any]) -> None:
        """Create (or replace) this client's one statistics subscription.

        docs/upstream/realtime-stats-api.md "Create Subscription": POST statsapi/subscription.
        """
        self._request(
            "POST", "/statsapi/subscription", token=token, json=body, errors=_SUBSCRIPTION_ERRORS
        )

    def get_subscription_data(self, token: Token, subscription: dict[str, Any]) -> Any:
        """Return the data of `subscription` (the body it was created with), or None
        while it is not ready yet (204); raise BadResponse if it is not the documented
        shape (bpcc/data_shape.py).

        docs/upstream/realtime-stats-api.md "Get Subscription Data": GET statsapi/subscription/data.
        """
        response = self._request(
            "GET", "/statsapi/subscription/data", token=token, errors=_SUBSCRIPTION_ERRORS
        )
        if response.status_code == 204:
            return None
        data = answer(response)
        problem = data_problem(data, subscription)
        if problem is not None:
            raise BadResponse(response.status_code, problem)
        return data

    def get_dispositions(self, token: Token, **flags: bool) -> list[str]:
        """Return the disposition names of the supervised services; each true flag
        (`agentCanSelect`, `inbound`, `outbound`, `preview`) keeps only those that have it.

        docs/upstream/realtime-stats-api.md "Get Dispositions": GET statsapi/cfg/dispositions.
        """
        params = {name: "1" for name, wanted in flags.items() if wanted}
        response = self._request("GET", "/statsapi/cfg/dispositions", token=token, params=params)
        names: list[str] = answer(response)
        return names
