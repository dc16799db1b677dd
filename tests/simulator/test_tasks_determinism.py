"""The same seed and the same Task Routing requests give the same bodies, byte for byte."""

from __future__ import annotations

import httpx
import pytest

from tests.simulator.conftest import DEMO, Sim, seeded_runs

TASKS = "/taskroutingapi/v1/task"


def order(n: int, **extra: object) -> dict[str, object]:
    return {
        "extTaskId": f"order-{n}",
        "extCaseId": "case-1",
        "extContactId": "contact-1",
        "serviceName": "Order Tasks",
        "priority": n,
        "contactInfo": {"firstName": "Ada"},
        "caseInfo": {"category": "Orders"},
        "taskInfo": {"subject": f"Order {n}"},
        **extra,
    }


def script(url: str) -> list[bytes]:
    """Queue, change, cancel and follow tasks over simulated hours; return every body."""
    token = httpx.post(
        f"{url}/configapi/v2/oauth/token",
        data={"client_id": DEMO[0], "client_secret": DEMO[1], "grant_type": "client_credentials"},
    )
    headers = {"Authorization": f"Bearer {token.json()['access_token']}"}
    bodies = []
    with httpx.Client(base_url=url, headers=headers) as client:
        for n in range(1, 9):
            bodies.append(client.post(TASKS, json=order(n, order="lifo" if n == 4 else "fifo")))
        bodies.append(client.patch(f"{TASKS}/order-2?external=true", json={"priority": 99}))
        bodies.append(client.request("DELETE", f"{TASKS}/order-3?external=true"))
        for _ in range(6):
            client.post("/_sim/advance", json={"seconds": 600}).raise_for_status()
            bodies += [client.get(f"{TASKS}/order-{n}?external=true") for n in range(1, 9)]
        bodies += [client.post(TASKS, json=order(n)) for n in (9, 10)]
        bodies.append(client.request("DELETE", "/taskroutingapi/v1/service", json=order(0)))
        bodies.append(client.get("/_sim/tasks"))
    return [response.content for response in bodies]


@pytest.fixture(scope="module")
def runs(
    tmp_path_factory: pytest.TempPathFactory, base_env: dict[str, str]
) -> dict[str, list[bytes]]:
    return seeded_runs(tmp_path_factory, base_env, by_url, seed=21)


def test_same_seed_same_task_requests_same_bodies(runs: dict[str, list[bytes]]) -> None:
    assert runs["first"] == runs["again"]


def test_another_seed_gives_other_task_ids(runs: dict[str, list[bytes]]) -> None:
    assert runs["first"][0] != runs["other"][0], "the first Queue Task's ids"


def by_url(sim: Sim) -> list[bytes]:
    return script(sim.url)
