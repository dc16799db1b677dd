"""The video-appointment desk (seed 004): tasks, their moderators, customers and status.

The rules are the project's reading of the seed (docs/upstream/appointments.md): each
method answers an `Answer` (status 0 fail, 1 success, 2 warning, with a message), or
raises `Refused` for the seed's HTTP 403 and 404. Task numbers are the day's date on
the simulated clock and a seven-digit serial, as the seed's "202312210000001".
"""

from __future__ import annotations

import os
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

TASK_TYPES = ("normal", "custom")
ROOM_TYPES = ("realtime", "normal")
TASK_STATUSES = ("finished", "canceled")
# How far in the past a scheduled time may be and still count as "now": a clock skew.
PAST_GRACE = 60.0
FORBIDDEN = "Access to the requested resource is not allowed"
NOT_FOUND = "Resource Not Found"


def tokens() -> dict[str, bool]:
    """Return the accepted tokens, each with whether its holder has MODERATOR permission.

    The seed's tokens come from a login it does not describe; the project's reading is a
    token issued once to an integration account (docs/upstream/appointments.md).
    """
    moderator = os.environ.get("WALLBOARD_SIM_APPOINTMENT_TOKEN") or "demo-appointment-token"
    return {moderator: True, "member-appointment-token": False}


class Refused(Exception):
    """The request gets the seed's HTTP 403 or 404."""

    def __init__(self, http_status: int, message: str) -> None:
        super().__init__(message)
        self.http_status = http_status


@dataclass
class Answer:
    status: int  # 0 fail, 1 success, 2 warning
    message: str
    info: dict[str, Any] | None = None


@dataclass
class Task:
    task_num: str
    out_task_num: str
    request: dict[str, Any]
    room_type: str
    task_time: int
    status: str = "open"
    moderators: list[str] = field(default_factory=list)
    customers: list[dict[str, str]] = field(default_factory=list)
    history: list[dict[str, Any]] = field(default_factory=list)

    def describe(self) -> dict[str, Any]:
        return {
            "task_num": self.task_num,
            "out_task_num": self.out_task_num,
            "room_type": self.room_type,
            "task_time": self.task_time,
            "status": self.status,
            "branch_code": self.request["branch_code"],
            "moderators": self.moderators,
            "customers": self.customers,
            "history": self.history,
        }


class Invalid(Exception):
    """A field is missing or of the wrong type: status 0 with this message."""


def _text(body: dict[str, Any], name: str, required: bool = True) -> str | None:
    """Return a text field; the seed's examples send codes as numbers, so take those."""
    value = body.get(name)
    if value is None or value == "":
        if required:
            raise Invalid(f"{name} is required")
        return None
    if isinstance(value, bool) or not isinstance(value, str | int):
        raise Invalid(f"{name} must be a string")
    return str(value)


def _flag(body: dict[str, Any], name: str, default: bool | None = None) -> bool:
    value = body.get(name, default)
    if value is None:
        raise Invalid(f"{name} is required")
    if isinstance(value, bool):
        return value
    if value in ("true", "false"):
        return bool(value == "true")
    raise Invalid(f"{name} must be true or false")


def _choice(body: dict[str, Any], name: str, allowed: tuple[str, ...]) -> str:
    value = _text(body, name)
    if value not in allowed:
        raise Invalid(f"{name} must be one of {', '.join(allowed)}")
    return value


class AppointmentDesk:
    """Every video-appointment task of the tenant."""

    def __init__(self, now: Callable[[], float], zone: ZoneInfo) -> None:
        self.now = now
        self.zone = zone
        self.tasks: dict[str, Task] = {}
        self.by_out_num: dict[str, str] = {}
        self.created = 0
        self._serials: dict[str, int] = {}

    def _task_num(self) -> str:
        day = datetime.fromtimestamp(self.now(), self.zone).strftime("%Y%m%d")
        self._serials[day] = self._serials.get(day, 0) + 1
        return f"{day}{self._serials[day]:07d}"

    def find(self, body: dict[str, Any]) -> Task:
        task = self.tasks.get(_text(body, "task_num") or "")
        if task is None:
            raise Refused(404, NOT_FOUND)
        return task

    def create(self, body: dict[str, Any]) -> Answer:
        """createBlankTask: a new room, or the existing one for a known out_task_num."""
        if not isinstance(body.get("business_id"), int) or isinstance(body["business_id"], bool):
            raise Invalid("business_id is required and must be a number")
        out_num = _text(body, "out_task_num")
        assert out_num is not None
        _text(body, "out_task_type", required=False)
        _choice(body, "task_type", TASK_TYPES)
        _flag(body, "task_notify", default=False)
        _text(body, "branch_code")
        _text(body, "business_code", required=False)
        room = _choice(body, "room_type", ROOM_TYPES)
        _flag(body, "video")
        known = self.by_out_num.get(out_num)
        if known is not None:
            return Answer(
                2,
                f"out_task_num {out_num} already has task {known}; nothing new was created",
                {"task_num": known},
            )
        when, warning = self._time(body, room)
        task = Task(self._task_num(), out_num, dict(body), room, when)
        self.tasks[task.task_num] = task
        self.by_out_num[out_num] = task.task_num
        self.created += 1
        task.history.append({"at": self.now(), "status": "open"})
        if warning:
            return Answer(2, warning, {"task_num": task.task_num})
        return Answer(1, "success", {"task_num": task.task_num})

    def _time(self, body: dict[str, Any], room: str) -> tuple[int, str]:
        """Return the room's time, and a warning when the request's time was ignored."""
        now = int(self.now())
        raw = _text(body, "task_time", required=room == "normal")
        if raw is None:
            return now, ""
        if not raw.isdigit():
            raise Invalid("task_time must be a Unix time in seconds, e.g. 1703141398")
        if room == "realtime":
            return now, "task_time is ignored for a realtime room: the room opens now"
        if int(raw) < now - PAST_GRACE:
            raise Invalid("task_time is in the past: a scheduled room needs a time to come")
        return int(raw), ""

    def add_moderator(self, body: dict[str, Any], caller: str) -> Answer:
        """createTaskModerator: the employee, or the caller when emp_id is left out."""
        task = self.find(body)
        self._check_codes(task, body)
        self._check_open(task)
        emp_id = _text(body, "emp_id", required=False) or f"token:{caller}"
        if emp_id in task.moderators:
            return Answer(2, f"{emp_id} is already a moderator of the task")
        task.moderators.append(emp_id)
        return Answer(1, "service member success")

    def add_customers(self, body: dict[str, Any]) -> Answer:
        """createTaskPublisher: every customer of the list; known ones are skipped."""
        task = self.find(body)
        customers = body.get("customer")
        if not isinstance(customers, list) or not customers:
            raise Invalid("customer must be a list of one or more customers")
        checked = [_customer(c, n) for n, c in enumerate(customers, 1)]
        self._check_open(task)
        known = {c["customer_id_num"] for c in task.customers}
        skipped = [c["customer_id_num"] for c in checked if c["customer_id_num"] in known]
        task.customers += [c for c in checked if c["customer_id_num"] not in known]
        if skipped:
            return Answer(2, f"already on the task, skipped: {', '.join(skipped)}")
        return Answer(1, "customer member success")

    def change_status(self, body: dict[str, Any], caller: str, moderator: bool) -> Answer:
        """updateTaskStatus: only a moderator may finish or cancel a task."""
        task = self.find(body)
        status = _choice(body, "task_status", TASK_STATUSES)
        if not moderator and f"token:{caller}" not in task.moderators:
            raise Refused(403, FORBIDDEN)
        if task.status == status:
            return Answer(2, f"the task is already {status}")
        if task.status != "open":
            return Answer(0, f"the task is already {task.status}")
        task.status = status
        task.history.append({"at": self.now(), "status": status})
        return Answer(1, "success")

    def _check_open(self, task: Task) -> None:
        if task.status != "open":
            raise Invalid(f"the task is {task.status}: it takes no more members")

    def _check_codes(self, task: Task, body: dict[str, Any]) -> None:
        for name in ("branch_code", "business_code"):
            given = _text(body, name, required=False)
            held = task.request.get(name)
            if given is not None and held is not None and given != str(held):
                raise Invalid(f"{name} {given} is not the task's ({held})")


CUSTOMER_TEXT = ("customer_title", "customer_country_code", "customer_phone", "customer_email")


def _customer(value: Any, number: int) -> dict[str, str]:
    if not isinstance(value, dict):
        raise Invalid(f"customer {number} must be an object")
    try:
        found = {name: _text(value, name) for name in ("customer_name", "customer_id_num")}
        found |= {name: _text(value, name, required=False) for name in CUSTOMER_TEXT}
    except Invalid as exc:
        raise Invalid(f"customer {number}: {exc}") from None
    return {name: text for name, text in found.items() if text is not None}
