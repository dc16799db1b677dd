"""The video-appointment client: one method per method of
docs/upstream/video-appointment-api.md, over the one HTTP core (bpcc/http.py).

The document gives no host, paths or login; the project's reading is
docs/upstream/appointments.md, and `PATHS` is the one place the paths live. Every
answer is `{status, message[, info]}`: status 1 is a success, 2 a success with a
caveat (`Result.warning`), 0 a refusal (`Refused`, with the upstream's message and the
field it names); HTTP 403 and 404 raise bpcc/http.py's named errors.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any, NotRequired, TypedDict

from bpcc.http import (
    BadResponse,
    Forbidden,
    HttpCore,
    Token,
    Unreachable,
    UpstreamError,
    answer,
)
from bpcc.models import Tenant

# The project's reading of the paths (docs/upstream/appointments.md): change them here.
PREFIX = "/videoapi/v1"
PATHS = {
    "create": f"{PREFIX}/createBlankTask",
    "moderator": f"{PREFIX}/createTaskModerator",
    "customers": f"{PREFIX}/createTaskPublisher",
    "status": f"{PREFIX}/updateTaskStatus",
}
# The request fields a refusal's message may name, to show it next to the field.
FIELDS = (
    "business_id",
    "out_task_num",
    "task_type",
    "task_time",
    "branch_code",
    "business_code",
    "room_type",
    "video",
    "emp_id",
    "customer",
    "task_status",
)


class BlankTask(TypedDict):
    """createBlankTask's body (docs/upstream/video-appointment-api.md "createBlankTask")."""

    business_id: int
    out_task_num: str
    task_type: str
    task_notify: bool
    branch_code: str
    room_type: str
    video: bool
    task_time: NotRequired[str]
    task_remarks: NotRequired[str]
    business_code: NotRequired[str]
    out_task_type: NotRequired[str]


class Customer(TypedDict):
    """One participant of createTaskPublisher."""

    customer_title: str
    customer_name: str
    customer_id_num: str
    customer_country_code: str
    customer_phone: str
    customer_email: str


class NotFound(UpstreamError):
    """404: the service knows no task of that number."""


class Refused(UpstreamError):
    """Status 0: the service refused the request; `field` is the field its message
    names ("" when none)."""

    def __init__(self, status: int | None, message: str, body: Any = None) -> None:
        super().__init__(status, message, body)
        self.field = next((f for f in FIELDS if message.startswith(f)), "")


@dataclass(frozen=True)
class Result:
    task_num: str = ""
    warning: str = ""  # status 2: done, with this caveat


ERRORS: dict[int, type[UpstreamError]] = {403: Forbidden, 404: NotFound}


class AppointmentClient(HttpCore):
    """Call one tenant's video-appointment service with its token."""

    def __init__(self, base_url: str, token: str, *, timeout: float) -> None:
        super().__init__(base_url, timeout=timeout)
        self._token = Token(token, math.inf)
        self.last_request = ""
        self.last_status: int | None = None

    def create_task(self, body: BlankTask) -> Result:
        """Schedule a room ("createBlankTask"); a known out_task_num gives its task."""
        envelope = self._call("create", dict(body))
        info = envelope.get("info")
        task_num = info.get("task_num") if isinstance(info, dict) else None
        if not isinstance(task_num, str | int) or not str(task_num):
            raise BadResponse(self.last_status, "the answer has no info.task_num")
        return Result(str(task_num), _warning(envelope))

    def add_moderator(self, task_num: str, emp_id: str) -> Result:
        """Add an employee as the task's moderator ("createTaskModerator")."""
        return Result(
            task_num, _warning(self._call("moderator", {"task_num": task_num, "emp_id": emp_id}))
        )

    def add_customers(self, task_num: str, customers: list[Customer]) -> Result:
        """Add customers to the task ("createTaskPublisher")."""
        body = {"task_num": task_num, "customer": list(customers)}
        return Result(task_num, _warning(self._call("customers", body)))

    def set_status(self, task_num: str, status: str) -> Result:
        """Finish or cancel the task ("updateTaskStatus"; moderators only)."""
        body = {"task_num": task_num, "task_status": status}
        return Result(task_num, _warning(self._call("status", body)))

    def _call(self, method: str, body: dict[str, Any]) -> dict[str, Any]:
        """Send one method; return its envelope, or raise Refused for status 0."""
        path = PATHS[method]
        self.last_status, self.last_request = None, f"POST {path}"
        try:
            response = self._request("POST", path, token=self._token, errors=ERRORS, json=body)
        except UpstreamError as exc:
            self.last_status = exc.status
            raise
        self.last_status = response.status_code
        envelope = answer(response)
        status = envelope.get("status") if isinstance(envelope, dict) else None
        if str(status) not in ("0", "1", "2") or not isinstance(envelope.get("message", ""), str):
            raise BadResponse(
                response.status_code, "the answer is not a {status, message} envelope"
            )
        if str(status) == "0":
            raise Refused(response.status_code, envelope.get("message") or "refused", envelope)
        return envelope


def _warning(envelope: dict[str, Any]) -> str:
    return str(envelope.get("message", "")) if str(envelope["status"]) == "2" else ""


def client_for(tenant: Tenant, timeout: float) -> AppointmentClient:
    """Return a client of `tenant`'s appointment service (close it, or use `with`)."""
    return AppointmentClient(tenant.appointments_url, tenant.appointments_token, timeout=timeout)


def check(tenant: Tenant, timeout: float) -> tuple[str, str]:
    """Return (level, text) of a connection test of the tenant's appointment service.

    The API has nothing to read, so the test asks to finish a task that cannot exist:
    404 means the token was accepted, 403 that it was refused. Nothing is changed.
    """
    with client_for(tenant, timeout) as client:
        try:
            client.set_status("0", "finished")
        except NotFound:
            return "ok", "Appointment service: connected, the token is accepted."
        except Forbidden as exc:
            return "error", f"Appointment service: the token is refused. It said: {exc.message}"
        except Unreachable as exc:
            return "error", f"Appointment service: cannot reach {tenant.appointments_url} ({exc})."
        except UpstreamError as exc:
            return "error", f"Appointment service: it answered with an error ({exc})."
    return "warning", "Appointment service: it accepted a status change of task 0."
