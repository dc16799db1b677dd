"""The control API's fault injection: each fault does what it says, and only that."""

from __future__ import annotations

from collections.abc import Iterator

import httpx
import pytest

from tests.simulator.conftest import Sim

DATA = "/statsapi/subscription/data"
SUBSCRIPTION = {"app": {"stats_totals": ["agents_ready", "in_calls_received_per_day"]}}


@pytest.fixture
def client(sim: Sim) -> Iterator[httpx.Client]:
    """A client holding a subscription whose data is ready; faults cleared after."""
    with sim.client() as client:
        client.post("/statsapi/subscription", json=SUBSCRIPTION).raise_for_status()
        sim.advance(2)
        yield client
    sim.control("DELETE", "faults")
    sim.control("POST", "freeze", {"frozen": False})


def test_a_status_fault_answers_in_the_apis_own_words(sim: Sim, client: httpx.Client) -> None:
    sim.control("POST", "faults", {"path": DATA, "status": 503, "message": "maintenance"})

    response = client.get(DATA)

    assert response.status_code == 503
    assert response.json() == {"error_code": 503, "error_message": "maintenance"}


def test_a_204_fault_sends_no_content(sim: Sim, client: httpx.Client) -> None:
    sim.control("POST", "faults", {"path": DATA, "status": 204})

    response = client.get(DATA)

    assert (response.status_code, response.content) == (204, b"")


def test_a_fault_applies_only_to_its_path_and_method(sim: Sim, client: httpx.Client) -> None:
    sim.control("POST", "faults", {"path": DATA, "method": "POST", "status": 500})
    sim.control("POST", "faults", {"path": "/statsapi/cfg", "status": 502})

    assert client.get(DATA).status_code == 200
    assert client.get("/statsapi/cfg/teams").status_code == 502


def test_a_fault_with_times_wears_off(sim: Sim, client: httpx.Client) -> None:
    sim.control("POST", "faults", {"path": DATA, "status": 500, "times": 2})

    statuses = [client.get(DATA).status_code for _ in range(3)]

    assert statuses == [500, 500, 200]
    assert sim.control("GET", "faults")["faults"] == []


def test_a_fault_with_rate_zero_never_fires(sim: Sim, client: httpx.Client) -> None:
    sim.control("POST", "faults", {"path": DATA, "status": 500, "rate": 0})

    assert {client.get(DATA).status_code for _ in range(5)} == {200}


def test_latency_longer_than_the_timeout_is_a_timeout(sim: Sim, client: httpx.Client) -> None:
    sim.control("POST", "faults", {"path": DATA, "latency": 2})

    with pytest.raises(httpx.ReadTimeout):
        client.get(DATA, timeout=0.5)


def test_a_dropped_connection_ends_mid_response(sim: Sim, client: httpx.Client) -> None:
    sim.control("POST", "faults", {"path": DATA, "drop": True, "times": 1})

    with pytest.raises(httpx.RemoteProtocolError):
        client.get(DATA)
    assert client.get(DATA).status_code == 200


def test_revoked_tokens_get_401(sim: Sim, client: httpx.Client) -> None:
    assert sim.control("POST", "tokens/revoke")["revoked"] >= 1

    assert client.get(DATA).status_code == 401


def test_frozen_data_stops_moving_and_thaws(sim: Sim, client: httpx.Client) -> None:
    sim.control("POST", "freeze", {"frozen": True})
    before = client.get(DATA).json()
    sim.advance(600)
    assert client.get(DATA).json() == before

    sim.control("POST", "freeze", {"frozen": False})
    sim.advance(600)

    assert client.get(DATA).json() != before


def test_a_stats_server_restart_loses_the_subscription(sim: Sim, client: httpx.Client) -> None:
    sim.control("POST", "restart-stats")

    assert client.get(DATA).status_code == 404


def test_counters_and_the_log_see_api_requests_only(sim: Sim, client: httpx.Client) -> None:
    sim.control("POST", "reset-counters")

    client.get(DATA)
    client.get(DATA)
    sim.control("GET", "state")

    assert sim.control("GET", "counters")["counts"] == {f"GET {DATA}": 2}
    log = sim.control("GET", "requests")["requests"]
    assert [(r["method"], r["path"], r["status"]) for r in log] == [("GET", DATA, 200)] * 2
    assert all(r["finished"] >= r["started"] for r in log)


@pytest.mark.parametrize(
    "spec", [{"path": DATA, "colour": "red"}, {"status": "often"}, ["not", "an", "object"]]
)
def test_a_bad_fault_is_refused_with_the_reason(sim: Sim, spec: object) -> None:
    response = httpx.post(f"{sim.url}/_sim/faults", json=spec)

    assert response.status_code == 400
    assert response.json()["error"]
