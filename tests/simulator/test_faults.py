"""The control API's fault injection: each fault does what it says, and only that."""

from __future__ import annotations

import json
import time
from collections.abc import Iterator
from typing import Any

import httpx
import pytest

from tests.simulator.conftest import Sim
from tests.support import wait_until

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


@pytest.mark.parametrize(
    ("status", "message", "code"),
    [
        (400, "Disposition not found: no disposition 'Gone'", 7),
        (400, "Missing parameter(s) caseInfo.category", 4),
        (400, "refused", 4),
        (403, "Feature not enabled", 14),
        (404, "gone", 8),
        (502, "No servers available", 11),
        (503, "maintenance", 13),
    ],
)
def test_a_status_fault_on_task_routing_answers_a_documented_code(
    sim: Sim, client: httpx.Client, status: int, message: str, code: int
) -> None:
    """Seed 000 gives every failure a code of its "Error Codes" table: the one of the
    fault's status whose text starts its message, else the status's first."""
    path = "/taskroutingapi/v1/task"
    sim.control("POST", "faults", {"path": path, "status": status, "message": message})

    response = client.get(f"{path}/any/")

    assert response.status_code == status
    assert response.json() == {"errorCode": code, "errorMessage": message}


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
    ("spec", "reason"),
    [
        ({"path": DATA, "colour": "red"}, "unknown field(s): colour"),
        ({"status": "often"}, "status is an HTTP status"),
        (["not", "an", "object"], "must be a JSON object"),
        ({"drip": -1}, "drip is seconds"),
        ({"drip": "slowly"}, "drip is seconds"),
        ({"size": 1.5}, "size is bytes"),
        ({"body": 5}, "body is text"),
        ({"body": "{}", "size": 10}, "body and size exclude each other"),
        ({"drop": True, "drip": 3}, "drop sends no body"),
        ({"status": 204, "body": "{}"}, "a 204 has no body"),
    ],
)
def test_a_bad_fault_is_refused_with_the_reason(sim: Sim, spec: object, reason: str) -> None:
    response = httpx.post(f"{sim.url}/_sim/faults", json=spec)

    assert response.status_code == 400
    assert reason in response.json()["error"]


def test_a_body_fault_answers_html_with_200(sim: Sim, client: httpx.Client) -> None:
    sim.control("POST", "faults", {"path": DATA, "body": "<html><p>Down</p></html>"})

    response = client.get(DATA)

    assert (response.status_code, response.text) == (200, "<html><p>Down</p></html>")
    assert response.headers["content-type"].startswith("text/html")


def test_a_body_fault_sends_broken_json_as_json_with_its_status(
    sim: Sim, client: httpx.Client
) -> None:
    sim.control("POST", "faults", {"path": DATA, "body": '{"app": ', "status": 202})

    response = client.get(DATA)

    assert (response.status_code, response.text) == (202, '{"app": ')
    assert response.headers["content-type"] == "application/json"


def test_a_size_fault_streams_that_much_padding_without_a_length(
    sim: Sim, client: httpx.Client
) -> None:
    sim.control("POST", "faults", {"path": DATA, "size": 3_000_000})

    with client.stream("GET", DATA) as response:
        chunks = list(response.iter_raw())

    assert response.status_code == 200
    assert "content-length" not in response.headers
    assert len(chunks) > 1, "streamed in pieces"
    assert len(json.loads(b"".join(chunks))["padding"]) == 3_000_000


def test_a_huge_error_message_is_sent_whole(sim: Sim, client: httpx.Client) -> None:
    message = "m" * 2_000_000
    sim.control("POST", "faults", {"path": DATA, "status": 503, "message": message})

    response = client.get(DATA)

    assert (response.status_code, response.json()["error_message"]) == (503, message)


def test_a_drip_spreads_the_real_body_over_its_seconds(sim: Sim, client: httpx.Client) -> None:
    sim.control("POST", "faults", {"path": DATA, "drip": 1.0})
    arrivals = []

    started = time.monotonic()
    with client.stream("GET", DATA) as response:
        for chunk in response.iter_raw():
            arrivals.append((time.monotonic() - started, chunk))

    assert response.status_code == 200
    assert len(arrivals) >= 5, "the body came in pieces"
    assert arrivals[-1][0] >= 0.9
    body = json.loads(b"".join(chunk for _, chunk in arrivals))
    assert set(body["app"]["stats_totals"]) == {"agents_ready", "in_calls_received_per_day"}


def test_a_drip_of_a_given_body_waits_between_its_pieces(sim: Sim, client: httpx.Client) -> None:
    sim.control("POST", "faults", {"path": DATA, "body": "<html>", "drip": 1.2})

    started = time.monotonic()
    with client.stream("GET", DATA) as response:
        first = next(response.iter_raw())
        waited = time.monotonic() - started

    assert first == b"<"
    assert 0.15 <= waited < 1.0, "six bytes over 1.2 s: a byte every 0.2 s"


def test_a_drip_stops_when_the_client_goes(sim: Sim, client: httpx.Client) -> None:
    sim.control("POST", "faults", {"path": DATA, "drip": 60})
    sim.control("POST", "reset-counters")

    with pytest.raises(httpx.ReadTimeout), client.stream("GET", DATA, timeout=0.5) as response:
        response.read()

    def finished() -> list[dict[str, Any]]:
        log: list[dict[str, Any]] = sim.control("GET", "requests")["requests"]
        return [r for r in log if "finished" in r]

    [request] = wait_until(finished, timeout=5, what="the dripping request to end")
    assert request["finished"] - request["started"] < 2, "it stopped when the client went"
