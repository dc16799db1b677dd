"""The Task Routing API's tasks, cases and contacts, and their life in the centre.

Seed 000, "Task Routing". A queued task is an interaction of the centre on a task
service: it waits (it never abandons), is routed to a Ready agent skilled for that
service, handled and completed with the agent's disposition, so it counts in the
service's statistics like any other work item.

Query Task's `taskStatus` names four states and the seed says little more; here:
- QUEUED: waiting in its service's queue; only now can it be updated or cancelled;
- CREATED: routed: an agent has it and works on it (it left the queue, unfinished);
- DEFERRED: cancelled while queued, with the cancel's disposition and note (the seed's
  example pairs DEFERRED with "Abandoned", the cancel's default disposition);
- COMPLETED: an agent finished it; `dispositionName` is the agent's disposition.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from simulator import roster
from simulator.centre import Agent, Centre, Interaction
from simulator.ids import Ids

QUEUED, CREATED, DEFERRED, COMPLETED = "QUEUED", "CREATED", "DEFERRED", "COMPLETED"
FIFO, LIFO = "fifo", "lifo"
CANCELLED = "cancelled"  # the outcome a cancel hands to the centre
DEFAULT_DISPOSITION = "Abandoned"
DEFAULT_PRIORITY = 1.0
MIN_PRIORITY, MAX_PRIORITY = 0.01, 100.0
# The centre routes by an integer priority, highest first, then oldest first. A task's
# priority keeps its two decimals; LIFO tasks, whose priority the seed says is ignored,
# sit at the default priority, each new one just above the ones before it. The centre's
# own background work has priority 0, so every API task (0.01 at least) goes first.
LIFO_SLOTS = 1_000_000


@dataclass(frozen=True)
class LaunchPoint:
    """A task scenario entry: the service and priority a task gets when it names none."""

    service: str
    priority: float


# The seed's own taskLaunchPointId, so its example request works as written.
LAUNCH_POINTS = {"952e8dc2e0469c349cb9c02c9b31f9150b7afd7a": LaunchPoint("Order Tasks", 5.0)}

# Each documented failure (seed 000, "Error Codes"): HTTP status and text. Codes 1 to 3
# (authentication and privilege) are answered by `guard.task_user`.
ERRORS = {
    1: (401, "Authentication failed"),
    2: (401, "Access token expired"),
    3: (403, "Privilege not granted"),
    4: (400, "Missing parameter(s)"),
    5: (400, "Task is or already was in the queue"),
    6: (400, "Service not found or invalid"),
    7: (400, "Disposition not found"),
    8: (404, "Task not found"),
    9: (400, "Task not in queue"),
    10: (400, "Task already routed to an agent"),
    11: (502, "No servers available"),
    12: (429, "API limit exceeded"),
    13: (500, "Internal server error"),
    14: (403, "Feature not enabled"),
}


class TaskError(Exception):
    """A documented Task Routing failure; `detail` says which parameter, task or service."""

    def __init__(self, code: int, detail: str = "") -> None:
        self.status, text = ERRORS[code]
        self.code = code
        # Code 4's text ends in the parameter names: "Missing parameter(s) a, b".
        joiner = " " if code == 4 else ": "
        super().__init__(f"{text}{joiner}{detail}" if detail else text)


@dataclass
class Contact:
    id: str
    ext_id: str
    info: dict[str, Any]


@dataclass
class Case:
    id: str
    ext_id: str
    contact: Contact
    info: dict[str, Any]


@dataclass(frozen=True)
class NewTask:
    """A Queue Task body, checked for types: what to create or which records to reuse."""

    ext_task_id: str = ""
    ext_case_id: str = ""
    ext_contact_id: str = ""
    service: str = ""
    launch_point: str = ""
    priority: float | None = None
    order: str = FIFO
    task_info: dict[str, Any] | None = None
    case_info: dict[str, Any] | None = None
    contact_info: dict[str, Any] | None = None
    screenpops: dict[str, Any] = field(default_factory=dict)


@dataclass
class Task:
    id: str
    ext_id: str
    case: Case
    service: str
    priority: float
    order: str
    info: dict[str, Any]
    screenpops: dict[str, Any]
    item: Interaction
    status: str = QUEUED
    disposition: str = ""
    note: str = ""
    agent: str = ""  # login id of the agent who has or had it

    def query(self) -> dict[str, Any]:
        """Return the task as Query Task answers it."""
        return {
            "taskStatus": self.status,
            "priority": _number(self.priority),
            "serviceName": self.service,
            "order": self.order,
            "dispositionName": self.disposition,
        }

    def reference(self) -> dict[str, str]:
        """Return the task as Cancel Service Tasks lists it."""
        return {"extTaskId": self.ext_id, "taskId": self.id}


class TaskDesk:
    """Every task, case and contact the API made, found by internal or external id."""

    def __init__(self, centre: Centre, ids: Ids) -> None:
        self.centre = centre
        self.ids = ids
        self.tasks: dict[str, Task] = {}
        self.switches = Switches()
        self._ext_tasks: dict[str, Task] = {}
        self._ext_cases: dict[str, Case] = {}
        self._ext_contacts: dict[str, Contact] = {}
        self._lifo_count = 0

    # --- queue ------------------------------------------------------------------------

    def queue(self, new: NewTask) -> Task:
        """Create the task (and its case and contact when new) and queue it."""
        if new.ext_task_id in self._ext_tasks:
            raise TaskError(5, f"extTaskId '{new.ext_task_id}'")
        missing = self._missing(new)
        if missing:
            raise TaskError(4, ", ".join(missing))
        service, priority = self._service_and_priority(new)
        case = self._ext_cases.get(new.ext_case_id) or self._new_case(new)
        task_id = self._new_id()
        item = self.centre.enqueue(
            service,
            priority=self._rank(priority, new.order),
            on_leave=self._left,
            data={"task_id": task_id},
        )
        task = Task(
            task_id,
            new.ext_task_id,
            case,
            service,
            priority,
            new.order,
            dict(new.task_info or {}),
            new.screenpops,
            item,
        )
        self.tasks[task.id] = task
        if task.ext_id:
            self._ext_tasks[task.ext_id] = task
        return task

    def _missing(self, new: NewTask) -> list[str]:
        """Return the required parameters the body lacks, given the records that exist."""
        missing = [] if new.service or new.launch_point else ["serviceName"]
        missing += _lacks(new.task_info, "taskInfo", "subject")
        if new.ext_case_id not in self._ext_cases:
            missing += _lacks(new.case_info, "caseInfo", "category")
            if new.ext_contact_id not in self._ext_contacts:
                missing += _lacks(new.contact_info, "contactInfo", "firstName")
        return missing

    def _service_and_priority(self, new: NewTask) -> tuple[str, float]:
        """Return the task's service and priority: the body's, else its launch point's."""
        point = None
        if new.launch_point:
            point = LAUNCH_POINTS.get(new.launch_point)
            if point is None:
                raise TaskError(6, f"no task scenario entry '{new.launch_point}'")
        service = self.task_service(new.service or (point.service if point else ""))
        if new.priority is not None:
            return service, new.priority
        return service, point.priority if point else DEFAULT_PRIORITY

    def _new_case(self, new: NewTask) -> Case:
        contact = self._ext_contacts.get(new.ext_contact_id)
        if contact is None:
            contact = Contact(self._new_id(), new.ext_contact_id, dict(new.contact_info or {}))
            if contact.ext_id:
                self._ext_contacts[contact.ext_id] = contact
        case = Case(self._new_id(), new.ext_case_id, contact, dict(new.case_info or {}))
        if case.ext_id:
            self._ext_cases[case.ext_id] = case
        return case

    def _new_id(self) -> str:
        """Return an id in the seed's form: 24 hex digits, the first 8 the creation time."""
        return f"{int(self.centre.now):08x}{self.ids.token()[:16].lower()}"

    def _rank(self, priority: float, order: str) -> int:
        if order == LIFO:
            self._lifo_count += 1
            return round(DEFAULT_PRIORITY * 100) * LIFO_SLOTS + self._lifo_count
        return round(priority * 100) * LIFO_SLOTS

    def _left(self, item: Interaction, agent: Agent | None, outcome: str) -> None:
        """Follow a task out of the queue: to an agent, to its end, or cancelled."""
        task = self.tasks[item.data["task_id"]]
        if outcome == "routed" and agent is not None:
            task.status, task.agent = CREATED, agent.login_id
        elif outcome == "completed":
            task.status, task.disposition = COMPLETED, str(item.data.get("disposition", ""))
        else:
            task.status = DEFERRED

    # --- find, update, cancel -----------------------------------------------------------

    def find(self, task_id: str, external: bool) -> Task:
        """Return the task with this internal or external id; raise error 8 if none."""
        task = (self._ext_tasks if external else self.tasks).get(task_id)
        if task is None:
            kind = "external" if external else "internal"
            raise TaskError(8, f"no task with {kind} id '{task_id}'")
        return task

    def update(self, task: Task, service: str | None, priority: float | None) -> None:
        """Move a queued task to another task service and/or give it a new priority.

        Raise error 6 for a service that is not of the Task type, 9 for a task no longer
        queued. A LIFO task keeps the new priority but is still routed newest first.
        """
        name = self.task_service(service) if service is not None else task.service
        if task.status != QUEUED:
            raise TaskError(9, f"task '{task.id}' is {task.status}")
        if name != task.service:
            self.centre.move(task.item, name)
            task.service = name
        if priority is not None:
            task.priority = priority
            if task.order == FIFO:
                task.item.priority = self._rank(priority, FIFO)

    def cancel(self, task: Task, disposition: str | None, note: str) -> None:
        """Take a queued task out of its queue with a disposition (default Abandoned).

        Raise error 7 for an unknown disposition, 10 for a task an agent has or had, 9
        for one already cancelled.
        """
        name = self.disposition(disposition)
        if task.status in (CREATED, COMPLETED):
            raise TaskError(10, f"task '{task.id}' went to {task.agent}")
        if task.status != QUEUED:
            raise TaskError(9, f"task '{task.id}' is {task.status}")
        task.disposition, task.note = name, note
        self.centre.remove(task.item, CANCELLED)

    def cancel_service(self, service: str, disposition: str | None, note: str) -> list[Task]:
        """Cancel every task queued on a task service; return them, oldest first."""
        name, reason = self.task_service(service), self.disposition(disposition)
        queued = [t for t in self.tasks.values() if t.service == name and t.status == QUEUED]
        for task in queued:
            self.cancel(task, reason, note)
        return queued

    def task_service(self, name: str) -> str:
        """Return the name if it is a service of the Task type; raise error 6 if not."""
        service = self.centre.services.get(name)
        if service is None:
            raise TaskError(6, f"no service '{name}'")
        if service.spec.media != "task":
            raise TaskError(6, f"'{name}' is a {service.spec.media} service, not a task one")
        return name

    @staticmethod
    def disposition(name: str | None) -> str:
        """Return the disposition to apply (Abandoned by default); raise error 7 if unknown."""
        if name is None or name == "":
            return DEFAULT_DISPOSITION
        if name not in {d.name for d in roster.DISPOSITIONS}:
            raise TaskError(7, f"no disposition '{name}'")
        return name


@dataclass
class Switches:
    """Failures the control API turns on (`/_sim/tasks/...`): codes 11 to 14 on demand.

    `fail_code` answers every call with that error, `fail_times` times (None: until
    cleared); `per_minute` lets that many calls through per simulated minute and answers
    the rest with error 12, as a tenant's API limit would.
    """

    fail_code: int | None = None
    fail_times: int | None = None
    per_minute: int | None = None
    _minute: int = field(default=-1, init=False, repr=False)
    _calls: int = field(default=0, init=False, repr=False)

    def check(self, now: float) -> None:
        """Count one call at simulated time `now`; raise the error a switch calls for."""
        minute = int(now // 60)
        if minute != self._minute:
            self._minute, self._calls = minute, 0
        self._calls += 1
        if self.fail_code is not None:
            code = self.fail_code
            if self.fail_times is not None:
                self.fail_times -= 1
                if self.fail_times <= 0:
                    self.fail_code = self.fail_times = None
            raise TaskError(code, "switched on by the simulator's control API")
        if self.per_minute is not None and self._calls > self.per_minute:
            raise TaskError(12, f"{self.per_minute} calls a minute")


def _lacks(info: dict[str, Any] | None, name: str, key: str) -> list[str]:
    """Return [name] if the object is absent, [name.key] if it lacks `key`, else []."""
    if info is None:
        return [name]
    return [] if info.get(key) not in (None, "") else [f"{name}.{key}"]


def _number(value: float) -> float | int:
    return int(value) if float(value).is_integer() else value
