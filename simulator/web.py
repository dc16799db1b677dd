"""Small HTTP helpers shared by the simulator's APIs, and each API's error body.

Each API family of the seeds words its errors its own way:
- statsapi: `{"error_code": <int>, "error_message": "..."}` (reference §4, Subscriptions);
- configapi (tokens, List Management, OneCloud CX): `{"error": "<name>",
  "error_description": "..."}` (seed 002, "Error Handling");
- taskroutingapi: `{"errorCode": <int>, "errorMessage": "..."}` (seed 000);
- videoapi (appointments): `{"status": 0, "message": "..."}` (seed 004).
"""

from __future__ import annotations

import json
from typing import Any

from starlette.requests import Request
from starlette.responses import JSONResponse, Response

from simulator.tasks import ERRORS

# The error names configapi uses for each status (seed 002, "Possible Errors").
CONFIG_ERROR_NAMES = {
    400: "bad_request",
    401: "unauthorized",
    403: "forbidden",
    404: "not_found",
    405: "method_not_allowed",
    409: "conflict",
    415: "unsupported_media_type",
    429: "too_many_requests",
    500: "internal_server_error",
    502: "bad_gateway",
    503: "service_unavailable",
}


class BadRequest(Exception):
    """The request body could not be read; the message says why."""


def ok(data: Any = None, status: int = 200) -> Response:
    """Return a JSON response, or an empty one when there is no data."""
    if data is None:
        return Response(status_code=status)
    return JSONResponse(data, status_code=status)


def stats_error(status: int, message: str) -> Response:
    return JSONResponse({"error_code": status, "error_message": message}, status_code=status)


def config_error(status: int, description: str) -> Response:
    name = CONFIG_ERROR_NAMES.get(status, "error")
    return JSONResponse({"error": name, "error_description": description}, status_code=status)


def task_error(status: int, code: int, message: str) -> Response:
    return JSONResponse({"errorCode": code, "errorMessage": message}, status_code=status)


def task_code(status: int, message: str) -> int:
    """Return the Task Routing error code of a failure with this status: of the codes
    seed 000 gives the status ("Error Codes"), the one whose text starts `message`, else
    the first; a status it gives none takes 13 (internal error) or 4 (a bad request)."""
    codes = [code for code, (given, _) in sorted(ERRORS.items()) if given == status]
    codes = codes or [13 if status >= 500 else 4]
    said = message.lower()
    return next((c for c in codes if said.startswith(ERRORS[c][1].lower())), codes[0])


def error_for_path(path: str, status: int, message: str) -> Response:
    """Return an error in the words of the API that `path` belongs to."""
    if path.startswith("/taskroutingapi"):
        return task_error(status, task_code(status, message), message)
    if path.startswith("/statsapi"):
        return stats_error(status, message)
    if path.startswith("/videoapi"):
        return JSONResponse({"status": 0, "message": message}, status_code=status)
    return config_error(status, message)


def bearer(request: Request) -> str | None:
    """Return the token of an `Authorization: Bearer` header, if there is one."""
    scheme, _, token = request.headers.get("authorization", "").partition(" ")
    return token.strip() or None if scheme.lower() == "bearer" else None


async def json_body(request: Request) -> Any:
    """Return the request's JSON body; raise BadRequest when it is not JSON."""
    raw = await request.body()
    if not raw.strip():
        raise BadRequest("the request has no body")
    try:
        return json.loads(raw)
    except (json.JSONDecodeError, UnicodeDecodeError) as exc:
        raise BadRequest(f"the body is not valid JSON: {exc}") from None
