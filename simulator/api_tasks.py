"""The Task Routing API v1 (seed 000) and its control switches under `/_sim/tasks`.

Every method needs a bearer token of a user with the "Use Task Routing API" privilege
(errors 1 to 3, `guard.task_user`); a failure answers `{"errorCode", "errorMessage"}`
with the documented HTTP status. Paths are served with and without the trailing slash,
as the seed writes them both ways. A task id in a path is internal unless the query
says `external=true`.

Control API (not BPCC; for tests and demos), bodies JSON, a bad one gets 400:
- `GET /_sim/tasks`: the switches and every task's ids, status, service and agent;
- `POST /_sim/tasks/fail {"code": 11..14, "times": n}`: answer the next n Task Routing
  calls (every call when `times` is left out) with that error: 11 no servers (502),
  12 API limit (429), 13 internal error (500), 14 feature not enabled (403);
  `DELETE /_sim/tasks/fail` ends it;
- `POST /_sim/tasks/limit {"per_minute": n}`: let n calls through per simulated minute
  and answer the rest with error 12 (429); `{"per_minute": null}` lifts the limit.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any

from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

from simulator import roster
from simulator.guard import task_user
from simulator.task_requests import new_task, priority_of, text_of
from simulator.tasks import ERRORS, Task, TaskError
from simulator.tenant import Tenant
from simulator.web import BadRequest, json_body, ok, task_error

PREFIX = "/taskroutingapi/v1"
FAILURE_CODES = {11, 12, 13, 14}

Handler = Callable[[Request], Awaitable[Response]]


def routes(tenant: Tenant) -> list[Route]:
    desk = tenant.tasks

    def api(handler: Handler) -> Handler:
        """Wrap a method: check the caller and the switches, answer TaskError in kind."""

        async def endpoint(request: Request) -> Response:
            user = task_user(tenant, request, roster.TASK_ROUTING)
            if isinstance(user, Response):
                return user
            try:
                desk.switches.check(tenant.centre.now)
                return await handler(request)
            except TaskError as exc:
                return task_error(exc.status, exc.code, str(exc))

        return endpoint

    def task_in(request: Request) -> Task:
        external = request.query_params.get("external", "false").lower() == "true"
        return desk.find(request.path_params["task_id"], external)

    async def queue(request: Request) -> Response:
        task = desk.queue(new_task(await _body(request)))
        return ok({"taskId": task.id, "caseId": task.case.id, "contactId": task.case.contact.id})

    async def cancel(request: Request) -> Response:
        task = task_in(request)
        body = await _body(request)
        desk.cancel(task, text_of(body, "dispositionName"), text_of(body, "note") or "")
        return ok(status=204)

    async def cancel_service(request: Request) -> Response:
        body = await _body(request)
        service = text_of(body, "serviceName")
        if not service:
            raise TaskError(4, "serviceName")
        cancelled = desk.cancel_service(
            service, text_of(body, "dispositionName"), text_of(body, "note") or ""
        )
        return ok({"count": len(cancelled), "taskIds": [t.reference() for t in cancelled]})

    async def update(request: Request) -> Response:
        task = task_in(request)
        body = await _body(request)
        service, priority = text_of(body, "serviceName"), priority_of(body)
        if service is None and priority is None:
            raise TaskError(4, "serviceName or priority")
        desk.update(task, service, priority)
        return ok()

    async def query(request: Request) -> Response:
        return ok(task_in(request).query())

    tasks = f"{PREFIX}/task"
    one = f"{PREFIX}/task/{{task_id}}"
    table: list[tuple[str, Handler, str]] = [
        (tasks, queue, "POST"),
        (one, query, "GET"),
        (one, update, "PATCH"),
        (one, cancel, "DELETE"),
        (f"{PREFIX}/service", cancel_service, "DELETE"),
    ]
    api_routes = [
        Route(path + slash, api(handler), methods=[method])
        for path, handler, method in table
        for slash in ("", "/")
    ]
    return api_routes + _control_routes(tenant)


async def _body(request: Request) -> dict[str, Any]:
    """Return the JSON object of the body, {} when there is none; raise error 4 if bad."""
    if not (await request.body()).strip():
        return {}
    try:
        body = await json_body(request)
    except BadRequest as exc:
        raise TaskError(4, f"(a JSON object body): {exc}") from None
    if not isinstance(body, dict):
        raise TaskError(4, "(the body must be a JSON object)")
    return body


# --- control API ---------------------------------------------------------------------


def _control_routes(tenant: Tenant) -> list[Route]:
    switches = tenant.tasks.switches

    async def state(request: Request) -> Response:
        tenant.sync()
        tasks = [
            {
                "taskId": t.id,
                "extTaskId": t.ext_id,
                "caseId": t.case.id,
                "contactId": t.case.contact.id,
                "agent": t.agent,
                **t.query(),
            }
            for t in tenant.tasks.tasks.values()
        ]
        return JSONResponse({"switches": _switches(tenant), "tasks": tasks})

    async def fail(request: Request) -> Response:
        if request.method == "DELETE":
            switches.fail_code = switches.fail_times = None
            return JSONResponse(_switches(tenant))
        body = await _control_body(request, {"code", "times"})
        code, times = body.get("code"), body.get("times")
        if code not in FAILURE_CODES:
            return _control_error(f"code must be one of {sorted(FAILURE_CODES)}")
        if times is not None and (type(times) is not int or times < 1):
            return _control_error("times must be a whole number above 0, or left out")
        switches.fail_code, switches.fail_times = code, times
        return JSONResponse(_switches(tenant))

    async def limit(request: Request) -> Response:
        body = await _control_body(request, {"per_minute"})
        per_minute = body.get("per_minute")
        if per_minute is not None and (type(per_minute) is not int or per_minute < 0):
            return _control_error("per_minute must be a whole number, or null for no limit")
        switches.per_minute = per_minute
        return JSONResponse(_switches(tenant))

    def guarded(handler: Handler) -> Handler:
        async def endpoint(request: Request) -> Response:
            try:
                return await handler(request)
            except BadRequest as exc:
                return _control_error(str(exc))

        return endpoint

    return [
        Route("/_sim/tasks", guarded(state), methods=["GET"]),
        Route("/_sim/tasks/fail", guarded(fail), methods=["POST", "DELETE"]),
        Route("/_sim/tasks/limit", guarded(limit), methods=["POST"]),
    ]


def _switches(tenant: Tenant) -> dict[str, Any]:
    switches = tenant.tasks.switches
    code = switches.fail_code
    return {
        "fail": None if code is None else {"code": code, "text": ERRORS[code][1]},
        "fail_times": switches.fail_times,
        "per_minute": switches.per_minute,
    }


async def _control_body(request: Request, allowed: set[str]) -> dict[str, Any]:
    body = await json_body(request)
    if not isinstance(body, dict):
        raise BadRequest("the body must be a JSON object")
    unknown = set(body) - allowed
    if unknown:
        raise BadRequest(f"unknown field(s): {', '.join(sorted(unknown))}")
    return body


def _control_error(message: str) -> Response:
    return JSONResponse({"error": message}, status_code=400)
