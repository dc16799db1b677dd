"""The one typed client for the BPCC APIs; the only place that speaks HTTP upstream.

Each method implements one request of the seed Postman collections in
`../shared/seeds/` (the readable rendering is named beside each method).
"""

from __future__ import annotations

import json
import time
from dataclasses import dataclass
from typing import Any

import httpx


class UpstreamError(Exception):
    """The upstream answered with an error, or could not be reached."""

    def __init__(self, status: int | None, message: str) -> None:
        super().__init__(f"{status or 'no response'}: {message}")
        self.status = status
        self.message = message


class Unauthorized(UpstreamError):
    """401: the token is missing, expired or was revoked; get a new one."""


class NoSubscription(UpstreamError):
    """404 from subscription data: this client has no active subscription."""


class SubscriptionLimit(UpstreamError):
    """409: the tenant's limit of active subscriptions is reached."""


class Unreachable(UpstreamError):
    """The upstream did not answer: connection refused, reset or timed out."""


@dataclass(frozen=True)
class Token:
    """An OAuth access token and the monotonic time it stops being valid."""

    access_token: str
    expires_at: float

    def is_fresh(self, margin: float = 60.0) -> bool:
        """Return True if the token stays valid for at least `margin` more seconds."""
        return time.time() + margin < self.expires_at


_ERRORS: dict[int, type[UpstreamError]] = {401: Unauthorized, 409: SubscriptionLimit}


class BpccClient:
    """Call one BPCC tenant. Create one per unit of work and close it, or use `with`."""

    def __init__(self, base_url: str, *, timeout: float) -> None:
        self.base_url = base_url.rstrip("/")
        self._http = httpx.Client(base_url=self.base_url, timeout=timeout)

    def __enter__(self) -> BpccClient:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()

    def close(self) -> None:
        self._http.close()

    def get_token(self, client_id: str, client_secret: str) -> Token:
        """Get an access token by client credentials.

        realtime-stats-api.md "Get Access Token": POST configapi/v2/oauth/token.
        """
        scope = httpx.URL(self.base_url).host
        form = {
            "client_id": client_id,
            "client_secret": client_secret,
            "scope": scope,
            "grant_type": "client_credentials",
        }
        started = time.time()
        body = self._request("POST", "/configapi/v2/oauth/token", data=form).json()
        return Token(body["access_token"], started + float(body["expires_in"]))

    def create_subscription(self, token: Token, body: dict[str, Any]) -> None:
        """Create (or replace) this client's one statistics subscription.

        realtime-stats-api.md "Create Subscription": POST statsapi/subscription.
        """
        self._request("POST", "/statsapi/subscription", token=token, json=body)

    def get_subscription_data(self, token: Token) -> dict[str, Any] | None:
        """Return the subscription's data, or None while it is not ready yet (204).

        realtime-stats-api.md "Get Subscription Data": GET statsapi/subscription/data.
        """
        response = self._request("GET", "/statsapi/subscription/data", token=token)
        if response.status_code == 204:
            return None
        data: dict[str, Any] = response.json()
        return data

    def delete_subscription(self, token: Token) -> None:
        """Delete the active subscription and its server-side data cache.

        realtime-stats-api.md "Delete Subscription": DELETE statsapi/subscription/active.
        """
        self._request("DELETE", "/statsapi/subscription/active", token=token)

    def _request(
        self, method: str, path: str, *, token: Token | None = None, **kwargs: Any
    ) -> httpx.Response:
        headers = {"Authorization": f"Bearer {token.access_token}"} if token else {}
        try:
            response = self._http.request(method, path, headers=headers, **kwargs)
        except httpx.TransportError as exc:
            raise Unreachable(None, f"{type(exc).__name__}: {exc}") from exc
        if response.status_code < 400:
            return response
        message = _error_message(response)
        if response.status_code == 404 and path.startswith("/statsapi/subscription"):
            raise NoSubscription(404, message)
        raise _ERRORS.get(response.status_code, UpstreamError)(response.status_code, message)


def _error_message(response: httpx.Response) -> str:
    """Return the upstream's own words for an error response."""
    try:
        body = response.json()
    except (json.JSONDecodeError, UnicodeDecodeError):
        return response.text.strip()[:300] or response.reason_phrase
    if isinstance(body, dict):
        for key in ("error_message", "message", "error_description", "error"):
            if body.get(key):
                return str(body[key])
    return json.dumps(body)[:300]
