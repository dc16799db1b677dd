"""The outbound dialer: running campaigns call their records as simulated time passes,
in the instances' order, skipping DNC'd numbers, and write attempts and results."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from simulator import roster
from tests.simulator.conftest import Sim
from tests.simulator.listapi import RENEWALS, SALES, V3, Lists, iso, now, unique

CPA_RESULTS = {"Voice", "No answer", "Busy", "Answering machine", "SIT"}
# What a dialled call can end as without an agent.
LINE_OUTCOMES = {"No answer", "Busy", "Answering machine", "Phone number out of service"}


@pytest.fixture
def api(sim: Sim) -> Iterator[Lists]:
    with sim.client() as client:
        yield Lists(client)


def updated_since(api: Lists, campaign: str, instance_id: str, since: float) -> list[Any]:
    """Return the instance's records attempted at or after `since`, with their attempts."""
    body = {
        "instanceId": instance_id,
        "limit": 1000,
        "startTime": iso(since),
        "extractAttempts": True,
    }
    path = f"{V3}/campaign/getUpdatedRecords/{api.campaign_id(campaign)}"
    records: list[Any] = api.json("POST", path, body)["records"]
    return records


def new_list(api: Lists, ranks: list[int], phones: list[str] | None = None) -> str:
    """Create a list of records keyed by phone, with an INTEGER rank; return its id."""
    fields = [
        {"name": "phone", "type": "PHONE", "key": True, "phoneType": "US_CANADA"},
        {"name": "rank", "type": "INTEGER"},
    ]
    body = {"formatName": unique("Dialer "), "fields": fields, "listName": unique("Dialer ")}
    list_id: str = api.json("POST", f"{V3}/callinglist/createListWithNewFormat", body)["id"]
    numbers = phones or [f"(702) 555-{n:04d}" for n in range(len(ranks))]
    rows = [{"phone": p, "rank": r} for p, r in zip(numbers, ranks, strict=True)]
    api.json("POST", f"{V3}/callinglist/addAll/{list_id}", rows)
    return list_id


def bind(api: Lists, campaign: str, list_id: str, **settings: Any) -> str:
    body = {"listId": list_id, "enabled": True, "dialingRatio": 100, **settings}
    path = f"{V3}/campaign/bindList/{api.campaign_id(campaign)}"
    instance_id: str = api.json("POST", path, body)["instanceId"]
    return instance_id


def test_a_running_campaign_dials_its_records_as_time_passes(sim: Sim, api: Lists) -> None:
    instance_id = api.instance_id(RENEWALS, "Renewals.csv")
    start = now(sim.url)
    assert updated_since(api, RENEWALS, instance_id, start) == []

    sim.advance(1800)

    records = updated_since(api, RENEWALS, instance_id, start)
    attempts = [a for r in records for a in r["attempts"] if a["date"] >= iso(start)]
    called = [a for a in attempts if a["call_attempted"]]
    assert len(called) >= 5
    assert {a["CPAResult"] for a in called} <= CPA_RESULTS
    sales_agents = {a.login_id for a in roster.agents() if a.team == "Sales"}
    for attempt in called:
        if attempt["agent"]:  # a person answered and an agent took the call
            assert attempt["agent"] in sales_agents
            assert attempt["disposition"] in roster.OUTBOUND_OUTCOMES
            assert attempt["callDuration"] >= 0 and attempt["CPAResult"] == "Voice"
        else:
            assert attempt["disposition"] in LINE_OUTCOMES | {"Abandoned"}
    assert any(a["agent"] for a in called)


def test_results_follow_the_attempts(sim: Sim, api: Lists) -> None:
    sim.advance(600)
    records = api.all_records(
        RENEWALS, api.instance_id(RENEWALS, "Renewals.csv"), extractAttempts=True
    )

    for record in records:
        status, attempts = record["status"], record["attempts"]
        assert status["totalAttempts"] == len(attempts)
        if attempts:
            last = attempts[-1]
            assert (status["lastDate"], status["lastDisposition"], status["lastPhone"]) == (
                last["date"],
                last["disposition"],
                last["phone"],
            )
        assert status["completed"] == (status["completedTime"] != "")
        if status["lastDisposition"] == "Product sold":
            assert status["custom_field_1"] and status["custom_field_2"]


def test_a_stopped_campaign_dials_nothing(sim: Sim, api: Lists) -> None:
    api.client.post(f"{V3}/campaign/stop/{api.campaign_id(SALES)}")
    sim.advance(1200)  # calls of an earlier run end
    start = now(sim.url)

    sim.advance(1800)

    instance_id = api.instance_id(SALES, "Sales Leads.csv")
    assert updated_since(api, SALES, instance_id, start) == []


def test_a_started_campaign_dials_enabled_instances_only(sim: Sim, api: Lists) -> None:
    campaign_id = api.campaign_id(SALES)
    api.client.post(f"{V3}/campaign/stop/{campaign_id}")
    sim.advance(1200)
    start = now(sim.url)

    api.json("POST", f"{V3}/campaign/start/{campaign_id}")
    sim.advance(1800)
    api.json("POST", f"{V3}/campaign/stop/{campaign_id}")

    enabled = api.instance_id(SALES, "Sales Leads.csv", position=0)
    disabled = api.instance_id(SALES, "Sales Leads.csv", position=1)
    assert len(updated_since(api, SALES, enabled, start)) >= 3
    assert updated_since(api, SALES, disabled, start) == []


def attempted(api: Lists, instance_id: str) -> list[int]:
    """Return the ranks of the records of an Outbound Sales instance that were called."""
    records = api.all_records(SALES, instance_id)
    return [r["entry"]["rank"] for r in records if r["status"]["totalAttempts"]]


def test_records_are_dialled_in_the_instances_sorting_order(sim: Sim, api: Lists) -> None:
    ranks = [(n * 37) % 60 for n in range(60)]  # 0..59, shuffled
    list_id = new_list(api, ranks)
    by_rank = {"type": "CUSTOM", "sortingFields": [{"fieldName": "rank", "sortOrder": "DESC"}]}
    instance_id = bind(api, SALES, list_id, sortingOrder=by_rank)
    campaign_id = api.campaign_id(SALES)
    api.client.post(f"{V3}/campaign/start/{campaign_id}")

    for _ in range(360):  # until a few calls have ended (an hour at most)
        sim.advance(10)
        if len(attempted(api, instance_id)) >= 4:
            break
    api.json("POST", f"{V3}/campaign/stop/{campaign_id}")
    sim.advance(7200)  # every call under way ends

    dialled = sorted(attempted(api, instance_id))
    assert 4 <= len(dialled) < 60
    assert dialled == list(range(60 - len(dialled), 60))  # the highest ranks, and only they


def test_numbers_on_the_campaigns_dnc_lists_are_not_dialled(sim: Sim, api: Lists) -> None:
    campaign = api.campaign(RENEWALS)
    area_code = next(d for d in campaign["dncLists"] if d["type"] == "GEOGRAPHIC_AREACODE")
    internal = next(d for d in campaign["dncLists"] if d["type"] == "INTERNAL")
    api.json("POST", f"{V3}/donotcalllist/addAll/{area_code['id']}", [{"key": "808"}])
    api.json("POST", f"{V3}/donotcalllist/addAll/{internal['id']}", [{"key": "17025550001"}])
    phones = ["(808) 555-0100", "(702) 555-0001", "(702) 555-0002", "(702) 555-0003"]
    instance_id = bind(api, RENEWALS, new_list(api, [1, 2, 3, 4], phones))

    sim.advance(900)

    records = {
        r["entry"]["phone"]: r for r in api.all_records(RENEWALS, instance_id, extractAttempts=True)
    }
    for phone, dnc in (("18085550100", area_code), ("17025550001", internal)):
        status, attempts = records[phone]["status"], records[phone]["attempts"]
        assert status["completed"] and status["lastDisposition"] == dnc["disposition"]
        assert [a["call_attempted"] for a in attempts] == [False]
    for phone in ("17025550002", "17025550003"):
        assert records[phone]["attempts"] and all(
            a["call_attempted"] for a in records[phone]["attempts"]
        )


def test_attempts_are_counted_in_the_services_outbound_statistics(sim: Sim, api: Lists) -> None:
    grid = {
        "id": "services",
        "columns": [
            {"id": "1", "stat_name": "name"},
            {"id": "2", "stat_name": "out_calls_attempted_per_day"},
        ],
    }
    api.json("POST", "/statsapi/subscription", {"app": {"service_grids": [grid]}})
    campaign_id = api.campaign_id(RENEWALS)
    api.client.post(f"{V3}/campaign/start/{campaign_id}")
    sim.advance(900)
    api.json("POST", f"{V3}/campaign/stop/{campaign_id}")
    sim.advance(7200)  # every call under way ends and is written

    rows = api.json("GET", "/statsapi/subscription/data")["app"]["service_grids"][0]["values"]
    counted = int(next(r["2"] for r in rows if r["1"] == RENEWALS))
    midnight = iso(now(sim.url) // 86400 * 86400)
    written = 0
    for item in api.campaign(RENEWALS)["lists"]:
        for record in api.all_records(RENEWALS, item["instanceId"], extractAttempts=True):
            attempts = record["attempts"]
            written += sum(a["call_attempted"] and a["date"] >= midnight for a in attempts)
    api.json("POST", f"{V3}/campaign/start/{campaign_id}")
    assert counted == written > 0
