"""Request handling shared by the list-management APIs (seed 002 v3, seed 001 v2).

configapi answers errors as `{"error": name, "error_description": ...}` (seed 002,
"Error Handling"): 401 for a missing or expired token, 403 for a missing privilege,
415 when a body is not declared as JSON, 400 for a body that cannot be read or has a
missing, duplicated or out-of-bounds parameter.
"""

from __future__ import annotations

import json
import re
from bisect import bisect_left
from collections.abc import Awaitable, Callable, Sequence
from typing import Any, TypeVar

from starlette.requests import Request
from starlette.responses import Response

from simulator.guard import config_user
from simulator.list_views import parse_time
from simulator.lists import Refused
from simulator.tenant import Tenant
from simulator.web import config_error

Handler = Callable[[Request], Awaitable[Response]]
T = TypeVar("T")

OID = re.compile(r"[0-9a-f]{24}")
TIME_OID = re.compile(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}_[0-9a-f]{24}")


def guarded(
    tenant: Tenant, handler: Handler, *, change: str = "", read: Sequence[str] = ()
) -> Handler:
    """Wrap a handler: check the caller, then answer `Refused` as a configapi error.

    `change` is the privilege a change needs; a read needs any one of `read`.
    """

    async def endpoint(request: Request) -> Response:
        user = config_user(tenant, request, *([change] if change else []))
        if isinstance(user, Response):
            return user
        if read and not any(p in user.privileges for p in read):
            return config_error(403, f"The user lacks the privilege(s): {' or '.join(read)}")
        try:
            return await handler(request)
        except Refused as exc:
            return config_error(exc.status, exc.description)

    return endpoint


async def read_body(request: Request, kind: type[T], *, required: bool = True) -> T | None:
    """Return the JSON body if it is a `kind`; Refused(415 or 400) otherwise."""
    raw = await request.body()
    declared = request.headers.get("content-type", "").split(";")[0].strip().lower()
    if not raw.strip():
        if not required:
            return None
        if declared != "application/json":
            raise Refused(415, "No content type in HTTP header: application/json is expected")
        raise Refused(400, "Empty or missed required parameter: the request has no body")
    if declared != "application/json":
        raise Refused(415, f"Content type is {declared or 'missing'} but JSON is expected")
    try:
        value = json.loads(raw, object_pairs_hook=_no_duplicates)
    except (json.JSONDecodeError, UnicodeDecodeError) as exc:
        raise Refused(400, f"Format not understood: {exc}") from None
    if not isinstance(value, kind):
        raise Refused(400, f"The body must be a JSON {_kind_name(kind)}")
    return value


async def object_body(request: Request) -> dict[str, Any]:
    body = await read_body(request, dict)
    assert body is not None
    return body


async def array_body(request: Request) -> list[Any]:
    body = await read_body(request, list)
    assert body is not None
    return body


def _no_duplicates(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    result: dict[str, Any] = {}
    for key, value in pairs:
        if key in result:
            raise Refused(400, f"Duplicated parameter '{key}'")
        result[key] = value
    return result


def _kind_name(kind: type) -> str:
    return "array" if kind is list else "object"


# --- parameters -----------------------------------------------------------------------------


def integer(
    body: dict[str, Any], name: str, low: int, high: int, default: int | None = None
) -> int:
    """Return an integer parameter (a number or a numeric string) within [low, high]."""
    value = body.get(name)
    if value is None:
        if default is None:
            raise Refused(400, f"Empty or missed required parameter '{name}'")
        return default
    if isinstance(value, str) and re.fullmatch(r"\s*-?\d+\s*", value):
        value = int(value)
    if isinstance(value, bool) or not isinstance(value, int):
        raise Refused(400, f"'{name}' has unsupported value {value!r}: integer is expected")
    if not low <= value <= high:
        raise Refused(400, f"'{name}' is out of boundaries: {value} is not in {low}..{high}")
    return value


def page_size(body: dict[str, Any], most: int) -> int:
    """Return a page's size: `limit` (the methods' name) or `page_size` (the guide's)."""
    name = "limit" if "limit" in body or "page_size" not in body else "page_size"
    return integer(body, name, 1, most)


def boolean(body: dict[str, Any], name: str) -> bool:
    value = body.get(name, False)
    if value is None:
        return False
    if not isinstance(value, bool):
        raise Refused(400, f"'{name}' has unsupported value {value!r}: boolean is expected")
    return value


def time_param(body: dict[str, Any], name: str, required: bool = False) -> float | None:
    """Return a UTC time parameter as a timestamp, None when absent and optional."""
    value = body.get(name)
    if value in (None, ""):
        if required:
            raise Refused(400, f"Empty or missed required parameter '{name}'")
        return None
    try:
        return parse_time(value)
    except ValueError:
        raise Refused(400, f"'{name}' has unsupported value {value!r}: a UTC time") from None


def text(body: dict[str, Any], name: str) -> str:
    value = body.get(name)
    if not isinstance(value, str) or not value.strip():
        raise Refused(400, f"Empty or missed required parameter '{name}'")
    return value.strip()


def cursor(body: dict[str, Any], pattern: re.Pattern[str]) -> str | None:
    """Return the cursor parameter, None on a first request; 400 for a wrong cursor."""
    value = body.get("cursor")
    if value in (None, ""):
        return None
    if not isinstance(value, str) or not pattern.fullmatch(value):
        raise Refused(400, f"Wrong cursor: {value!r}")
    return value


def page(items: list[T], keys: list[str], start: str | None, size: int) -> tuple[list[T], Any]:
    """Return the page from cursor `start` on, and the next page's cursor (or None).

    `keys` are the items' sort keys in order. As the guide has it, the record at
    position page_size + 1 is handed back as `next_cursor`; a next request starts there.
    """
    first = bisect_left(keys, start) if start else 0
    chunk = items[first : first + size]
    after = first + size
    return chunk, keys[after] if after < len(items) else None
