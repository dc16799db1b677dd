"""Campaigns and lists over their life: start and stop, bind, update and unbind list
instances, create lists and formats, delete lists (and orphaned formats), erase records."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from tests.simulator.conftest import Sim
from tests.simulator.listapi import RENEWALS, SALES, V2, V3, WINBACK, Lists, unique


@pytest.fixture
def api(sim: Sim) -> Iterator[Lists]:
    with sim.client() as client:
        yield Lists(client)


def instance(api: Lists, campaign: str, instance_id: str) -> dict[str, Any] | None:
    found = [x for x in api.campaign(campaign)["lists"] if x["instanceId"] == instance_id]
    return found[0] if found else None


def bind(api: Lists, list_id: str, **settings: Any) -> str:
    path = f"{V3}/campaign/bindList/{api.campaign_id(SALES)}"
    instance_id: str = api.json("POST", path, {"listId": list_id, **settings})["instanceId"]
    return instance_id


def update(api: Lists, instance_id: str, **settings: Any) -> Any:
    path = f"{V3}/campaign/updateList/{api.campaign_id(SALES)}"
    return api.json("PATCH", path, {"instanceId": instance_id, **settings})


SORTED = {"type": "CUSTOM", "sortingFields": [{"fieldName": "lastName", "sortOrder": "DESC"}]}


def test_start_and_stop_change_and_report_the_state(api: Lists) -> None:
    campaign_id = api.campaign_id(SALES)
    api.client.post(f"{V3}/campaign/stop/{campaign_id}")

    started = api.json("POST", f"{V3}/campaign/start/{campaign_id}")
    running = api.json("GET", f"{V3}/campaign/getStatus/{campaign_id}")
    stopped = api.json("POST", f"{V3}/campaign/stop/{campaign_id}")

    assert started == {"state": "RUNNING"} and running["state"] == "RUNNING"
    assert stopped == {"state": "STOPPED"}
    assert api.json("GET", f"{V3}/campaign/getStatus/{campaign_id}")["state"] == "STOPPED"


def test_only_enabled_campaigns_are_listed(api: Lists) -> None:
    v3 = {c["name"] for c in api.json("GET", f"{V3}/campaign/getAll")}
    v2 = {c["name"] for c in api.json("GET", f"{V2}/campaign/getAll/")}

    assert v3 == v2 == {RENEWALS, SALES}
    assert api.campaign(WINBACK)["enabled"] is False


def test_binding_a_list_makes_an_instance_with_the_settings_given(api: Lists) -> None:
    list_id, name = api.scratch_list(4)

    instance_id = bind(
        api,
        list_id,
        instanceName="night",
        enabled=True,
        order=2,
        dialingRatio=3,
        sortingOrder=SORTED,
    )

    assert instance(api, SALES, instance_id) == {
        "id": list_id,
        "name": name,
        "instanceId": instance_id,
        "instanceName": "night",
        "enabled": True,
        "order": 2,
        "dialingRatio": 3,
        "sortingOrder": {
            "type": "CUSTOM",
            "sortingFields": [{"fieldId": "f3", "fieldName": "lastName", "sortOrder": "DESC"}],
        },
        "totalRecords": 4,
    }
    bound = api.json("GET", f"{V3}/callinglist/getList/{list_id}")["campaigns"]
    assert bound == [
        {"campaignName": SALES, "campaignId": api.campaign_id(SALES), "instanceId": instance_id}
    ]


def test_a_bound_list_has_the_documented_defaults(api: Lists) -> None:
    list_id, _ = api.scratch_list()

    found = instance(api, SALES, bind(api, list_id))

    assert found is not None
    assert (found["instanceName"], found["enabled"], found["order"], found["dialingRatio"]) == (
        "",
        False,
        1,
        1,
    )
    assert found["sortingOrder"] == {"type": "NATURAL", "sortingFields": []}


def test_update_list_changes_only_what_it_names(api: Lists) -> None:
    list_id, _ = api.scratch_list(2)
    instance_id = bind(api, list_id, enabled=True, dialingRatio=2, sortingOrder=SORTED)
    before = instance(api, SALES, instance_id)

    answer = update(api, instance_id, order=5)

    assert answer == {"totalRecords": 2}
    assert instance(api, SALES, instance_id) == {**(before or {}), "order": 5}


@pytest.mark.parametrize("reset", [None, " "])
def test_update_list_resets_settings_given_null_or_blank(api: Lists, reset: Any) -> None:
    list_id, _ = api.scratch_list()
    instance_id = bind(
        api, list_id, instanceName="x", enabled=True, order=4, dialingRatio=2, sortingOrder=SORTED
    )

    update(
        api,
        instance_id,
        instanceName=reset,
        enabled=reset,
        order=reset,
        dialingRatio=reset,
        sortingOrder=reset,
    )

    found = instance(api, SALES, instance_id)
    assert found is not None
    assert (found["instanceName"], found["enabled"], found["order"], found["dialingRatio"]) == (
        "",
        False,
        1,
        1,
    )
    assert found["sortingOrder"]["type"] == "NATURAL"


def test_unbinding_removes_the_instance_and_its_results(api: Lists) -> None:
    list_id, _ = api.scratch_list(2)
    instance_id = bind(api, list_id)
    campaign_id = api.campaign_id(SALES)

    answer = api.client.post(
        f"{V3}/campaign/unbindList/{campaign_id}", json={"instanceId": instance_id}
    )

    assert (answer.status_code, answer.content) == (200, b"")
    assert instance(api, SALES, instance_id) is None
    assert api.json("GET", f"{V3}/callinglist/getList/{list_id}")["campaigns"] == []
    results = api.client.post(
        f"{V3}/campaign/getAllRecords/{campaign_id}", json={"instanceId": instance_id, "limit": 5}
    )
    assert results.status_code == 409


def test_a_list_bound_twice_answers_a_query_once_per_instance(api: Lists) -> None:
    list_id, _ = api.scratch_list(1)
    bind(api, list_id)
    bind(api, list_id)

    found = api.json(
        "POST", f"{V3}/callinglist/get/{list_id}/{api.campaign_id(SALES)}", {"ID": "L1"}
    )

    assert found == [
        {"entry": found[0]["entry"], "status": {"completed": False}},
        {"entry": found[0]["entry"], "status": {"completed": False}},
    ]
    assert found[0]["entry"]["ID"] == "L1"


def test_a_new_format_without_list_name_names_the_list_after_it(api: Lists) -> None:
    format_name = unique("Leads format ")
    body = {"formatName": format_name, "fields": [{"name": "p", "type": "PHONE"}]}

    made = api.json("POST", f"{V3}/callinglist/createListWithNewFormat", body)

    listed = {x["id"]: x for x in api.lists()}[made["id"]]
    assert listed["name"] == f"FORMAT: {format_name}"
    assert (listed["formatId"], listed["formatName"], listed["totalRecords"]) == (
        made["formatId"],
        format_name,
        0,
    )


def test_deleting_the_last_list_of_a_format_deletes_the_format(api: Lists) -> None:
    body = {"formatName": unique("Once "), "fields": [{"name": "p", "type": "PHONE"}]}
    made = api.json("POST", f"{V3}/callinglist/createListWithNewFormat", body)
    instance_id = bind(api, made["id"])

    api.json("DELETE", f"{V3}/callinglist/deleteList/{made['id']}")

    again = {"name": unique("Again ") + ".csv", "formatId": made["formatId"]}
    assert api.client.post(f"{V3}/callinglist/createList", json=again).status_code == 404
    assert instance(api, SALES, instance_id) is None
    assert api.client.get(f"{V3}/callinglist/getList/{made['id']}").status_code == 404


def test_a_format_still_in_use_outlives_a_deleted_list(api: Lists) -> None:
    first, _ = api.scratch_list()
    api.scratch_list()

    api.json("DELETE", f"{V3}/callinglist/deleteList/{first}")

    again = {"name": unique("Again ") + ".csv", "formatId": api.format_id("Web Leads.csv")}
    assert api.client.post(f"{V3}/callinglist/createList", json=again).status_code == 200


def test_erasing_a_record_removes_it_and_its_results(api: Lists) -> None:
    list_id, campaign_id = api.list_id("Sales Leads.csv"), api.campaign_id(SALES)
    records = api.json(
        "POST",
        f"{V3}/callinglist/getAll/{list_id}/{campaign_id}",
        {"maxSize": 1000, "fromIndex": 0},
    )
    called = next(r for r in records if "totalAttempts" in r["status"])["entry"]["id"]
    before = api.json("GET", f"{V3}/callinglist/getList/{list_id}")["totalRecords"]

    api.json(
        "POST", f"{V3}/callinglist/erase/{list_id}", {"fields": {"id": called}, "reason": "GDPR"}
    )

    assert api.json("GET", f"{V3}/callinglist/getList/{list_id}")["totalRecords"] == before - 1
    query = {"instanceId": api.instance_id(SALES, "Sales Leads.csv"), "fields": {"id": called}}
    gone = api.client.post(f"{V3}/campaign/queryRecord/{campaign_id}", json=query)
    assert gone.status_code == 404
