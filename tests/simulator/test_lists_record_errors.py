"""Bulk record changes report each refused record under its error kind (limitExceeded,
missingKey, duplicateKey, missingRequired, formatError, keyNotFound) and apply the rest."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from tests.simulator.conftest import Sim
from tests.simulator.listapi import V3, Lists, lead, unique


@pytest.fixture
def api(sim: Sim) -> Iterator[Lists]:
    with sim.client() as client:
        yield Lists(client)


def entry(api: Lists, list_id: str, record_id: str) -> dict[str, Any]:
    """Return a record's entry, read back through Query a Record (any campaign id)."""
    found: dict[str, Any] = api.json(
        "POST", f"{V3}/callinglist/get/{list_id}/aaa", {"ID": record_id}
    )["entry"]
    return found


def total(api: Lists, list_id: str) -> int:
    count: int = api.json("GET", f"{V3}/callinglist/getList/{list_id}")["totalRecords"]
    return count


def test_add_many_files_each_refused_record_under_its_kind(api: Lists) -> None:
    list_id, _ = api.scratch_list(1)
    good, twin = lead(2), lead(3)
    duplicate, again = lead(1), lead(3, Status="Silver")
    no_key, no_phone = lead(4, ID=" "), lead(5, Phone=None)
    bad_phone, unknown = lead(6, Phone="555-12"), lead(7, Colour="red")
    batch = [good, duplicate, twin, again, no_key, no_phone, bad_phone, unknown, "not a record"]

    result = api.json("POST", f"{V3}/callinglist/addAll/{list_id}", batch)

    assert result == {
        "added": 2,
        "error": {
            "duplicateKey": [duplicate, again],
            "missingKey": [no_key],
            "missingRequired": [no_phone],
            "formatError": [bad_phone, unknown, "not a record"],
        },
    }
    assert total(api, list_id) == 3
    assert entry(api, list_id, "L3")["Status"] == "Gold"  # the first of the twins won


def test_add_many_without_refusals_has_no_error_object(api: Lists) -> None:
    list_id, _ = api.scratch_list()

    result = api.json("POST", f"{V3}/callinglist/addAll/{list_id}", [lead(1), lead(2)])

    assert result == {"added": 2}


def test_add_many_past_the_tenants_row_limit_is_limit_exceeded(sim: Sim, api: Lists) -> None:
    list_id, _ = api.scratch_list()
    room = sim.control("GET", "lists")
    sim.control("POST", "lists", {"record_limit": room["total_records"] + 1})
    try:
        result = api.json("POST", f"{V3}/callinglist/addAll/{list_id}", [lead(1), lead(2)])
    finally:
        sim.control("POST", "lists", {"record_limit": room["record_limit"]})

    assert result == {"added": 1, "error": {"limitExceeded": [lead(2)]}}


def test_add_many_checks_dates_and_integers_by_field_type(api: Lists) -> None:
    fields = [
        {"name": "phone", "type": "PHONE", "key": True},
        {"name": "due", "type": "DATETIME", "format": "yyyy-MM-dd"},
        {"name": "age", "type": "INTEGER"},
        {"name": "company", "type": "COMPANY"},
    ]
    body = {"formatName": unique("Typed "), "fields": fields, "listName": unique("Typed ")}
    list_id = api.json("POST", f"{V3}/callinglist/createListWithNewFormat", body)["id"]
    fine = {"phone": "1", "due": "2024-02-29", "age": "42", "company": 7}
    leap = {"phone": "2", "due": "2023-02-29"}
    wrong = {"phone": "3", "due": "29.02.2024"}
    word, flag = {"phone": "4", "age": "forty"}, {"phone": "5", "age": True}

    result = api.json("POST", f"{V3}/callinglist/addAll/{list_id}", [fine, leap, wrong, word, flag])

    assert result == {"added": 1, "error": {"formatError": [leap, wrong, word, flag]}}
    stored = api.json("POST", f"{V3}/callinglist/get/{list_id}/aaa", {"phone": "1"})["entry"]
    assert stored == {"phone": "1", "due": "2024-02-29", "age": 42, "company": "7"}


def test_update_many_files_each_refused_record_under_its_kind(api: Lists) -> None:
    list_id, _ = api.scratch_list(2)
    change, unknown = {"ID": "L1", "Status": "Silver"}, {"ID": "L99", "Status": "Silver"}
    keyless, bad = {"Status": "Silver"}, {"ID": "L2", "Phone": "12"}
    stranger = {"ID": "L2", "Colour": "red"}

    result = api.json(
        "POST", f"{V3}/callinglist/updateAll/{list_id}", [change, unknown, keyless, bad, stranger]
    )

    assert result == {
        "updated": 1,
        "error": {
            "keyNotFound": [unknown],
            "missingKey": [keyless],
            "formatError": [bad, stranger],
        },
    }
    assert entry(api, list_id, "L1")["Status"] == "Silver"
    assert entry(api, list_id, "L2")["Phone"] == "14155550002"


@pytest.mark.parametrize("reset", [None, " "])
def test_an_update_resets_an_optional_field_given_null_or_blank(api: Lists, reset: Any) -> None:
    list_id, _ = api.scratch_list(1)

    api.json("POST", f"{V3}/callinglist/update/{list_id}", {"ID": "L1", "Status": reset})

    assert entry(api, list_id, "L1")["Status"] == ""


def test_an_update_may_not_reset_a_required_field(api: Lists) -> None:
    list_id, _ = api.scratch_list(1)

    result = api.json(
        "POST", f"{V3}/callinglist/updateAll/{list_id}", [{"ID": "L1", "Phone": None}]
    )

    assert result == {"updated": 0, "error": {"formatError": [{"ID": "L1", "Phone": None}]}}


def test_a_skipped_field_is_accepted_and_ignored(api: Lists) -> None:
    fields = [{"name": "phone", "type": "PHONE", "key": True}, {"name": "n", "type": "OTHER"}]
    fields.append({"name": "memo", "type": "OTHER", "skip": True})
    body = {"formatName": unique("Skipping "), "fields": fields, "listName": unique("Skip ")}
    list_id = api.json("POST", f"{V3}/callinglist/createListWithNewFormat", body)["id"]

    result = api.json("POST", f"{V3}/callinglist/addAll/{list_id}", [{"phone": "1", "memo": "x"}])

    assert result == {"added": 1}
    stored = api.json("POST", f"{V3}/callinglist/get/{list_id}/aaa", {"phone": "1"})["entry"]
    assert stored == {"phone": "1", "n": ""}


def test_a_phone_key_matches_as_stored_or_as_given(api: Lists) -> None:
    fields = [{"name": "phone", "type": "PHONE", "key": True, "phoneType": "US_CANADA"}]
    body = {"formatName": unique("Phones "), "fields": fields, "listName": unique("Phones ")}
    list_id = api.json("POST", f"{V3}/callinglist/createListWithNewFormat", body)["id"]
    api.json("POST", f"{V3}/callinglist/add/{list_id}", {"phone": "(650) 555-0100"})

    for given in ("16505550100", "(650) 555-0100", "650.555.0100"):
        found = api.json("POST", f"{V3}/callinglist/get/{list_id}/aaa", {"phone": given})
        assert found == {"entry": {"phone": "16505550100"}}
