"""The video-appointment task API (seed 004) and its control view `/_sim/appointments`.

Paths and token are the project's reading (docs/upstream/appointments.md): each method
is `POST /videoapi/v1/<method>` with `Authorization: Bearer <token>`. Every answer is
the seed's envelope `{"status", "message"}` (with `info` where the seed documents it):
HTTP 200 with status 0 for an invalid request, 1 for success, 2 for a warning; HTTP 403
without a valid token or for a status change by a non-moderator, 404 for an unknown
task_num. Times are real time (the simulated centre may run faster), or the manual
clock's when there is one. Faults come from the fault layer (`/_sim/faults`) like every other API.

Control API (not part of the seed): `GET /_sim/appointments` gives `created` (tasks
createBlankTask made) and every task with its moderators, customers and history.
"""

from __future__ import annotations

import time
from collections.abc import Awaitable, Callable
from typing import Any

from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

from simulator.appointments import FORBIDDEN, Answer, AppointmentDesk, Invalid, Refused, tokens
from simulator.tenant import Tenant
from simulator.web import BadRequest, bearer, json_body

PREFIX = "/videoapi/v1"

Method = Callable[[dict[str, Any], str, bool], Answer]


def envelope(status: int, message: str, info: dict[str, Any] | None = None) -> dict[str, Any]:
    """Return the seed's answer body; `info` only where the method documents one."""
    body: dict[str, Any] = {"status": status, "message": message}
    if info is not None:
        body["info"] = info
    return body


def error(http_status: int, message: str) -> Response:
    return JSONResponse(envelope(0, message), status_code=http_status)


def routes(tenant: Tenant) -> list[Route]:
    # The appointment service is not the contact centre: it keeps real time, however
    # fast the simulated centre runs, unless a manual clock drives the whole simulator.
    now = tenant.clock.now if tenant.clock.manual else time.time
    desk = AppointmentDesk(now, tenant.zone)
    accepted = tokens()

    def api(method: Method, info: bool = False) -> Callable[[Request], Awaitable[Response]]:
        async def endpoint(request: Request) -> Response:
            caller = bearer(request)
            if caller not in accepted:
                return error(403, FORBIDDEN)
            try:
                body = await json_body(request)
                if not isinstance(body, dict):
                    raise BadRequest("the body must be a JSON object")
                answer = method(body, caller, accepted[caller])
            except Refused as exc:
                return error(exc.http_status, str(exc))
            except (Invalid, BadRequest) as exc:
                answer = Answer(0, str(exc), {} if info else None)
            return JSONResponse(envelope(answer.status, answer.message, answer.info))

        return endpoint

    table: list[tuple[str, Method, bool]] = [
        ("createBlankTask", lambda body, caller, mod: desk.create(body), True),
        ("createTaskModerator", lambda body, caller, mod: desk.add_moderator(body, caller), False),
        ("createTaskPublisher", lambda body, caller, mod: desk.add_customers(body), False),
        ("updateTaskStatus", desk.change_status, False),
    ]

    async def state(request: Request) -> Response:
        tasks = [task.describe() for task in desk.tasks.values()]
        return JSONResponse({"created": desk.created, "tasks": tasks})

    return [
        *(Route(f"{PREFIX}/{name}", api(m, info), methods=["POST"]) for name, m, info in table),
        Route("/_sim/appointments", state, methods=["GET"]),
    ]
