"""Task Routing API v1 (docs/upstream/task-routing-api-v1.md, "Task Routing")."""

from __future__ import annotations

from typing import Any

from bpcc.admin_api.base import AdminBase, part
from bpcc.admin_api.wire import CancelledTasks, QueuedTask, TaskState

PREFIX = "/taskroutingapi/v1"


def _which(external: bool) -> dict[str, str]:
    return {"external": "true" if external else "false"}


class TaskMethods(AdminBase):
    def queue_task(self, body: dict[str, Any]) -> QueuedTask:
        """Queue a task with its case and contact; return the three internal ids.

        "Queue Task": POST taskroutingapi/v1/task/.
        """
        return self._read(QueuedTask, "POST", f"{PREFIX}/task/", json=body)

    def query_task(self, task_id: str, external: bool = False) -> TaskState:
        """Return a task's status, service, priority, order and disposition.

        "Query Task": GET taskroutingapi/v1/task/:taskid/?external=Boolean.
        """
        path = f"{PREFIX}/task/{part(task_id)}/"
        return self._read(TaskState, "GET", path, params=_which(external))

    def update_task(
        self,
        task_id: str,
        external: bool = False,
        *,
        service: str | None = None,
        priority: float | None = None,
    ) -> None:
        """Move a queued task to another service and/or give it a new priority.

        "Update Task": PATCH taskroutingapi/v1/task/:taskid?external=Boolean.
        """
        body: dict[str, Any] = {}
        if service:
            body["serviceName"] = service
        if priority is not None:
            body["priority"] = priority
        path = f"{PREFIX}/task/{part(task_id)}"
        self._call("PATCH", path, params=_which(external), json=body)

    def cancel_task(
        self, task_id: str, external: bool = False, *, disposition: str = "", note: str = ""
    ) -> None:
        """Take a queued task out of its queue with a disposition (default Abandoned).

        "Cancel Task": DELETE taskroutingapi/v1/task/:taskid/?external=Boolean.
        """
        body = {k: v for k, v in (("dispositionName", disposition), ("note", note)) if v}
        path = f"{PREFIX}/task/{part(task_id)}/"
        self._call("DELETE", path, params=_which(external), json=body)

    def cancel_service_tasks(
        self, service: str, *, disposition: str = "", note: str = ""
    ) -> CancelledTasks:
        """Cancel every task queued in a service; return how many and which.

        "Cancel Service Tasks": DELETE taskroutingapi/v1/service.
        """
        body = {"serviceName": service}
        body.update({k: v for k, v in (("dispositionName", disposition), ("note", note)) if v})
        empty = {"count": 0, "taskIds": []}
        return self._read(CancelledTasks, "DELETE", f"{PREFIX}/service", json=body, empty=empty)
