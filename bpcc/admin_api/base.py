"""The admin client's base: its own bearer token, and errors under their documented names.

Requests go through `HttpCore._request` (bpcc/http.py), the one place where HTTP
happens, as the statistics client's do.
"""

from __future__ import annotations

from typing import Any, Protocol
from urllib.parse import quote

import httpx

from bpcc.admin_api import shape
from bpcc.admin_api.errors import translate
from bpcc.http import BadResponse, HttpCore, Token, Unauthorized, UpstreamError, answer

V3 = "/configapi/v3"
V2 = "/configapi/v2"


class TokenStore(Protocol):
    """Where a tenant's admin token is kept between requests (and processes)."""

    def token(self) -> Token | None: ...

    def save_token(self, token: Token) -> None: ...

    def forget_token(self) -> None: ...


class MemoryTokens:
    """A token store that lives as long as the client: for tests and one-off scripts."""

    def __init__(self) -> None:
        self._token: Token | None = None

    def token(self) -> Token | None:
        return self._token

    def save_token(self, token: Token) -> None:
        self._token = token

    def forget_token(self) -> None:
        self._token = None


class BadId(ValueError):
    """An id or a name that cannot be one segment of an upstream path; the message
    says why, for the person who sent it."""


def check_id(value: str) -> str:
    """Return `value` if it can be one path segment; raise BadId saying why not.

    Quoting alone is not enough: `..` and `.` stay as they are and the HTTP client (or
    any proxy on the way) resolves them, so `lists/..` would reach the list's parent
    path; an encoded `/` or `\\` is read as a separator by many servers.
    """
    if not value.strip():
        raise BadId("An id or name is empty.")
    if value in (".", ".."):
        raise BadId(f"“{value}” is not an id or a name.")
    if "/" in value or "\\" in value:
        raise BadId(f"An id or name may not hold / or \\: “{value[:60]}”.")
    if any(ord(c) < 32 or ord(c) == 127 for c in value):
        raise BadId("An id or name may not hold control characters (such as a line break).")
    return value


def part(value: str) -> str:
    """Return an id or a name quoted as one path segment; raise BadId if it cannot be
    one (see `check_id`)."""
    return quote(check_id(value), safe="")


class AdminBase(HttpCore):
    """Call a tenant's admin APIs with client credentials, renewing the token as needed.

    `version` picks the token endpoint: "v3" (List Management v3, the BPCC default) or
    "v2" (OneCloud CX and Task Routing). After each call `last_request` names it
    ("METHOD /path") and `last_status` holds the HTTP status the upstream answered with
    (None when it did not answer), for the audit log. `deadline` and `http` are as for
    `HttpCore`: a poll that reads campaign figures passes its own deadline.
    """

    def __init__(
        self,
        base_url: str,
        *,
        timeout: float,
        client_id: str,
        client_secret: str,
        tokens: TokenStore | None = None,
        version: str = "v3",
        deadline: float | None = None,
        http: httpx.Client | None = None,
    ) -> None:
        super().__init__(base_url, timeout=timeout, deadline=deadline, http=http)
        self._credentials = (client_id, client_secret)
        self._tokens: TokenStore = tokens or MemoryTokens()
        self._version = version
        self.last_status: int | None = None
        self.last_request = ""

    def get_admin_token(self) -> Token:
        """Get an access token by client credentials.

        docs/upstream/list-management-api-v3.md "Get Access Token": POST configapi/v3/oauth/token
        (docs/upstream/onecloud-cx-api-v2.md "Get Access Token": POST configapi/v2/oauth/token).
        """
        return self.get_token(*self._credentials, version=self._version)

    def _call(self, method: str, path: str, **kwargs: Any) -> Any:
        """Send one request with the tenant's token; return its JSON body (None if empty).

        A 401 means the request was not carried out, so it is sent once more with a new
        token. Failures raise the named exceptions of `errors`.
        """
        self.last_status, self.last_request = None, f"{method} {path}"
        try:
            try:
                response = self._request(method, path, token=self._token(), **kwargs)
            except Unauthorized:
                self._tokens.forget_token()
                response = self._request(method, path, token=self._token(), **kwargs)
        except UpstreamError as exc:
            self.last_status = exc.status
            raise translate(exc, path) from exc
        self.last_status = response.status_code
        if not response.content.strip():
            return None
        return answer(response)

    def _read(self, kind: Any, method: str, path: str, empty: Any = None, **kwargs: Any) -> Any:
        """Return `_call`'s answer (`empty` for an empty body) if it is a `kind` (a type of
        wire.py); raise BadResponse saying where it is not."""
        body = self._call(method, path, **kwargs)
        body = empty if body is None else body
        wrong = shape.problem(body, kind)
        if wrong:
            raise BadResponse(
                self.last_status, f"the tenant's answer is not what its API documents: {wrong}"
            )
        return body

    def _token(self) -> Token:
        token = self._tokens.token()
        if token is None or not token.is_fresh():
            token = self.get_admin_token()
            self._tokens.save_token(token)
        return token
