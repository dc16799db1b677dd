"""The one place where HTTP to a BPCC tenant happens, shared by the statistics client
(bpcc/client.py) and the admin client (bpcc/admin_api/): the httpx client with its
deadline and size cap, the checks on every answer, the named errors every API shares,
and the one token request.

Nothing the upstream sends is trusted beyond the documents: each request ends by its
deadline however slowly the body comes, a body over the size cap is dropped while it
streams in (bpcc/http_limits.py), a success that is not JSON is a BadResponse
(bpcc/data_shape.py), and the upstream's words are cut to 300 characters.
"""

from __future__ import annotations

import json
import time
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, Self

import httpx
from django.conf import settings

from bpcc.data_shape import NotJson, answer_json
from bpcc.http_limits import Deadline, Oversized, read_capped
from bpcc.http_pool import new_client

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


ERRORS: dict[int, type[UpstreamError]] = {401: Unauthorized, 403: Forbidden}
# The limits of a client made for one unit of work (httpx's defaults).
ONE_OFF_LIMITS = httpx.Limits(max_connections=100, max_keepalive_connections=20)


class HttpCore:
    """Send requests to one BPCC tenant. Create one per unit of work and close it, or
    use `with`."""

    def __init__(
        self,
        base_url: str,
        *,
        timeout: float,
        deadline: float | None = None,
        max_bytes: int | None = None,
        http: httpx.Client | None = None,
    ) -> None:
        """Call `base_url`; each request may take `timeout` seconds in all, body included,
        and none may run past `deadline` (a `time.monotonic()` value), so a poll never
        outlives its lock. An answer's body may hold at most `max_bytes` bytes
        (`WALLBOARD_UPSTREAM_MAX_BYTES` by default).

        `http` is the tenant's kept client (bpcc/http_pool.py), made for `base_url`,
        whose connections outlive this object; without it, one is made and closed with
        this object.
        """
        self.base_url = base_url.rstrip("/")
        self.timeout = timeout
        self.deadline = deadline
        self.max_bytes = max_bytes or settings.WALLBOARD_UPSTREAM_MAX_BYTES
        self._ends = Deadline()
        self._owns_http = http is None
        self._http = http or new_client(
            self.base_url, ONE_OFF_LIMITS, settings.WALLBOARD_UPSTREAM_CA_FILE
        )

    def __enter__(self) -> Self:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()

    def close(self) -> None:
        if self._owns_http:
            self._http.close()

    def get_token(self, client_id: str, client_secret: str, version: str = "v2") -> Token:
        """Get an access token by client credentials.

        docs/upstream/realtime-stats-api.md "Get Access Token": POST configapi/v2/oauth/token;
        docs/upstream/list-management-api-v3.md "Get Access Token": POST configapi/v3/oauth/token
        (docs/upstream/onecloud-cx-api-v2.md "Get Access Token": v2 again).
        """
        form = {
            "client_id": client_id,
            "client_secret": client_secret,
            "scope": httpx.URL(self.base_url).host,
            "grant_type": "client_credentials",
        }
        started = time.time()
        response = self._request("POST", f"/configapi/{version}/oauth/token", data=form)
        body = answer(response)
        wrong = _token_problem(body)
        if wrong:
            why = f"the token answer is not what the API documents: {wrong}"
            raise BadResponse(response.status_code, why)
        return Token(body["access_token"], started + float(body["expires_in"]), issued_at=started)

    def _request(
        self,
        method: str,
        path: str,
        *,
        token: Token | None = None,
        errors: Mapping[int, type[UpstreamError]] = ERRORS,
        **kwargs: Any,
    ) -> httpx.Response:
        """Send one request and return its answer, body read; raise the named exceptions
        for error statuses (`errors`, else UpstreamError), Unreachable when out of time,
        and for a body over the cap BadResponse (success) or the error of its status."""
        headers = token.headers() if token else {}
        self._ends.at = ends = self._request_deadline()
        # Waiting for a free connection of the tenant's pool counts towards the deadline.
        timeout = httpx.Timeout(self.timeout, pool=max(ends - time.monotonic(), 0.001))
        try:
            with self._http.stream(
                method, path, headers=headers, timeout=timeout, **kwargs
            ) as streamed:
                response = read_capped(streamed, self._ends, self.max_bytes)
        except httpx.TransportError as exc:
            raise Unreachable(None, self._why_not(exc)) from exc
        except Oversized as exc:
            if exc.status < 400:
                raise BadResponse(exc.status, f"the tenant's answer is {exc}") from None
            kind = errors.get(exc.status, UpstreamError)
            raise kind(exc.status, f"an error body {exc}", None) from None
        if response.status_code < 400:
            return response
        body = _json_body(response)
        kind = errors.get(response.status_code, UpstreamError)
        raise kind(response.status_code, _error_message(response, body), body)

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


def answer(response: httpx.Response) -> Any:
    """Return the JSON value of a success's body; raise BadResponse if it is not JSON."""
    try:
        return answer_json(response.content, response.headers.get("content-type", ""))
    except NotJson as exc:
        raise BadResponse(response.status_code, str(exc)) from None


def _token_problem(body: Any) -> str:
    """Return what is wrong with a token answer ("" if nothing): it must hold the token
    as text and its lifetime in seconds (OneCloud CX sends them as text)."""
    if not isinstance(body, dict):
        return "the answer is not an object"
    if not isinstance(body.get("access_token"), str):
        return "access_token is not text"
    seconds = body.get("expires_in")
    if isinstance(seconds, bool) or not isinstance(seconds, int | float | str):
        return "expires_in is not a number of seconds"
    try:
        if 0 < float(seconds) < 10**9:
            return ""
    except ValueError:
        pass
    return "expires_in is not a number of seconds"


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
