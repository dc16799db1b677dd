"""The list-management API repeats itself: the same seed and the same requests give the
same bodies, byte for byte, through demo data, changes, jobs and the dialer."""

from __future__ import annotations

import httpx
import pytest

from tests.simulator.conftest import DEMO, Sim, seeded_runs
from tests.simulator.listapi import RENEWALS, V3, lead


def script(sim: Sim) -> list[bytes]:
    """Run a fixed sequence of list requests over simulated time; return every body."""
    token = httpx.post(
        f"{sim.url}{V3}/oauth/token",
        data={"client_id": DEMO[0], "client_secret": DEMO[1], "grant_type": "client_credentials"},
    )
    bodies = [token.content]
    headers = {"Authorization": f"Bearer {token.json()['access_token']}"}
    with httpx.Client(base_url=sim.url, headers=headers) as client:

        def send(method: str, path: str, body: object = None) -> httpx.Response:
            response = client.request(method, path, json=body)
            bodies.append(response.content)
            return response

        campaigns = send("GET", f"{V3}/campaign/getAll").json()
        renewals = next(c["id"] for c in campaigns if c["name"] == RENEWALS)
        detail = send("GET", f"{V3}/campaign/getCampaign/{renewals}").json()
        instance = detail["lists"][0]["instanceId"]
        lists = send("POST", f"{V3}/callinglist/getAll", {"limit": 100}).json()["records"]
        web = next(x for x in lists if x["name"] == "Web Leads.csv")
        send("GET", f"{V3}/callinglist/getList/{web['id']}")
        results = {"instanceId": instance, "limit": 1000, "extractAttempts": True}
        send("POST", f"{V3}/campaign/getAllRecords/{renewals}", results)
        made = send(
            "POST", f"{V3}/callinglist/createList", {"name": "D.csv", "formatId": web["formatId"]}
        )
        list_id = made.json()["id"]
        send("POST", f"{V3}/callinglist/addAll/{list_id}", [lead(n) for n in range(1, 41)])
        send("POST", f"{V3}/campaign/bindList/{renewals}", {"listId": list_id, "enabled": True})
        sim.advance(1800)
        send("POST", f"{V3}/campaign/getUpdatedRecords/{renewals}", results)
        send("POST", f"{V3}/campaign/getCompletedRecords/{renewals}", results)
        job = send("POST", f"{V3}/callinglist/deleteAll/{list_id}").json()["job"]
        send("GET", f"{V3}/job/{job}")
        sim.advance(1)
        send("GET", f"{V3}/job/{job}")
        dnc = detail["dncLists"][0]["id"]
        send("POST", f"{V3}/donotcalllist/addAll/{dnc}", [{"key": "1"}, {"key": "8888888"}])
    return bodies


@pytest.fixture(scope="module")
def runs(
    tmp_path_factory: pytest.TempPathFactory, base_env: dict[str, str]
) -> dict[str, list[bytes]]:
    return seeded_runs(tmp_path_factory, base_env, script, seed=23)


def test_same_seed_same_requests_same_list_bodies(runs: dict[str, list[bytes]]) -> None:
    assert len(runs["first"]) == 15
    assert runs["first"] == runs["again"]


def test_another_seed_gives_other_records_and_results(runs: dict[str, list[bytes]]) -> None:
    records_page, updated_page = 5, 9
    for index in (records_page, updated_page):
        assert runs["first"][index] != runs["other"][index]
