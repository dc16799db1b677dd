"""Helpers for the Task Routing API tests: queue, query and wait on tasks."""

from __future__ import annotations

import itertools
from collections.abc import Callable
from typing import Any

import httpx

TASKS = "/taskroutingapi/v1/task"
SERVICE = "Order Tasks"  # the simulated tenant's one service of the Task type

_unique = itertools.count(1)


def task_body(**overrides: Any) -> dict[str, Any]:
    """Return a minimal valid Queue Task body with fresh external ids."""
    n = next(_unique)
    body: dict[str, Any] = {
        "extTaskId": f"task-{n}",
        "extCaseId": f"case-{n}",
        "extContactId": f"contact-{n}",
        "serviceName": SERVICE,
        "priority": 1,
        "contactInfo": {"firstName": "Ada", "lastName": "Lovelace"},
        "caseInfo": {"category": "Orders"},
        "taskInfo": {"subject": f"Order {n}"},
    }
    body.update(overrides)
    return {k: v for k, v in body.items() if v is not None}


def queue(client: httpx.Client, **overrides: Any) -> str:
    """Queue a task and return its internal id; fail the test if the API refuses."""
    response = client.post(TASKS, json=task_body(**overrides))
    assert response.status_code == 200, response.text
    task_id: str = response.json()["taskId"]
    return task_id


def query(client: httpx.Client, task_id: str, external: bool = False) -> dict[str, Any]:
    response = client.get(f"{TASKS}/{task_id}", params={"external": str(external).lower()})
    assert response.status_code == 200, response.text
    answer: dict[str, Any] = response.json()
    return answer


def statuses(client: httpx.Client, task_ids: list[str]) -> dict[str, str]:
    return {task_id: query(client, task_id)["taskStatus"] for task_id in task_ids}


def cancel_service(client: httpx.Client, **fields: Any) -> httpx.Response:
    body = {"serviceName": SERVICE, **fields}
    return client.request("DELETE", "/taskroutingapi/v1/service", json=body)


def advance_until(
    client: httpx.Client, condition: Callable[[], bool], *, step: float, limit: float, what: str
) -> float:
    """Advance the manual clock by `step` until `condition` holds; return the time taken.

    The control API is called through `client`, whose open connection makes the many
    small steps cheap (`Sim.advance` opens a new one each time).
    """
    waited = 0.0
    while not condition():
        assert waited < limit, f"still waiting for {what} after {limit:g} simulated seconds"
        client.post("/_sim/advance", json={"seconds": step}).raise_for_status()
        waited += step
    return waited
