"""Every error status the Real-Time Statistics seed documents, provoked, in its words."""

from __future__ import annotations

from typing import Any

import httpx
import pytest

from tests.simulator.conftest import DEMO, NO_STATS, NO_TEAM, VIEWER, Sim

SUBSCRIPTION = {"app": {"stats_totals": ["agents_ready"]}}


def error(response: httpx.Response, status: int) -> str:
    """Assert the statsapi error body and status; return its message."""
    assert response.status_code == status, response.text
    body = response.json()
    assert body["error_code"] == status
    message: str = body["error_message"]
    assert message
    return message


@pytest.fixture(autouse=True)
def clean(sim: Sim) -> None:
    sim.control("POST", "restart-stats")
    sim.control("POST", "config", {"subscription_limit": 5})


@pytest.mark.parametrize(
    ("body", "says"),
    [
        ({}, "one or more app ids"),
        ([], "one or more app ids"),
        ({"app": []}, "must be an object"),
        ({"app": {"stats_totals": ["no_such_stat"]}}, "unknown statistic 'no_such_stat'"),
        ({"app": {"stats_total": ["agents_ready"]}}, "unknown field(s) stats_total"),
        ({"app": {"service_grids": [{"id": "g", "columns": []}]}}, "non-empty list"),
        (
            {"app": {"agent_grids": [{"id": "g", "columns": [{"id": "1", "stat_name": "name"}]}]}},
            "unknown statistic 'name'",
        ),
        (
            {
                "app": {
                    "service_grids": [
                        {
                            "id": "g",
                            "columns": [{"id": "1", "stat_name": "name"}],
                            "order_by": "9",
                        }
                    ]
                }
            },
            "order_by '9' is not a column id",
        ),
        (
            {
                "app": {
                    "service_grids": [
                        {
                            "id": "g",
                            "columns": [{"id": "1", "stat_name": "name"}],
                            "filter_by": "1",
                            "filter_operation": "LIKE",
                        }
                    ]
                }
            },
            "filter_operation must be one of",
        ),
        (
            {
                "app": {
                    "service_grids": [
                        {"id": "g", "columns": [{"id": "1", "stat_name": "name"}], "limit": "x"}
                    ]
                }
            },
            "limit must be a whole number",
        ),
        (
            {"app": {"agent_grids": [{"id": "g", "columns": [{"id": "1", "stat_name": "SUM"}]}]}},
            "sum_stat_names",
        ),
        ({"app": {"chat_messages": {"limit": "-1"}}}, "must not be negative"),
    ],
)
def test_a_malformed_subscription_is_refused_with_400(sim: Sim, body: Any, says: str) -> None:
    with sim.client() as client:
        assert says in error(client.post("/statsapi/subscription", json=body), 400)


def test_a_body_that_is_not_json_is_refused_with_400(sim: Sim) -> None:
    with sim.client() as client:
        response = client.post("/statsapi/subscription", content=b"{not json")

    assert "not valid JSON" in error(response, 400)


@pytest.mark.parametrize(
    ("method", "path"),
    [
        ("POST", "/statsapi/subscription"),
        ("GET", "/statsapi/subscription/data"),
        ("DELETE", "/statsapi/subscription/active"),
        ("GET", "/statsapi/cfg/dispositions"),
        ("GET", "/statsapi/cfg/teams"),
    ],
)
def test_requests_without_a_token_get_401(sim: Sim, method: str, path: str) -> None:
    response = httpx.request(method, f"{sim.url}{path}", json=SUBSCRIPTION)

    assert "missing" in error(response, 401)


def test_an_unknown_token_gets_401(sim: Sim) -> None:
    response = httpx.get(
        f"{sim.url}/statsapi/cfg/teams", headers={"Authorization": "Bearer NOT-A-TOKEN"}
    )

    assert "does not exist" in error(response, 401)


def test_an_expired_token_gets_401_and_a_new_one_works(sim: Sim) -> None:
    with sim.client() as client:
        sim.control("POST", "tokens/expire")
        assert "expired" in error(client.get("/statsapi/cfg/teams"), 401)
    with sim.client() as client:
        assert client.get("/statsapi/cfg/teams").status_code == 200


def test_tokens_expire_after_their_lifetime(sim: Sim) -> None:
    sim.control("POST", "config", {"token_ttl": 0})
    try:
        with sim.client() as client:
            assert "expired" in error(client.get("/statsapi/cfg/teams"), 401)
    finally:
        sim.control("POST", "config", {"token_ttl": 3600})


def test_a_wrong_secret_gets_401_from_the_token_endpoint(sim: Sim) -> None:
    response = httpx.post(
        f"{sim.url}/configapi/v2/oauth/token",
        data={"client_id": DEMO[0], "client_secret": "wrong", "grant_type": "client_credentials"},
    )

    assert response.status_code == 401
    assert response.json()["error"] == "unauthorized"
    assert "wrong client ID or secret" in response.json()["error_description"]


def test_a_wrong_password_gets_401_from_authenticate(sim: Sim) -> None:
    body = {"tenant_url": "127.0.0.1", "username": DEMO[0], "password": "wrong"}

    assert "Invalid" in error(httpx.post(f"{sim.url}/statsapi/auth", json=body), 401)


def test_a_user_without_the_statistics_privileges_gets_403(sim: Sim) -> None:
    with sim.client(NO_STATS) as client:
        message = error(client.post("/statsapi/subscription", json=SUBSCRIPTION), 403)

    assert "Access Realtime Stats API" in message


def test_data_is_204_until_ready_then_200(sim: Sim) -> None:
    with sim.client() as client:
        client.post("/statsapi/subscription", json=SUBSCRIPTION).raise_for_status()
        assert client.get("/statsapi/subscription/data").status_code == 204
        sim.advance(1)
        response = client.get("/statsapi/subscription/data")

    assert response.status_code == 200
    assert response.json()["app"]["stats_totals"]["agents_ready"].isdigit()


def test_data_without_a_subscription_is_404(sim: Sim) -> None:
    with sim.client() as client:
        assert "no active subscription" in error(client.get("/statsapi/subscription/data"), 404)


def test_delete_clears_the_subscription(sim: Sim) -> None:
    with sim.client() as client:
        client.post("/statsapi/subscription", json=SUBSCRIPTION).raise_for_status()
        assert client.delete("/statsapi/subscription/active").status_code == 200

        assert client.get("/statsapi/subscription/data").status_code == 404
        assert client.delete("/statsapi/subscription/active").status_code == 404


def test_the_tenant_limit_of_subscriptions_gives_409(sim: Sim) -> None:
    sim.control("POST", "config", {"subscription_limit": 2})
    with sim.client(DEMO) as demo, sim.client(VIEWER) as viewer, sim.client(NO_TEAM) as other:
        demo.post("/statsapi/subscription", json=SUBSCRIPTION).raise_for_status()
        viewer.post("/statsapi/subscription", json=SUBSCRIPTION).raise_for_status()

        message = error(other.post("/statsapi/subscription", json=SUBSCRIPTION), 409)
        # A client that holds one may still replace it.
        replaced = demo.post("/statsapi/subscription", json=SUBSCRIPTION)

    assert "Limit of active subscriptions exceeded" in message
    assert replaced.status_code == 200


def test_one_subscription_per_client_the_new_one_replaces_the_old(sim: Sim) -> None:
    other = {"other": {"stats_totals": ["agents_logged"]}}
    with sim.client() as client:
        client.post("/statsapi/subscription", json=SUBSCRIPTION).raise_for_status()
        client.post("/statsapi/subscription", json=other).raise_for_status()
        sim.advance(2)

        assert list(client.get("/statsapi/subscription/data").json()) == ["other"]


def test_an_unknown_service_is_400_for_available_agents(sim: Sim) -> None:
    response = httpx.get(
        f"{sim.url}/statsapi/info/check_available_agents", params={"service": "Nope"}
    )

    assert "Unknown service 'Nope'" in error(response, 400)
