"""The same seed and the same requests give the same responses, byte for byte."""

from __future__ import annotations

import httpx
import pytest

from tests.simulator.conftest import DEMO, Sim, seeded_runs

EVERYTHING = {
    "wall": {
        "stats_totals": ["agents_logged", "in_calls_waiting", "service_level"],
        "service_grids": [
            {
                "id": "services",
                "columns": [
                    {"id": "1", "stat_name": "name"},
                    {"id": "2", "stat_name": "in_calls_received_per_day"},
                    {"id": "3", "stat_name": "in_average_speed_of_answer"},
                ],
            }
        ],
        "agent_grids": [
            {
                "id": "agents",
                "columns": [
                    {"id": "1", "stat_name": "login_id"},
                    {"id": "2", "stat_name": "acd_state"},
                    {"id": "3", "stat_name": "reason"},
                    {"id": "4", "stat_name": "state_duration"},
                    {"id": "5", "stat_name": "calls_dispositions_per_day"},
                ],
            }
        ],
        "chat_messages": {"limit": "10"},
    }
}


def script(sim: Sim) -> list[bytes]:
    """Run a fixed sequence of requests over two simulated hours; return every body."""
    bodies = []
    token = httpx.post(
        f"{sim.url}/configapi/v2/oauth/token",
        data={"client_id": DEMO[0], "client_secret": DEMO[1], "grant_type": "client_credentials"},
    )
    bodies.append(token.content)
    headers = {"Authorization": f"Bearer {token.json()['access_token']}"}
    with httpx.Client(base_url=sim.url, headers=headers) as client:
        bodies.append(client.get("/statsapi/cfg/teams").content)
        client.post("/statsapi/subscription", json=EVERYTHING).raise_for_status()
        for _ in range(8):
            sim.advance(900)
            bodies.append(client.get("/statsapi/subscription/data").content)
    return bodies


@pytest.fixture(scope="module")
def runs(
    tmp_path_factory: pytest.TempPathFactory, base_env: dict[str, str]
) -> dict[str, list[bytes]]:
    return seeded_runs(tmp_path_factory, base_env, script, seed=11)


def test_same_seed_same_requests_same_bodies(runs: dict[str, list[bytes]]) -> None:
    assert runs["first"] == runs["again"]


def test_another_seed_gives_another_centre(runs: dict[str, list[bytes]]) -> None:
    data = slice(2, None)
    assert all(a != b for a, b in zip(runs["first"][data], runs["other"][data], strict=True))
