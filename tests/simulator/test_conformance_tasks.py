"""Conformance: every example of the Task Routing seed (000), and the OneCloud CX (001)
"Users" methods Get Teams and Get User Data, answered with the documented status and keys."""

from __future__ import annotations

import itertools
import json
from collections.abc import Callable
from typing import Any

import httpx
import pytest

from simulator import roster
from tests.simulator.conformance import SEEDS, Example, differences, examples, shape
from tests.simulator.conftest import DEMO, Sim
from tests.simulator.taskapi import SERVICE

USERS_001 = {"Get Teams", "Get User Data"}
# The seed's service names are placeholders for a tenant's own task service.
SEED_SERVICES = {"Task Service", "TaskService", "New service", "Example service"}

# Where seed 000's examples contradict themselves, the method's own description wins:
STATUS_ERRATA = {
    # The example has no status code at all (None); a queued task answers 200 with its
    # three ids, the success of the seed's "Error Codes" table (code 0, 200 OK).
    "Queue Task": 200,
    # The example says 204 No Content yet carries the count and taskIds the method's
    # description documents as its response; a 204 cannot have a body, so 200.
    "Cancel Service Tasks": 200,
}
# Seed 001's user "skills" is a map of skill name to level (its attribute table:
# "an array of skills with levels (e.g., "Support": 75)"): its keys are data, the
# tenant's skill names, not structure, so both sides are compared with one placeholder.
MAP_KEYS = {"Get User Data": "skills"}

_unique = itertools.count(1)
Case = Callable[[Sim, httpx.Client, Example], httpx.Response]


def seed_body(seed: str, request: str) -> Any:
    """Return the JSON body of the original request of a seed example, placeholders filled."""
    [path] = SEEDS.glob(f"{seed}_*.txt")
    items = json.loads(path.read_text())["item"]
    found = [
        response["originalRequest"]
        for folder in items
        for item in folder.get("item", [])
        if item["name"] == request
        for response in item["response"]
    ]
    raw = found[0].get("body", {}).get("raw", "")
    body = json.loads(raw) if raw.strip() else {}
    if body.get("serviceName") in SEED_SERVICES:
        body["serviceName"] = SERVICE
    return body


def url(example: Example, **variables: str) -> str:
    """Return the example's path and query with its `:variables` filled in."""
    path = example.path
    for name, value in variables.items():
        path = path.replace(f":{name}", value)
    query = example.url.partition("?")[2]
    return f"{path}?{query}" if query else path


def token(sim: Sim, client: httpx.Client, example: Example) -> httpx.Response:
    form = {"client_id": DEMO[0], "client_secret": DEMO[1], "scope": "127.0.0.1"}
    return httpx.post(
        f"{sim.url}/configapi/v2/oauth/token", data={**form, "grant_type": "client_credentials"}
    )


def queue_task(sim: Sim, client: httpx.Client, example: Example | None = None) -> httpx.Response:
    """Queue the seed's own example task, with external ids no earlier case used."""
    body = seed_body("000", "Queue Task")
    n = next(_unique)
    for key in ("extTaskId", "extCaseId", "extContactId"):
        body[key] = f"{body[key]}-{n}"
    return client.post("/taskroutingapi/v1/task", json=body)


def queued(sim: Sim, client: httpx.Client) -> str:
    response = queue_task(sim, client)
    assert response.status_code == 200, response.text
    task_id: str = response.json()["taskId"]
    return task_id


def cancel_task(sim: Sim, client: httpx.Client, example: Example) -> httpx.Response:
    target = url(example, taskid=queued(sim, client))
    return client.request("DELETE", target, json=seed_body("000", example.request))


def cancel_service_tasks(sim: Sim, client: httpx.Client, example: Example) -> httpx.Response:
    queued(sim, client)
    queued(sim, client)
    return client.request("DELETE", url(example), json=seed_body("000", example.request))


def update_task(sim: Sim, client: httpx.Client, example: Example) -> httpx.Response:
    target = url(example, taskid=queued(sim, client))
    return client.patch(target, json=seed_body("000", example.request))


def query_task(sim: Sim, client: httpx.Client, example: Example) -> httpx.Response:
    return client.get(url(example, taskid=queued(sim, client)))


def user_data(sim: Sim, client: httpx.Client, example: Example) -> httpx.Response:
    return client.get(url(example, username=roster.agents()[0].login_id))


CASES: dict[str, Case] = {
    "Get access token": token,
    "Queue Task": queue_task,
    "Cancel Task": cancel_task,
    "Cancel Service Tasks": cancel_service_tasks,
    "Update Task": update_task,
    "Query Task": query_task,
    "Get Teams": lambda sim, client, example: client.get(url(example)),
    "Get User Data": user_data,
}

ALL = examples("000") + [
    e for e in examples("001") if e.folder == "Users" and e.request in USERS_001
]


def test_every_example_has_a_case() -> None:
    assert {e.request for e in ALL} == set(CASES)
    assert len(ALL) == 8, "6 examples in seed 000 and 2 in seed 001's Users"


def comparable(request: str, body: Any) -> Any:
    """Return the body with a map's data keys replaced by one placeholder key."""
    key = MAP_KEYS.get(request)
    if key and isinstance(body, dict) and isinstance(body.get(key), dict):
        return {**body, key: {"<name>": 0} if body[key] else {}}
    return body


@pytest.mark.parametrize("example", ALL, ids=lambda e: f"{e.request}/{e.name}")
def test_the_simulator_answers_like_the_example(sim: Sim, example: Example) -> None:
    with sim.client() as client:
        response = CASES[example.request](sim, client, example)

    assert response.status_code == STATUS_ERRATA.get(example.request, example.status), response.text
    actual = response.json() if response.content else None
    expected = comparable(example.request, example.body)
    assert differences(shape(expected), shape(comparable(example.request, actual))) == []
