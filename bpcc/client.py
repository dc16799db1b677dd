"""The one typed client for the BPCC APIs; the only place that speaks HTTP upstream.

Each method implements one request of the seed Postman collections in
`../shared/seeds/` (the readable rendering is named beside each method).

Nothing the upstream sends is trusted beyond the documents: each request ends by its
deadline however slowly the body comes, a body over the size cap is dropped while it
streams in (bpcc/http_limits.py), a success that is not the documented JSON is a
BadResponse (bpcc/data_shape.py), and the upstream's words are cut to 300 characters.
"""

from __future__ import annotations

import json
import time
from dataclasses import dataclass
from typing import Any

import httpx
from django.conf import settings

from bpcc.data_shape import NotJson, answer_json, data_problem
from bpcc.http_limits import Deadline, DeadlineTransport, Oversized, read_capped

# The most characters of upstream text kept, logged or sent anywhere: an upstream's
# error message may be megabytes, and it used to reach every screen in every heartbeat.
MOST_CHARS = 300
# ... and the most bytes they may take once written as JSON, which writes a character
# beyond ASCII as an escape of 6 or 12 bytes: a heartbeat carrying them stays under 2 KB.
MOST_JSON_BYTES = 1200


def cut(text: str, most: int = MOST_CHARS) -> str:
    """Return `text` cut to at most `most` characters and MOST_JSON_BYTES bytes of
    JSON, an ellipsis marking a cut."""
    if len(text) <= most and len(json.dumps(text)) <= MOST_JSON_BYTES:
        return text
    kept: list[str] = []
    size = len(json.dumps("…"))
    for char in text[: most - 1]:
        size += len(json.dumps(char)) - 2  # less the quotes
        if size > MOST_JSON_BYTES:
            break
        kept.append(char)
    return "".join(kept) + "…"


class UpstreamError(Exception):
    """The upstream answered with an error, or could not be reached.

    `message` is the upstream's own words, cut to `MOST_CHARS` (and so is the
    exception's text); `body` the error body as parsed JSON (None when it was not
    JSON), for callers that read an API's error codes.
    """

    def __init__(self, status: int | None, message: str, body: Any = None) -> None:
        super().__init__(cut(f"{status or 'no response'}: {message}"))
        self.status = status
        self.message = cut(message)
        self.body = body


class Unauthorized(UpstreamError):
    """401: the token is missing, expired or was revoked; get a new one."""


class Forbidden(UpstreamError):
    """403: the user lacks a privilege the request needs."""


class NoSubscription(UpstreamError):
    """404 from subscription data: this client has no active subscription."""


class SubscriptionLimit(UpstreamError):
    """409: the tenant's limit of active subscriptions is reached."""


class Unreachable(UpstreamError):
    """The upstream did not answer: connection refused, reset or timed out."""


class BadResponse(UpstreamError):
    """A success status whose body is not what the documents say: not JSON, HTML, the
    wrong shape or types (bpcc/data_shape.py), or over the size cap."""


@dataclass(frozen=True)
class Token:
    """An access token (or statsapi session cookie) and the time it stops being valid.

    Its times are on the clock of the process that holds it; processes share a token
    through Redis as a remaining lifetime, never as these times (stats/store.py).
    """

    access_token: str
    expires_at: float
    # "bearer": an OAuth token sent as Authorization; "cookie": the statsapi login's
    # X-STATSAPI-* session cookies, the other fields of which are `tenant` and `login`.
    kind: str = "bearer"
    tenant: str = ""
    login: str = ""
    issued_at: float = 0.0

    def is_fresh(self) -> bool:
        """Return True if the token stays valid past a safety margin: a minute, or a
        quarter of its lifetime when that is shorter."""
        margin = min(60.0, (self.expires_at - self.issued_at) / 4)
        return time.time() + margin < self.expires_at

    def headers(self) -> dict[str, str]:
        """Return the headers that present this credential."""
        if self.kind == "cookie":
            cookies = {
                "X-STATSAPI-TOKEN": self.access_token,
                "X-STATSAPI-TENANT": self.tenant,
                "X-STATSAPI-LOGIN": self.login,
            }
            return {"Cookie": "; ".join(f"{k}={v}" for k, v in cookies.items())}
        return {"Authorization": f"Bearer {self.access_token}"}


_ERRORS: dict[int, type[UpstreamError]] = {401: Unauthorized, 403: Forbidden}
# What the statsapi subscription methods mean by these statuses (seed 003).
_SUBSCRIPTION_ERRORS: dict[int, type[UpstreamError]] = {
    404: NoSubscription,
    409: SubscriptionLimit,
}
# The statsapi session cookie has no documented lifetime; renew it as often as a token.
COOKIE_LIFETIME = 3600.0


class BpccClient:
    """Call one BPCC tenant. Create one per unit of work and close it, or use `with`."""

    def __init__(
        self,
        base_url: str,
        *,
        timeout: float,
        deadline: float | None = None,
        max_bytes: int | None = None,
    ) -> None:
        """Call `base_url`; each request may take `timeout` seconds in all, body included,
        and none may run past `deadline` (a `time.monotonic()` value), so a poll never
        outlives its lock. An answer's body may hold at most `max_bytes` bytes
        (`WALLBOARD_UPSTREAM_MAX_BYTES` by default)."""
        self.base_url = base_url.rstrip("/")
        self.timeout = timeout
        self.deadline = deadline
        self.max_bytes = max_bytes or settings.WALLBOARD_UPSTREAM_MAX_BYTES
        self._ends = Deadline()
        self._http = httpx.Client(
            base_url=self.base_url, timeout=timeout, transport=DeadlineTransport(self._ends)
        )

    def __enter__(self) -> BpccClient:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()

    def close(self) -> None:
        self._http.close()

    def get_token(self, client_id: str, client_secret: str) -> Token:
        """Get an access token by client credentials.

        docs/upstream/realtime-stats-api.md "Get Access Token": POST configapi/v2/oauth/token.
        """
        scope = httpx.URL(self.base_url).host
        form = {
            "client_id": client_id,
            "client_secret": client_secret,
            "scope": scope,
            "grant_type": "client_credentials",
        }
        started = time.time()
        body = _json(self._request("POST", "/configapi/v2/oauth/token", data=form))
        expires_at = started + float(body["expires_in"])
        return Token(body["access_token"], expires_at, issued_at=started)

    def login(self, username: str, password: str) -> Token:
        """Log in to the statsapi with a username and password; return its session cookie.

        docs/upstream/realtime-stats-api.md "Authenticate": POST statsapi/auth.
        """
        tenant = httpx.URL(self.base_url).host
        body = {"tenant_url": tenant, "username": username, "password": password}
        started = time.time()
        response = self._request("POST", "/statsapi/auth", json=body)
        token = response.cookies.get("X-STATSAPI-TOKEN") or _json(response)["token"]
        return Token(token, started + COOKIE_LIFETIME, "cookie", tenant, username, started)

    def get_teams(self, token: Token) -> list[dict[str, str]]:
        """Return the teams the user supervises, as `{"id", "name"}`.

        docs/upstream/realtime-stats-api.md "Get Teams": GET statsapi/cfg/teams.
        """
        teams: list[dict[str, str]] = _json(
            self._request("GET", "/statsapi/cfg/teams", token=token)
        )
        return teams

    def get_services(self, token: Token) -> list[dict[str, str]]:
        """Return the services the user supervises, as `{"id", "name"}`.

        GET statsapi/cfg/services: not in the seed documents; Bright Pattern's own
        wallboard lists services with it (reference docs/upstream/bpcc-statistics.md, [BP-CODE]).
        """
        services: list[dict[str, str]] = _json(
            self._request("GET", "/statsapi/cfg/services", token=token)
        )
        return services

    def create_subscription(self, token: Token, body: dict[str, Any]) -> None:
        """Create (or replace) this client's one statistics subscription.

        docs/upstream/realtime-stats-api.md "Create Subscription": POST statsapi/subscription.
        """
        self._request("POST", "/statsapi/subscription", token=token, json=body)

    def get_subscription_data(self, token: Token, subscription: dict[str, Any]) -> Any:
        """Return the data of `subscription` (the body it was created with), or None
        while it is not ready yet (204); raise BadResponse if it is not the documented
        shape (bpcc/data_shape.py).

        docs/upstream/realtime-stats-api.md "Get Subscription Data": GET statsapi/subscription/data.
        """
        response = self._request("GET", "/statsapi/subscription/data", token=token)
        if response.status_code == 204:
            return None
        data = _json(response)
        problem = data_problem(data, subscription)
        if problem is not None:
            raise BadResponse(response.status_code, problem)
        return data

    def delete_subscription(self, token: Token) -> None:
        """Delete the active subscription and its server-side data cache.

        docs/upstream/realtime-stats-api.md "Delete Subscription":
        DELETE statsapi/subscription/active.
        """
        self._request("DELETE", "/statsapi/subscription/active", token=token)

    def _request(
        self, method: str, path: str, *, token: Token | None = None, **kwargs: Any
    ) -> httpx.Response:
        """Send one request and return its answer, body read; raise the named exceptions
        for error statuses, Unreachable when out of time, and for a body over the cap
        BadResponse (success) or the error of its status."""
        headers = token.headers() if token else {}
        self._ends.at = self._request_deadline()
        try:
            with self._http.stream(method, path, headers=headers, **kwargs) as streamed:
                response = read_capped(streamed, self._ends, self.max_bytes)
        except httpx.TransportError as exc:
            raise Unreachable(None, self._why_not(exc)) from exc
        except Oversized as exc:
            if exc.status < 400:
                raise BadResponse(exc.status, f"the tenant's answer is {exc}") from None
            raise self._error(path, exc.status, f"an error body {exc}", None) from None
        if response.status_code < 400:
            return response
        body = _json_body(response)
        raise self._error(path, response.status_code, _error_message(response, body), body)

    def _request_deadline(self) -> float:
        """Return when the next request must end; raise Unreachable if that is now."""
        now = time.monotonic()
        ends = now + self.timeout
        if self.deadline is not None:
            ends = min(ends, self.deadline)
        if ends <= now:
            raise Unreachable(None, "out of time: the poll's deadline passed")
        return ends

    def _why_not(self, exc: httpx.TransportError) -> str:
        if self._ends.passed():
            return "out of time: no complete answer by the deadline"
        return f"{type(exc).__name__}: {exc}"

    @staticmethod
    def _error(path: str, status: int, message: str, body: Any) -> UpstreamError:
        if path.startswith("/statsapi/subscription") and status in _SUBSCRIPTION_ERRORS:
            return _SUBSCRIPTION_ERRORS[status](status, message, body)
        return _ERRORS.get(status, UpstreamError)(status, message, body)

    def get_dispositions(self, token: Token, **flags: bool) -> list[str]:
        """Return the disposition names of the supervised services; each true flag
        (`agentCanSelect`, `inbound`, `outbound`, `preview`) keeps only those that have it.

        docs/upstream/realtime-stats-api.md "Get Dispositions": GET statsapi/cfg/dispositions.
        """
        params = {name: "1" for name, wanted in flags.items() if wanted}
        response = self._request("GET", "/statsapi/cfg/dispositions", token=token, params=params)
        names: list[str] = _json(response)
        return names


def _json(response: httpx.Response) -> Any:
    """Return the JSON value of a success's body; raise BadResponse if it is not JSON."""
    try:
        return answer_json(response.content, response.headers.get("content-type", ""))
    except NotJson as exc:
        raise BadResponse(response.status_code, str(exc)) from None


def _json_body(response: httpx.Response) -> Any:
    try:
        return response.json()
    except (json.JSONDecodeError, UnicodeDecodeError):
        return None


def _error_message(response: httpx.Response, body: Any) -> str:
    """Return the upstream's own words for an error response.

    statsapi says `error_message`, configapi `error_description` (and `error`), the
    Task Routing API `errorMessage`.
    """
    if body is None:
        return response.text.strip()[:300] or response.reason_phrase
    if isinstance(body, dict):
        for key in ("error_message", "errorMessage", "message", "error_description", "error"):
            if body.get(key):
                return str(body[key])
    return json.dumps(body)[:300]
