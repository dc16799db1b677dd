"""OneCloud CX v2 calling lists and campaigns by name: the same lists as v3, the older
record form, immediate Delete All, and the documented 400, 404 and 409."""

from __future__ import annotations

from collections.abc import Iterator
from urllib.parse import quote

import pytest

from tests.simulator.conftest import Sim
from tests.simulator.listapi import SALES, V2, V3, WINBACK, Lists, lead

SALES_LIST = quote("Sales Leads.csv")


@pytest.fixture
def api(sim: Sim) -> Iterator[Lists]:
    with sim.client() as client:
        yield Lists(client)


def test_a_record_added_by_name_is_in_the_v3_list(api: Lists) -> None:
    list_id, name = api.scratch_list()

    response = api.client.post(f"{V2}/callinglist/add/{quote(name)}", json=lead(7))

    assert (response.status_code, response.content) == (200, b"")
    found = api.json("POST", f"{V3}/callinglist/get/{list_id}/aaa", {"ID": "L7"})
    assert found["entry"]["Phone"] == "14155550007"


def test_add_many_by_name_reports_refusals_like_v3(api: Lists) -> None:
    _, name = api.scratch_list(1)

    result = api.json(
        "POST", f"{V2}/callinglist/addAll/{quote(name)}", [lead(1), lead(2), lead(3, Phone="1")]
    )

    assert result == {
        "added": 1,
        "error": {"duplicateKey": [lead(1)], "formatError": [lead(3, Phone="1")]},
    }


def test_adding_a_duplicate_by_name_is_409(api: Lists) -> None:
    _, name = api.scratch_list(1)

    response = api.client.post(f"{V2}/callinglist/add/{quote(name)}", json=lead(1))

    assert response.status_code == 409 and response.json()["error"] == "conflict"


def test_adding_without_a_required_field_is_400(api: Lists) -> None:
    _, name = api.scratch_list()

    response = api.client.post(f"{V2}/callinglist/add/{quote(name)}", json={"ID": "x"})

    assert response.status_code == 400


def test_updating_by_name_changes_the_record(api: Lists) -> None:
    list_id, name = api.scratch_list(1)

    api.json("POST", f"{V2}/callinglist/update/{quote(name)}", {"ID": "L1", "lastName": "Melon"})

    found = api.json("POST", f"{V3}/callinglist/get/{list_id}/aaa", {"ID": "L1"})
    assert found["entry"]["lastName"] == "Melon"


def test_updating_an_unknown_record_is_404(api: Lists) -> None:
    _, name = api.scratch_list(1)

    response = api.client.post(f"{V2}/callinglist/update/{quote(name)}", json={"ID": "L404"})

    assert response.status_code == 404


def test_delete_all_by_name_empties_the_list_at_once(api: Lists) -> None:
    list_id, name = api.scratch_list(25)

    response = api.client.post(f"{V2}/callinglist/deleteAll/{quote(name)}")

    assert (response.status_code, response.content) == (200, b"")
    assert api.json("GET", f"{V3}/callinglist/getList/{list_id}")["totalRecords"] == 0


@pytest.mark.parametrize(
    "path",
    [
        "/callinglist/add/No%20Such.csv",
        "/callinglist/getAll/No%20Such.csv/Outbound%20Sales",
        "/callinglist/getAll/Sales%20Leads.csv/No%20Such%20Campaign",
        "/callinglist/getCompleted/Sales%20Leads.csv/No%20Such%20Campaign",
        "/callinglist/get/No%20Such.csv/Outbound%20Sales",
    ],
)
def test_an_unknown_list_or_campaign_name_is_404(api: Lists, path: str) -> None:
    response = api.client.post(f"{V2}{path}", json={"fromIndex": 0, "maxSize": 5, "id": "1"})

    assert response.status_code == 404
    assert response.json()["error"] == "not_found"


def test_a_query_with_any_campaign_name_gives_the_entry_alone(api: Lists) -> None:
    found = api.json("POST", f"{V2}/callinglist/get/{SALES_LIST}/any", {"id": "1"})

    assert list(found) == ["entry"] and found["entry"]["id"] == "1"


def test_a_query_in_a_campaign_gives_its_first_instance_status(api: Lists) -> None:
    found = api.json("POST", f"{V2}/callinglist/get/{SALES_LIST}/{quote(SALES)}", {"id": "1"})

    assert set(found) == {"entry", "status"} and "completed" in found["status"]


def test_v2_record_status_has_no_completion_time(api: Lists) -> None:
    records = api.json(
        "POST",
        f"{V2}/callinglist/getAll/{SALES_LIST}/{quote(SALES)}",
        {"fromIndex": 0, "maxSize": 1000},
    )

    assert any(r["status"]["completed"] for r in records)
    assert not any("completedTime" in r["status"] for r in records)


@pytest.mark.parametrize(
    "body",
    [{"fromIndex": 0, "maxSize": 1001}, {"fromIndex": 0}, {"maxSize": 10}],
    ids=["maxSize past 1000", "no maxSize", "no fromIndex"],
)
def test_a_bad_page_is_400(api: Lists, body: dict[str, int]) -> None:
    response = api.client.post(f"{V2}/callinglist/getAll/{SALES_LIST}/{quote(SALES)}", json=body)

    assert response.status_code == 400


def test_get_campaigns_names_the_bound_lists_of_enabled_campaigns(api: Lists) -> None:
    campaigns = api.json("GET", f"{V2}/campaign/getAll/")

    by_name = {c["name"]: c for c in campaigns}
    assert WINBACK not in by_name
    assert by_name[SALES]["lists"][0] == "Sales Leads.csv"
    assert len(by_name[SALES]["lists"]) == len(set(by_name[SALES]["lists"]))
