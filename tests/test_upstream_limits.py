"""The upstream client ends each request by its deadline, slow bodies included, refuses
bodies over the size cap while they stream in, cuts upstream words to 300 characters,
and calls a success that is not the documented data a bad response: against the real
simulator over HTTP, its faults injected through its control API."""

from __future__ import annotations

import json
import time
import tracemalloc
from collections.abc import Callable, Iterator
from typing import Any

import httpx
import pytest

from bpcc.admin_api import AdminClient
from bpcc.client import (
    MOST_JSON_BYTES,
    BadResponse,
    BpccClient,
    Token,
    Unreachable,
    UpstreamError,
    cut,
)

DATA = "/statsapi/subscription/data"
# A user of its own, so that its subscription never replaces the poller tests' one.
USER = ("wallboard-viewer", "viewer-secret")
SUBSCRIPTION = {"wallboard": {"stats_totals": ["agents_ready", "agents_logged"]}}

Fault = Callable[[dict[str, Any]], None]


@pytest.fixture
def fault(simulator_url: str) -> Iterator[Fault]:
    """Inject a fault into the simulator; every fault is cleared after the test."""

    def inject(spec: dict[str, Any]) -> None:
        httpx.post(f"{simulator_url}/_sim/faults", json=spec).raise_for_status()

    yield inject
    httpx.delete(f"{simulator_url}/_sim/faults")


@pytest.fixture(scope="module")
def token(simulator_url: str) -> Token:
    """A token of USER, whose subscription has data ready."""
    with BpccClient(simulator_url, timeout=5) as client:
        token = client.get_token(*USER)
        client.create_subscription(token, SUBSCRIPTION)
        for _ in range(100):
            if client.get_subscription_data(token, SUBSCRIPTION) is not None:
                return token
            time.sleep(0.1)  # the simulator holds data back for a second of its time
    raise AssertionError("the subscription never had data")


def fetch(url: str, token: Token, **limits: Any) -> Any:
    """Return the subscription data, read by a client with `limits`."""
    with BpccClient(url, **{"timeout": 5, **limits}) as client:
        return client.get_subscription_data(token, SUBSCRIPTION)


def test_documented_data_is_returned(simulator_url: str, token: Token) -> None:
    data = fetch(simulator_url, token)

    assert set(data["wallboard"]["stats_totals"]) == {"agents_ready", "agents_logged"}


def test_a_body_dripping_past_the_deadline_ends_at_the_deadline(
    simulator_url: str, token: Token, fault: Fault
) -> None:
    # A byte every 0.9 s: each read alone is well within the 5 s timeout, so only a
    # read cut to what is left of the deadline ends the request at 1 s (not at 1.8 s).
    fault({"path": DATA, "body": json.dumps(SUBSCRIPTION)[:10], "drip": 9})

    started = time.monotonic()
    with pytest.raises(Unreachable, match="out of time"):
        fetch(simulator_url, token, deadline=started + 1)

    assert time.monotonic() - started < 1.4


def test_a_request_without_a_poll_deadline_ends_after_its_timeout(
    simulator_url: str, token: Token, fault: Fault
) -> None:
    fault({"path": DATA, "drip": 30})

    started = time.monotonic()
    with pytest.raises(Unreachable, match="out of time"):
        fetch(simulator_url, token, timeout=1)

    assert time.monotonic() - started < 1.4


def test_the_console_client_honours_the_polls_deadline(simulator_url: str, fault: Fault) -> None:
    fault({"path": "/configapi/v3/campaign", "drip": 30})
    client_id, secret = "wallboard-demo", "demo-secret"

    started = time.monotonic()
    with (
        AdminClient(
            simulator_url,
            timeout=5,
            deadline=started + 1,
            client_id=client_id,
            client_secret=secret,
        ) as api,
        pytest.raises(Unreachable, match="out of time"),
    ):
        api.get_campaigns()

    assert time.monotonic() - started < 1.4


def test_a_body_over_the_cap_is_refused_while_it_streams(
    simulator_url: str, token: Token, fault: Fault
) -> None:
    fault({"path": DATA, "size": 50_000_000})

    tracemalloc.start()
    try:
        with pytest.raises(BadResponse) as refused:
            fetch(simulator_url, token, max_bytes=1_000_000)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()

    assert str(refused.value) == "200: the tenant's answer is over the limit of 1,000,000 bytes"
    assert peak < 3_000_000, "never more than the cap and a chunk or two in memory"


def test_an_error_body_over_the_cap_keeps_its_status(
    simulator_url: str, token: Token, fault: Fault
) -> None:
    fault({"path": DATA, "status": 503, "size": 2_000_000})

    with pytest.raises(UpstreamError) as refused:
        fetch(simulator_url, token, max_bytes=1_000_000)

    assert refused.value.status == 503
    assert refused.value.message == "an error body over the limit of 1,000,000 bytes"


def test_a_huge_error_message_is_cut_to_300_characters(
    simulator_url: str, token: Token, fault: Fault
) -> None:
    fault({"path": DATA, "status": 503, "message": "m" * 2_000_000})

    with pytest.raises(UpstreamError) as failed:
        fetch(simulator_url, token)

    assert failed.value.status == 503
    assert failed.value.message.startswith("mmm") and len(failed.value.message) == 300
    assert len(str(failed.value)) == 300


@pytest.mark.parametrize(
    ("body", "reason"),
    [
        ("<html><body>Down for maintenance</body></html>", "the tenant's answer is HTML"),
        ('{"wallboard": {"stats_totals": ', "the tenant's answer is not JSON"),
        (
            json.dumps({"wallboard": {"stats_totals": {"agents_ready": 3}}}),
            "wallboard.stats_totals.agents_ready is a number, not text",
        ),
        (
            json.dumps({"error_code": 500, "error_message": "Internal error"}),
            "the tenant's answer is an error: Internal error",
        ),
    ],
)
def test_a_200_that_is_not_the_documented_data_is_a_bad_response(
    simulator_url: str, token: Token, fault: Fault, body: str, reason: str
) -> None:
    fault({"path": DATA, "body": body})

    with pytest.raises(BadResponse) as refused:
        fetch(simulator_url, token)

    assert refused.value.status == 200
    assert reason in refused.value.message


def test_upstream_words_are_cut_to_300_characters() -> None:
    assert cut("maintenance") == "maintenance"
    assert cut("m" * 2_000_000) == "m" * 299 + "…"


def test_words_json_would_escape_are_cut_to_1200_bytes_of_json() -> None:
    cyrillic = cut("обслуживание " * 100_000)

    assert cyrillic.endswith("…") and len(cyrillic) < 300
    assert len(json.dumps(cyrillic)) <= MOST_JSON_BYTES
    assert len(json.dumps(cut("🚧" * 1000))) <= MOST_JSON_BYTES
