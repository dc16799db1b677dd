"""Cursor pagination of campaign results and lists: every record once, in the documented
order, `next_cursor` null on the last page, and 400 past the documented limits."""

from __future__ import annotations

import time
from collections.abc import Iterator
from typing import Any

import pytest

from tests.simulator.conftest import Sim
from tests.simulator.listapi import RENEWALS, SALES, V2, V3, Lists, iso, lead, now


@pytest.fixture
def api(sim: Sim) -> Iterator[Lists]:
    with sim.client() as client:
        yield Lists(client)


def results(api: Lists, kind: str, **body: Any) -> dict[str, Any]:
    instance = api.instance_id(RENEWALS, "Renewals.csv")
    path = f"{V3}/campaign/{kind}/{api.campaign_id(RENEWALS)}"
    found: dict[str, Any] = api.json("POST", path, {"instanceId": instance, **body})
    return found


def pages(api: Lists, kind: str, size: int, **body: Any) -> list[list[dict[str, Any]]]:
    """Return every page of a results method, following next_cursor."""
    found, cursor = [], None
    while True:
        page = results(api, kind, limit=size, cursor=cursor, **body)
        found.append(page["records"])
        cursor = page["next_cursor"]
        if cursor is None:
            return found


def ids(records: list[dict[str, Any]]) -> list[str]:
    return [r["entry"]["id"] for r in records]


def test_all_records_come_page_by_page_each_once(api: Lists) -> None:
    whole = results(api, "getAllRecords", limit=1000)
    assert whole["next_cursor"] is None

    paged = pages(api, "getAllRecords", 150)

    assert [len(p) for p in paged][:-1] == [150] * (len(paged) - 1)
    assert [i for p in paged for i in ids(p)] == ids(whole["records"])
    assert len(set(ids(whole["records"]))) == len(whole["records"]) >= 300


def test_a_page_size_parameter_works_like_limit(api: Lists) -> None:
    by_limit = results(api, "getAllRecords", limit=7)

    assert results(api, "getAllRecords", page_size=7) == by_limit
    assert len(by_limit["records"]) == 7 and by_limit["next_cursor"]


@pytest.mark.parametrize("limit", [0, 1001, "many", None, True])
def test_a_limit_outside_1_to_1000_is_400(api: Lists, limit: Any) -> None:
    instance = api.instance_id(RENEWALS, "Renewals.csv")
    body = {"instanceId": instance} if limit is None else {"instanceId": instance, "limit": limit}

    response = api.client.post(
        f"{V3}/campaign/getAllRecords/{api.campaign_id(RENEWALS)}", json=body
    )

    assert response.status_code == 400


@pytest.mark.parametrize(
    ("kind", "cursor"),
    [
        ("getAllRecords", "not-a-cursor"),
        ("getAllRecords", "2026-01-01T00:00:00.000_0123456789abcdef01234567"),
        ("getCompletedRecords", "0123456789abcdef01234567"),
        ("getUpdatedRecords", 42),
    ],
)
def test_a_wrong_cursor_is_400(api: Lists, kind: str, cursor: Any) -> None:
    instance = api.instance_id(RENEWALS, "Renewals.csv")
    body = {"instanceId": instance, "limit": 10, "cursor": cursor}

    response = api.client.post(f"{V3}/campaign/{kind}/{api.campaign_id(RENEWALS)}", json=body)

    assert response.status_code == 400
    assert "cursor" in response.json()["error_description"]


def test_completed_records_come_by_completion_time(api: Lists) -> None:
    records = [r for p in pages(api, "getCompletedRecords", 20) for r in p]

    times = [r["status"]["completedTime"] for r in records]
    assert len(records) > 20 and all(r["status"]["completed"] for r in records)
    assert times == sorted(times)


def test_completed_records_keep_to_the_time_window(api: Lists) -> None:
    everything = results(api, "getCompletedRecords", limit=1000)["records"]
    times = sorted(r["status"]["completedTime"] for r in everything)
    start, end = times[len(times) // 4], times[3 * len(times) // 4]

    window = results(api, "getCompletedRecords", limit=1000, startTime=start, endTime=end)

    inside = [r["status"]["completedTime"] for r in window["records"]]
    assert inside and all(start <= t < end for t in inside)
    assert len(inside) == sum(start <= t < end for t in times)


def test_updated_records_come_by_last_attempt_with_attempts_on_request(api: Lists) -> None:
    records = [r for p in pages(api, "getUpdatedRecords", 25, extractAttempts=True) for r in p]

    dates = [r["status"]["lastDate"] for r in records]
    assert len(records) > 25 and dates == sorted(dates)
    assert all(r["attempts"][-1]["date"] == r["status"]["lastDate"] for r in records)
    assert all(r["status"]["totalAttempts"] == len(r["attempts"]) for r in records)


def test_attempts_are_left_out_unless_asked_for(api: Lists) -> None:
    records = results(api, "getUpdatedRecords", limit=5)["records"]

    assert records and all(set(r) == {"entry", "status"} for r in records)


def test_lists_are_paged_up_to_100_at_a_time(api: Lists) -> None:
    seen, cursor = [], None
    while True:
        page = api.json("POST", f"{V3}/callinglist/getAll", {"limit": 1, "cursor": cursor})
        seen += [x["name"] for x in page["records"]]
        cursor = page["next_cursor"]
        if cursor is None:
            break

    assert seen == [x["name"] for x in api.lists()]
    assert api.client.post(f"{V3}/callinglist/getAll", json={"limit": 101}).status_code == 400


def test_deprecated_records_are_paged_by_index(api: Lists) -> None:
    path = f"{V3}/callinglist/getAll/{api.list_id('Sales Leads.csv')}/{api.campaign_id(SALES)}"

    records = api.json("POST", path, {"fromIndex": "10", "maxSize": 5})

    assert [r["index"] for r in records] == [10, 11, 12, 13, 14]


def test_deprecated_changes_are_those_since_from_time(sim: Sim, api: Lists) -> None:
    path = f"{V3}/callinglist/getChanged/{api.list_id('Sales Leads.csv')}/{api.campaign_id(SALES)}"
    everything = api.json("POST", path, {"fromTime": "2020-01-01T00:00:00.000", "maxSize": 1000})
    dates = sorted(r["attempts"][-1]["date"] for r in everything)
    since = dates[len(dates) // 2]

    recent = api.json("POST", path, {"fromTime": since, "maxSize": 1000})

    assert recent and all(r["attempts"][-1]["date"] >= since for r in recent)
    assert len(recent) == sum(d >= since for d in dates)
    assert api.json("POST", path, {"fromTime": iso(now(sim.url) + 60), "maxSize": 10}) == []


def test_v2_completed_records_come_by_completion_time(api: Lists) -> None:
    path = f"{V2}/callinglist/getCompleted/Sales%20Leads.csv/Outbound%20Sales"

    records = api.json("POST", path, {"fromTime": "2020-01-01T00:00:00.000", "maxSize": "1000"})

    times = [r["completedTime"] for r in records]
    assert len(times) > 10 and times == sorted(times)
    assert all(r["status"]["completed"] for r in records)


def test_results_of_a_thousand_records_come_in_well_under_a_second(api: Lists) -> None:
    list_id, _ = api.scratch_list()
    rows = [lead(n, Phone=f"(650) 555-{n:04d}") for n in range(1, 1001)]
    assert api.json("POST", f"{V3}/callinglist/addAll/{list_id}", rows) == {"added": 1000}
    campaign_id = api.campaign_id(SALES)
    bound = api.json("POST", f"{V3}/campaign/bindList/{campaign_id}", {"listId": list_id})
    body = {"instanceId": bound["instanceId"], "limit": 1000, "extractAttempts": True}

    started = time.perf_counter()
    page = api.json("POST", f"{V3}/campaign/getAllRecords/{campaign_id}", body)
    elapsed = time.perf_counter() - started

    assert len(page["records"]) == 1000
    assert elapsed < 0.5
