"""Named exceptions for the documented failures of the admin APIs, in plain words.

List Management v3 and OneCloud CX v2 answer `{"error", "error_description"}` with the
HTTP status saying what went wrong (docs/upstream/list-management-api-v3.md "Error Handling"); the
Task Routing API answers `{"errorCode", "errorMessage"}` with codes 1 to 14
(docs/upstream/task-routing-api-v1.md "Error Codes"). Each exception keeps the upstream's own words.
"""

from __future__ import annotations

import re

from bpcc.http import BadResponse, Forbidden, Unauthorized, Unreachable, UpstreamError


class BadRequest(UpstreamError):
    """400: a parameter is missing, duplicated, unsupported or out of bounds."""


class NotFound(UpstreamError):
    """404: the campaign, list, instance, record, job or DNC list does not exist."""


class Conflict(UpstreamError):
    """409: the request conflicts with the current state (already running, duplicate,
    instance not bound, a deletion job already in progress)."""


class RateLimited(UpstreamError):
    """429: the tenant's API limit is reached for now."""


# Task Routing API v1, "Error Codes": what each code means for the person who acted.
TASK_ROUTING_CODES: dict[int, str] = {
    1: "The tenant did not accept the console's credentials (authentication failed).",
    2: "The console's access token expired and could not be renewed.",
    3: "The tenant's API user lacks the privilege 'Use Task Routing API'.",
    4: "A required value is missing",
    5: "A task with this external id was queued before; external task ids cannot be reused.",
    6: "There is no service of the Task type with this name.",
    7: "There is no disposition with this name.",
    8: "No task has this id. Check whether it is an internal or an external id.",
    9: "The task is no longer in the queue: it was already routed or cancelled.",
    10: "An agent already has this task, so it can no longer be cancelled.",
    11: "The tenant has no servers available right now; try again in a minute.",
    12: "The tenant's API limit was reached; wait a minute and try again.",
    13: "The tenant had an internal error; try again, and tell its administrator if it lasts.",
    14: "Task Routing is not enabled for this tenant.",
}


# The parameter each code's failure is about, when it names one (code 4 lists its own).
TASK_ROUTING_PARAMETERS: dict[int, str] = {
    5: "extTaskId",
    6: "serviceName",
    7: "dispositionName",
    8: "taskId",
}
MISSING = "Missing parameter(s)"
# A parameter as code 4 names it: `serviceName`, `caseInfo.category`, `emails[0].address`.
_PARAMETER = re.compile(r"[A-Za-z_]\w*(?:\[\d+\])?(?:\.[A-Za-z_]\w*(?:\[\d+\])?)*")


def missing_parameters(message: str) -> list[str]:
    """Return the parameters code 4's text lists after "Missing parameter(s)", indices
    dropped (`contactInfo.emails[0].address` is `contactInfo.emails.address`).

    The documented text is "Missing parameter(s) [param_name]": names are separated by
    commas or "or", may be bracketed, and a parenthesised remark or a colon and what
    follows are words about them, not names.
    """
    listed = message.strip()
    if listed.lower().startswith(MISSING.lower()):
        listed = listed[len(MISSING) :]
    listed = re.sub(r"\([^)]*\)", " ", listed.lstrip(" :")).split(":")[0]
    names = []
    for piece in re.split(r",|\bor\b|\band\b", listed):
        found = _PARAMETER.fullmatch(piece.strip(" []'\""))
        if found:
            names.append(re.sub(r"\[\d+\]", "", found.group()))
    return names


class TaskRoutingError(UpstreamError):
    """A Task Routing API failure with its documented `code` (1 to 14)."""

    def __init__(self, status: int | None, code: int, message: str) -> None:
        super().__init__(status, message)
        self.code = code

    @property
    def explanation(self) -> str:
        """Return what the code means in plain words, with the upstream's details."""
        plain = TASK_ROUTING_CODES.get(self.code, "The Task Routing API refused the request.")
        if self.code == 4:
            missing = self.message.removeprefix(MISSING).strip(" :")
            return f"{plain}: {missing}." if missing else f"{plain}."
        return plain

    @property
    def parameters(self) -> list[str]:
        """Return the request parameters the failure is about, as the API names them:
        those code 4 lists, the external task id of 5, the service of 6, the disposition
        of 7 and the task of 8 (docs/upstream/task-routing-api-v1.md "Error Codes");
        none for the others."""
        if self.code == 4:
            return missing_parameters(self.message)
        named = TASK_ROUTING_PARAMETERS.get(self.code)
        return [named] if named else []


_BY_STATUS: dict[int, type[UpstreamError]] = {
    400: BadRequest,
    401: Unauthorized,
    403: Forbidden,
    404: NotFound,
    409: Conflict,
    429: RateLimited,
}


def translate(exc: UpstreamError, path: str) -> UpstreamError:
    """Return the named exception for an upstream error on `path`."""
    if isinstance(exc, Unreachable | BadResponse):
        return exc
    body = exc.body if isinstance(exc.body, dict) else {}
    code = body.get("errorCode")
    if path.startswith("/taskroutingapi") and isinstance(code, int):
        return TaskRoutingError(exc.status, code, exc.message)
    kind = _BY_STATUS.get(exc.status or 0, UpstreamError)
    return kind(exc.status, exc.message, exc.body)
