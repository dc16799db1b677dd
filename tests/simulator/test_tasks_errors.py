"""Every error code of the Task Routing seed (000, "Error Codes"), provoked, with its status."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import httpx
import pytest

from tests.simulator.conftest import VIEWER, Sim
from tests.simulator.taskapi import (
    SERVICE,
    TASKS,
    advance_until,
    cancel_service,
    query,
    queue,
    task_body,
)


def error(response: httpx.Response, status: int, code: int) -> str:
    """Assert the Task Routing error body, status and code; return its message."""
    assert response.status_code == status, response.text
    body = response.json()
    assert set(body) == {"errorCode", "errorMessage"}
    assert body["errorCode"] == code
    message: str = body["errorMessage"]
    assert message
    return message


@pytest.fixture
def client(sim: Sim) -> Iterator[httpx.Client]:
    """A client with a token of its own, so expiring tokens spoils no other test."""
    with sim.client() as client:
        yield client


@pytest.fixture(autouse=True)
def switches_off(sim: Sim) -> Iterator[None]:
    yield
    sim.control("DELETE", "tasks/fail")
    sim.control("POST", "tasks/limit", {"per_minute": None})


# --- 1 to 3: who is asking -------------------------------------------------------------


@pytest.mark.parametrize("headers", [{}, {"Authorization": "Bearer NO-SUCH-TOKEN"}])
def test_a_missing_or_unknown_token_is_error_1(sim: Sim, headers: dict[str, str]) -> None:
    response = httpx.post(f"{sim.url}{TASKS}", json=task_body(), headers=headers)
    assert error(response, 401, 1) == "Authentication failed"


def test_an_expired_token_is_error_2(sim: Sim, client: httpx.Client) -> None:
    sim.control("POST", "tokens/expire")
    assert error(client.post(TASKS, json=task_body()), 401, 2) == "Access token expired"


def test_a_user_without_the_task_routing_privilege_gets_error_3(sim: Sim) -> None:
    with sim.client(VIEWER) as viewer:
        response = viewer.post(TASKS, json=task_body())
    assert error(response, 403, 3) == "Privilege not granted"


# --- 4 to 7: what is asked -------------------------------------------------------------


@pytest.mark.parametrize(
    ("body", "names"),
    [
        ({}, "serviceName, taskInfo, caseInfo, contactInfo"),
        (
            task_body(serviceName=None, taskInfo={}, caseInfo={"x": 1}, contactInfo={}),
            "serviceName, taskInfo.subject, caseInfo.category, contactInfo.firstName",
        ),
        (task_body(priority=0), "priority"),
        (task_body(priority=100.5), "priority"),
        (task_body(order="random"), "order"),
        (task_body(screenpopData=[{"type": "web"}]), "screenpopData[0].url"),
    ],
)
def test_a_queue_task_lacking_parameters_is_error_4_naming_them(
    client: httpx.Client, body: dict[str, Any], names: str
) -> None:
    message = error(client.post(TASKS, json=body), 400, 4)
    assert message.startswith(f"Missing parameter(s) {names}")


def test_an_update_with_nothing_to_change_is_error_4(client: httpx.Client) -> None:
    task_id = queue(client)
    response = client.patch(f"{TASKS}/{task_id}", json={})
    assert "serviceName" in error(response, 400, 4)


def test_cancelling_service_tasks_without_a_service_is_error_4(client: httpx.Client) -> None:
    assert "serviceName" in error(cancel_service(client, serviceName=None), 400, 4)


def test_queueing_an_external_task_id_again_is_error_5(client: httpx.Client) -> None:
    queue(client, extTaskId="twice")
    response = client.post(TASKS, json=task_body(extTaskId="twice"))
    assert "twice" in error(response, 400, 5)


@pytest.mark.parametrize("service", ["Voice Inbound", "No Such Service"])
def test_a_service_missing_or_not_of_task_type_is_error_6(
    client: httpx.Client, service: str
) -> None:
    error(client.post(TASKS, json=task_body(serviceName=service)), 400, 6)
    task_id = queue(client)
    error(client.patch(f"{TASKS}/{task_id}", json={"serviceName": service}), 400, 6)
    error(cancel_service(client, serviceName=service), 400, 6)
    assert query(client, task_id)["serviceName"] == SERVICE


def test_an_unknown_launch_point_is_error_6(client: httpx.Client) -> None:
    body = task_body(serviceName=None, taskLaunchPointId="no-such-entry")
    assert "no-such-entry" in error(client.post(TASKS, json=body), 400, 6)


def test_an_unknown_disposition_is_error_7(client: httpx.Client) -> None:
    task_id = queue(client)
    response = client.request("DELETE", f"{TASKS}/{task_id}", json={"dispositionName": "Beamed up"})
    error(response, 400, 7)
    error(cancel_service(client, dispositionName="Beamed up"), 400, 7)
    assert query(client, task_id)["taskStatus"] == "QUEUED"


# --- 8 to 10: which task ----------------------------------------------------------------


@pytest.mark.parametrize("method", ["GET", "PATCH", "DELETE"])
def test_an_unknown_task_is_error_8(client: httpx.Client, method: str) -> None:
    body = {"priority": 5} if method == "PATCH" else None
    response = client.request(method, f"{TASKS}/no-such-task", json=body)
    error(response, 404, 8)


def test_an_internal_id_asked_as_external_is_error_8(client: httpx.Client) -> None:
    task_id = queue(client)
    error(client.get(f"{TASKS}/{task_id}", params={"external": "true"}), 404, 8)


def test_a_cancelled_task_is_not_in_queue_error_9(client: httpx.Client) -> None:
    task_id = queue(client)
    assert client.request("DELETE", f"{TASKS}/{task_id}").status_code == 204

    error(client.request("DELETE", f"{TASKS}/{task_id}"), 400, 9)
    error(client.patch(f"{TASKS}/{task_id}", json={"priority": 50}), 400, 9)


def test_cancelling_a_task_an_agent_has_is_error_10(client: httpx.Client) -> None:
    task_id = queue(client, priority=100)
    advance_until(
        client,
        lambda: query(client, task_id)["taskStatus"] != "QUEUED",
        step=5,
        limit=3600,
        what="an agent to take the task",
    )

    error(client.request("DELETE", f"{TASKS}/{task_id}"), 400, 10)


# --- 11 to 14: the tenant's side, switched on through the control API --------------------


@pytest.mark.parametrize(("code", "status"), [(11, 502), (12, 429), (13, 500), (14, 403)])
def test_a_switched_on_failure_answers_its_code_then_clears(
    sim: Sim, client: httpx.Client, code: int, status: int
) -> None:
    task_id = queue(client)
    sim.control("POST", "tasks/fail", {"code": code, "times": 2})

    error(client.get(f"{TASKS}/{task_id}"), status, code)
    error(client.post(TASKS, json=task_body()), status, code)
    assert query(client, task_id)["taskStatus"] == "QUEUED"


def test_a_failure_switched_on_without_times_lasts_until_cleared(
    sim: Sim, client: httpx.Client
) -> None:
    sim.control("POST", "tasks/fail", {"code": 14})
    for _ in range(3):
        error(client.post(TASKS, json=task_body()), 403, 14)

    sim.control("DELETE", "tasks/fail")
    queue(client)


def test_more_calls_in_a_minute_than_the_api_limit_is_error_12(
    sim: Sim, client: httpx.Client
) -> None:
    sim.advance(60 - sim.control("GET", "state")["now"] % 60)  # a fresh simulated minute
    sim.control("POST", "tasks/limit", {"per_minute": 3})
    task_id = queue(client)
    query(client, task_id)
    query(client, task_id)

    assert error(client.get(f"{TASKS}/{task_id}"), 429, 12).startswith("API limit exceeded")
    sim.advance(60)
    query(client, task_id)
