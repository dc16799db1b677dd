"""Record deletion jobs (Delete Many / Delete All Records): asynchronous, progressing
with simulated time to completion, one at a time per list, by filter or all records."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from tests.simulator.conftest import Sim
from tests.simulator.listapi import SALES, V3, WINBACK, Lists, iso, lead, now


@pytest.fixture
def api(sim: Sim) -> Iterator[Lists]:
    with sim.client() as client:
        yield Lists(client)


def job(api: Lists, job_id: str) -> dict[str, Any]:
    status: dict[str, Any] = api.json("GET", f"{V3}/job/{job_id}")
    return status


def finish(sim: Sim, api: Lists, started: dict[str, Any]) -> dict[str, Any]:
    """Let the job's estimated time (and a second) pass; return its final status."""
    sim.advance(started["estimated_time"] + 1)
    return job(api, started["job"])


def total(api: Lists, list_id: str) -> int:
    count: int = api.json("GET", f"{V3}/callinglist/getList/{list_id}")["totalRecords"]
    return count


def test_a_job_progresses_with_simulated_time_and_completes_in_its_estimate(
    sim: Sim, api: Lists
) -> None:
    list_id, _ = api.scratch_list(100)
    started = api.json("POST", f"{V3}/callinglist/deleteAll/{list_id}")
    assert started["estimated_time"] > 2

    seen = [job(api, started["job"])]
    for _ in range(started["estimated_time"] - 1):
        sim.advance(1)
        seen.append(job(api, started["job"]))
    done = finish(sim, api, started)

    assert seen[0] == {"completion_percentage": 0, "job_complete": "processing"}
    percentages = [s["completion_percentage"] for s in seen]
    assert percentages == sorted(percentages) and 0 < percentages[-1] < 100
    assert all(s["job_complete"] == "processing" for s in seen)
    assert done == {"completion_percentage": 100, "job_complete": "complete", "deleted": 100}
    assert total(api, list_id) == 0


def test_a_second_job_on_a_list_waits_for_the_first(sim: Sim, api: Lists) -> None:
    list_id, _ = api.scratch_list(50)
    first = api.json("POST", f"{V3}/callinglist/deleteAll/{list_id}")

    refused = api.client.post(f"{V3}/callinglist/deleteAll/{list_id}")
    finish(sim, api, first)
    again = api.client.post(f"{V3}/callinglist/deleteAll/{list_id}")

    assert refused.status_code == 409
    assert "in progress" in refused.json()["error_description"]
    assert again.status_code == 200


def test_deleting_by_key_fields_removes_only_the_matching_records(sim: Sim, api: Lists) -> None:
    list_id, _ = api.scratch_list(10)

    started = api.json(
        "POST", f"{V3}/callinglist/delete/{list_id}", {"fields": {"ID": ["L2", "L5", "L99"]}}
    )

    assert finish(sim, api, started)["deleted"] == 2
    assert total(api, list_id) == 8
    gone = api.client.post(f"{V3}/callinglist/get/{list_id}/aaa", json={"ID": "L2"})
    assert gone.status_code == 404


def test_deleting_by_creation_date_keeps_older_records(sim: Sim, api: Lists) -> None:
    list_id, _ = api.scratch_list(3)
    sim.advance(60)
    middle = now(sim.url)
    sim.advance(60)
    api.json("POST", f"{V3}/callinglist/addAll/{list_id}", [lead(n) for n in (4, 5)])

    started = api.json("POST", f"{V3}/callinglist/delete/{list_id}", {"createdFrom": iso(middle)})

    assert finish(sim, api, started)["deleted"] == 2
    kept = [
        api.client.post(f"{V3}/callinglist/get/{list_id}/aaa", json={"ID": f"L{n}"})
        for n in range(1, 6)
    ]
    assert [r.status_code for r in kept] == [200, 200, 200, 404, 404]


def statuses(api: Lists, campaign: str) -> list[dict[str, Any]]:
    path = f"{V3}/callinglist/getAll/{api.list_id('Sales Leads.csv')}/{api.campaign_id(campaign)}"
    records = api.json("POST", path, {"fromIndex": 0, "maxSize": 1000})
    return [r["status"] for r in records]


def test_deleting_only_completed_records_of_a_campaign(sim: Sim, api: Lists) -> None:
    before = statuses(api, SALES)
    completed = sum(s["completed"] for s in before)
    body = {"byCampaignResult": {"campaignId": api.campaign_id(SALES), "policy": "ONLY_COMPLETED"}}

    started = api.json("POST", f"{V3}/callinglist/delete/{api.list_id('Sales Leads.csv')}", body)

    assert completed > 0 and finish(sim, api, started)["deleted"] == completed
    after = statuses(api, SALES)
    assert len(after) == len(before) - completed and not any(s["completed"] for s in after)


def test_deleting_only_never_attempted_records_of_a_campaign(sim: Sim, api: Lists) -> None:
    body = {
        "byCampaignResult": {
            "campaignId": api.campaign_id(WINBACK),
            "policy": "ONLY_NEVER_ATTEMPTED",
        }
    }

    started = api.json("POST", f"{V3}/callinglist/delete/{api.list_id('Sales Leads.csv')}", body)

    assert finish(sim, api, started)["deleted"] > 0
    assert all("totalAttempts" in s for s in statuses(api, WINBACK))


def test_deleting_a_list_fails_its_running_job(api: Lists) -> None:
    list_id, _ = api.scratch_list(60)
    started = api.json("POST", f"{V3}/callinglist/deleteAll/{list_id}")

    api.json("DELETE", f"{V3}/callinglist/deleteList/{list_id}")

    status = job(api, started["job"])
    assert status["job_complete"] == "failed" and status["error_message"]
    assert set(status) == {"completion_percentage", "job_complete", "error_message"}


def test_an_empty_match_is_complete_at_once(api: Lists) -> None:
    list_id, _ = api.scratch_list(2)

    started = api.json("POST", f"{V3}/callinglist/delete/{list_id}", {"fields": {"ID": "L9"}})

    assert started["estimated_time"] == 0
    assert job(api, started["job"]) == {
        "completion_percentage": 100,
        "job_complete": "complete",
        "deleted": 0,
    }
