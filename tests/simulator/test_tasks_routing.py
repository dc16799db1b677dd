"""Tasks live in the centre: they wait in the task service's queue (and its statistics),
go to Ready agents skilled for it in priority order, and end completed or cancelled."""

from __future__ import annotations

from collections.abc import Iterator

import httpx
import pytest

from simulator import roster
from simulator.tasks import LAUNCH_POINTS
from tests.simulator.conftest import Sim
from tests.simulator.taskapi import (
    SERVICE,
    TASKS,
    advance_until,
    cancel_service,
    query,
    queue,
    statuses,
)

# More tasks than the Back Office team (the one skilled for the task service) has
# agents, so some of them must wait whoever is ready.
MANY = roster.AGENT_COUNT // len(roster.TEAMS) + 2
WALL = {
    "wall": {
        "service_grids": [
            {
                "id": "services",
                "columns": [
                    {"id": "name", "stat_name": "name"},
                    {"id": "waiting", "stat_name": "in_calls_waiting"},
                    {"id": "received", "stat_name": "in_calls_received_per_day"},
                    {"id": "handled", "stat_name": "in_calls_handled_per_day"},
                ],
            }
        ],
        "agent_grids": [
            {
                "id": "agents",
                "columns": [
                    {"id": "login", "stat_name": "login_id"},
                    {"id": "team", "stat_name": "team_name"},
                    {"id": "media", "stat_name": "active_item_media_type"},
                ],
            }
        ],
    }
}


@pytest.fixture
def client(sim: Sim) -> Iterator[httpx.Client]:
    """A client on a task service emptied of the tasks earlier tests left queued."""
    with sim.client() as client:
        assert cancel_service(client).status_code == 200
        yield client


@pytest.fixture
def wall(sim: Sim, client: httpx.Client) -> None:
    client.post("/statsapi/subscription", json=WALL).raise_for_status()
    sim.advance(2)  # new subscription data is ready after a simulated second


def service_row(client: httpx.Client) -> dict[str, int]:
    """Return the task service's row of the wall's service grid, as numbers."""
    data = client.get("/statsapi/subscription/data").json()
    [grid] = data["wall"]["service_grids"]
    [row] = [r for r in grid["values"] if r["name"] == SERVICE]
    return {key: int(value) for key, value in row.items() if key != "name"}


def agents(client: httpx.Client) -> dict[str, dict[str, str]]:
    data = client.get("/statsapi/subscription/data").json()
    [grid] = data["wall"]["agent_grids"]
    return {row["login"]: row for row in grid["values"]}


def simulated_tasks(client: httpx.Client) -> dict[str, dict[str, str]]:
    """Return every task the API queued, with the agent it went to (control API)."""
    return {t["taskId"]: t for t in client.get("/_sim/tasks").json()["tasks"]}


def test_queued_tasks_wait_in_the_service_statistics(client: httpx.Client, wall: None) -> None:
    before = service_row(client)
    task_ids = [queue(client, priority=100) for _ in range(MANY)]

    after = service_row(client)  # the same simulated second: nothing routed yet
    assert after["waiting"] == before["waiting"] + MANY
    assert after["received"] == before["received"] + MANY
    assert set(statuses(client, task_ids).values()) == {"QUEUED"}


def test_agents_skilled_for_the_service_take_the_tasks_and_complete_them(
    client: httpx.Client, wall: None
) -> None:
    handled_before = service_row(client)["handled"]
    task_ids = [queue(client, priority=100) for _ in range(MANY)]
    seen: dict[str, set[str]] = {task_id: set() for task_id in task_ids}

    def all_completed() -> bool:
        now = {t: task for t, task in simulated_tasks(client).items() if t in seen}
        routed = [task for task in now.values() if task["taskStatus"] == "CREATED"]
        working = agents(client) if routed else {}
        for task in routed:
            agent = working[task["agent"]]
            assert (agent["team"], agent["media"]) == ("Back Office", "task")
        for task_id, task in now.items():
            seen[task_id].add(task["taskStatus"])
        return all(task["taskStatus"] == "COMPLETED" for task in now.values())

    advance_until(client, all_completed, step=15, limit=4 * 3600, what="every task completed")

    assert set(statuses(client, task_ids).values()) == {"COMPLETED"}
    assert any("CREATED" in states for states in seen.values()), "no task seen with an agent"
    assert all(states <= {"QUEUED", "CREATED", "COMPLETED"} for states in seen.values())
    dispositions = {query(client, t)["dispositionName"] for t in task_ids}
    assert dispositions <= set(roster.INBOUND_OUTCOMES)
    assert service_row(client)["handled"] >= handled_before + MANY


def first_routed(client: httpx.Client, task_ids: list[str]) -> list[str]:
    """Advance second by second until agents take some tasks; return those, in order."""
    now: dict[str, str] = {}

    def some_routed() -> bool:
        now.update(statuses(client, task_ids))
        return set(now.values()) != {"QUEUED"}

    advance_until(client, some_routed, step=1, limit=3600, what="an agent to take a task")
    assert "QUEUED" in now.values(), "agents took every task at once: nothing to compare"
    return [t for t in task_ids if now[t] != "QUEUED"]


def test_raising_a_priority_puts_the_task_ahead_of_earlier_ones(client: httpx.Client) -> None:
    task_ids = [queue(client, priority=1) for _ in range(MANY)]
    last = task_ids[-1]
    assert client.patch(f"{TASKS}/{last}", json={"priority": 100}).status_code == 200
    assert query(client, last)["priority"] == 100

    routed = first_routed(client, task_ids)

    assert routed[-1] == last
    assert routed[:-1] == task_ids[: len(routed) - 1], "the others keep their order"


def test_a_lifo_task_goes_before_the_fifo_ones_queued_before_it(client: httpx.Client) -> None:
    task_ids = [queue(client, priority=1) for _ in range(MANY)]
    newest = queue(client, order="lifo")
    assert query(client, newest)["order"] == "lifo"

    routed = first_routed(client, [*task_ids, newest])

    assert routed[-1] == newest
    assert routed[:-1] == task_ids[: len(routed) - 1]


def test_cancelling_a_service_cancels_every_queued_task_and_lists_them(
    client: httpx.Client, wall: None
) -> None:
    task_ids = [queue(client), queue(client), queue(client, extTaskId=None)]
    waiting = service_row(client)["waiting"]

    response = cancel_service(client, dispositionName="Wrong number", note="Closed")

    assert response.status_code == 200, response.text
    body = response.json()
    assert body["count"] == 3
    assert [t["taskId"] for t in body["taskIds"]] == task_ids
    assert [t["extTaskId"] for t in body["taskIds"]][2] == ""
    assert service_row(client)["waiting"] == waiting - 3
    for task_id in task_ids:
        answer = query(client, task_id)
        assert (answer["taskStatus"], answer["dispositionName"]) == ("DEFERRED", "Wrong number")


def test_cancelling_a_service_leaves_the_tasks_agents_already_have(client: httpx.Client) -> None:
    taken = queue(client, priority=100)
    advance_until(
        client,
        lambda: query(client, taken)["taskStatus"] != "QUEUED",
        step=5,
        limit=3600,
        what="an agent to take the task",
    )
    waiting = queue(client)

    body = cancel_service(client).json()

    assert [t["taskId"] for t in body["taskIds"]] == [waiting]
    assert query(client, taken)["taskStatus"] in ("CREATED", "COMPLETED")


def test_a_cancelled_task_is_deferred_with_abandoned_unless_told(client: httpx.Client) -> None:
    plain, told = queue(client), queue(client)

    client.request("DELETE", f"{TASKS}/{plain}").raise_for_status()
    client.request(
        "DELETE", f"{TASKS}/{told}", json={"dispositionName": "Escalated", "note": "CRM"}
    ).raise_for_status()

    assert query(client, plain)["dispositionName"] == "Abandoned"
    assert query(client, told)["dispositionName"] == "Escalated"
    assert {query(client, t)["taskStatus"] for t in (plain, told)} == {"DEFERRED"}


def test_external_ids_find_the_existing_task_case_and_contact(client: httpx.Client) -> None:
    first = client.post(
        TASKS,
        json={
            "extTaskId": "crm-task-1",
            "extCaseId": "crm-case-1",
            "extContactId": "crm-contact-1",
            "serviceName": SERVICE,
            "contactInfo": {"firstName": "Grace"},
            "caseInfo": {"category": "Orders"},
            "taskInfo": {"subject": "First"},
        },
    ).json()
    same_case = client.post(
        TASKS,
        json={
            "extTaskId": "crm-task-2",
            "extCaseId": "crm-case-1",
            "serviceName": SERVICE,
            "taskInfo": {"subject": "Second, same case"},
        },
    ).json()
    same_contact = client.post(
        TASKS,
        json={
            "extTaskId": "crm-task-3",
            "extCaseId": "crm-case-2",
            "extContactId": "crm-contact-1",
            "serviceName": SERVICE,
            "caseInfo": {"category": "Returns"},
            "taskInfo": {"subject": "Third, same contact"},
        },
    ).json()

    assert same_case["caseId"] == first["caseId"]
    assert same_case["contactId"] == first["contactId"]
    assert same_contact["caseId"] != first["caseId"]
    assert same_contact["contactId"] == first["contactId"]
    assert len({first["taskId"], same_case["taskId"], same_contact["taskId"]}) == 3
    assert query(client, "crm-task-2", external=True) == query(client, same_case["taskId"])


def test_a_launch_point_gives_its_service_and_priority_unless_overridden(
    client: httpx.Client,
) -> None:
    [(entry, point)] = LAUNCH_POINTS.items()
    by_entry = queue(client, serviceName=None, priority=None, taskLaunchPointId=entry)
    overridden = queue(client, serviceName=None, priority=42, taskLaunchPointId=entry)
    plain = queue(client, priority=None)

    assert query(client, by_entry)["serviceName"] == point.service
    assert query(client, by_entry)["priority"] == point.priority
    assert query(client, overridden)["priority"] == 42
    assert query(client, plain)["priority"] == 1, "the documented default"
