"""Conformance: every example of the Real-Time Statistics seed (003), and the same
methods in the OneCloud CX seed (001), answered with the documented status and keys."""

from __future__ import annotations

from collections.abc import Callable

import httpx
import pytest

from tests.simulator.conformance import Example, differences, examples, shape
from tests.simulator.conftest import DEMO, Sim

STATS_FOLDERS = {"Authentication", "Methods", "Real-Time Statistics"}
# 001's "Authentication" folder holds only the token request; its other folders are
# covered by the lists, tasks and users suites.
CASES_001 = {"Get Access Token", *{e.request for e in examples("003")}}

# Where the seeds contradict themselves, the request's own definition wins:
# - "Delete Subscription": the example's original request lost the /statsapi prefix
#   (its URL is https://<tenant_URL>/subscription/active); the request itself, and
#   the readable rendering, say DELETE statsapi/subscription/active.

# The example data's own app, grid and column ids, so the keys must match exactly.
EXAMPLE_SUBSCRIPTION = {
    "example.subscription.string": {
        "stats_totals": ["agents_logged", "in_average_speed_of_answer", "agents_ready"],
        "service_grids": [
            {
                "id": "example.service.grid",
                "columns": [
                    {"id": "1", "stat_name": "name"},
                    {"id": "2", "stat_name": "agents_logged"},
                ],
            }
        ],
        "agent_grids": [
            {
                "id": "example.agent.grid",
                "columns": [
                    {"id": "1", "stat_name": "login_id"},
                    {"id": "2", "stat_name": "in_calls_handled_per_day"},
                ],
            }
        ],
        "chat_messages": {"filter": "", "limit": "5"},
    }
}

Case = Callable[[Sim, httpx.Client], httpx.Response]


def token(sim: Sim, client: httpx.Client) -> httpx.Response:
    form = {"client_id": DEMO[0], "client_secret": DEMO[1], "scope": "127.0.0.1"}
    return httpx.post(
        f"{sim.url}/configapi/v2/oauth/token", data={**form, "grant_type": "client_credentials"}
    )


def authenticate(sim: Sim, client: httpx.Client) -> httpx.Response:
    body = {"tenant_url": "127.0.0.1", "username": DEMO[0], "password": DEMO[1]}
    return httpx.post(f"{sim.url}/statsapi/auth", json=body)


def subscribe(sim: Sim, client: httpx.Client) -> httpx.Response:
    return client.post("/statsapi/subscription", json=EXAMPLE_SUBSCRIPTION)


def subscription_data(sim: Sim, client: httpx.Client) -> httpx.Response:
    subscribe(sim, client).raise_for_status()
    sim.advance(2)  # new subscription data is ready after a simulated second
    return client.get("/statsapi/subscription/data")


def unsubscribe(sim: Sim, client: httpx.Client) -> httpx.Response:
    subscribe(sim, client).raise_for_status()
    return client.delete("/statsapi/subscription/active")


CASES: dict[str, Case] = {
    "Get Access Token": token,
    "Authenticate": authenticate,
    "Create Subscription": subscribe,
    "Get Subscription Data": subscription_data,
    "Delete Subscription": unsubscribe,
    "Get Dispositions": lambda sim, client: client.get("/statsapi/cfg/dispositions"),
    "Get Available Agents": lambda sim, client: httpx.get(
        f"{sim.url}/statsapi/info/check_available_agents", params={"service": "Voice Inbound"}
    ),
    "Get Teams": lambda sim, client: client.get("/statsapi/cfg/teams"),
}

ALL = [e for e in examples("003") if e.folder in STATS_FOLDERS] + [
    e for e in examples("001") if e.folder in STATS_FOLDERS and e.request in CASES_001
]


def test_every_example_has_a_case() -> None:
    assert {e.request for e in ALL} == set(CASES)
    assert len(ALL) == 15, "8 examples in seed 003 and 7 in seed 001"


@pytest.mark.parametrize("example", ALL, ids=lambda e: f"{e.request}/{e.name}")
def test_the_simulator_answers_like_the_example(sim: Sim, example: Example) -> None:
    with sim.client() as client:
        response = CASES[example.request](sim, client)

    assert response.status_code == example.status, response.text
    actual = response.json() if response.content else None
    assert differences(shape(example.body), shape(actual)) == []
