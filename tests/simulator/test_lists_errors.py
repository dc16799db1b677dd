"""The documented error statuses of List Management v3 campaigns and lists: 400, 404,
409 and 415, each with configapi's error body ({"error": name, "error_description"})."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import httpx
import pytest

from tests.simulator.conftest import Sim
from tests.simulator.listapi import RENEWALS, SALES, V3, WINBACK, Lists, lead, unique

NAMES = {400: "bad_request", 404: "not_found", 409: "conflict", 415: "unsupported_media_type"}
NOWHERE = "00000000-0000-4000-8000-000000000000"


@pytest.fixture
def api(sim: Sim) -> Iterator[Lists]:
    with sim.client() as client:
        yield Lists(client)


def refused(response: httpx.Response, status: int) -> str:
    """Assert a configapi error with `status`; return its description."""
    assert response.status_code == status, response.text
    body = response.json()
    assert body["error"] == NAMES[status]
    description: str = body["error_description"]
    return description


# --- 404 --------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("method", "action", "body"),
    [
        ("GET", "getCampaign", None),
        ("GET", "getStatus", None),
        ("POST", "start", None),
        ("POST", "stop", None),
        ("POST", "bindList", {"listId": "x"}),
        ("PATCH", "updateList", {"instanceId": "x"}),
        ("POST", "unbindList", {"instanceId": "x"}),
        ("POST", "getAllRecords", {"instanceId": "x", "limit": 1}),
        ("POST", "getCompletedRecords", {"instanceId": "x", "limit": 1}),
        ("POST", "getUpdatedRecords", {"instanceId": "x", "limit": 1}),
        ("POST", "queryRecord", {"instanceId": "x", "fields": {"id": "N1"}}),
    ],
)
def test_an_unknown_campaign_is_404(api: Lists, method: str, action: str, body: Any) -> None:
    response = api.client.request(method, f"{V3}/campaign/{action}/{NOWHERE}", json=body)

    assert "campaign" in refused(response, 404)


@pytest.mark.parametrize(
    ("method", "path", "body"),
    [
        ("GET", "getList/{}", None),
        ("DELETE", "deleteList/{}", None),
        ("POST", "addAll/{}", []),
        ("POST", "add/{}", {"id": "1"}),
        ("POST", "updateAll/{}", []),
        ("POST", "update/{}", {"id": "1"}),
        ("POST", "erase/{}", {"fields": {"id": "1"}, "reason": "r"}),
        ("POST", "delete/{}", {"fields": {"id": "1"}}),
        ("POST", "deleteAll/{}", None),
        ("POST", "getAll/{}/aaa", {"fromIndex": 0, "maxSize": 1}),
        ("POST", "get/{}/aaa", {"id": "1"}),
    ],
)
def test_an_unknown_list_is_404(api: Lists, method: str, path: str, body: Any) -> None:
    target = f"{V3}/callinglist/{path.format(NOWHERE)}"

    assert "List" in refused(api.client.request(method, target, json=body), 404)


def test_binding_an_unknown_list_is_404(api: Lists) -> None:
    response = api.client.post(
        f"{V3}/campaign/bindList/{api.campaign_id(SALES)}", json={"listId": NOWHERE}
    )

    refused(response, 404)


def test_an_unknown_job_is_404(api: Lists) -> None:
    refused(api.client.get(f"{V3}/job/0123456789abcdef01234567"), 404)


def test_creating_a_list_in_an_unknown_format_is_404(api: Lists) -> None:
    body = {"name": unique("Orphan ") + ".csv", "formatId": NOWHERE}

    assert "Format" in refused(api.client.post(f"{V3}/callinglist/createList", json=body), 404)


@pytest.mark.parametrize("action", ["updateList", "unbindList"])
def test_an_unknown_instance_is_404(api: Lists, action: str) -> None:
    method = "PATCH" if action == "updateList" else "POST"
    target = f"{V3}/campaign/{action}/{api.campaign_id(SALES)}"

    refused(api.client.request(method, target, json={"instanceId": NOWHERE}), 404)


def test_an_unknown_record_is_404(api: Lists) -> None:
    list_id, campaign_id = api.list_id("Renewals.csv"), api.campaign_id(RENEWALS)
    instance = api.instance_id(RENEWALS, "Renewals.csv")
    calls = [
        ("update", {"id": "N-none", "phone": "1004"}),
        ("erase", {"fields": {"id": "N-none"}, "reason": "audit"}),
    ]
    for action, body in calls:
        refused(api.client.post(f"{V3}/callinglist/{action}/{list_id}", json=body), 404)
    query = {"instanceId": instance, "fields": {"id": "N-none"}}
    refused(api.client.post(f"{V3}/campaign/queryRecord/{campaign_id}", json=query), 404)
    refused(api.client.post(f"{V3}/callinglist/get/{list_id}/aaa", json={"id": "N-none"}), 404)


def test_an_unknown_url_is_404_in_configapi_words(api: Lists) -> None:
    refused(api.client.get(f"{V3}/campaign/getEverything"), 404)


# --- 409 --------------------------------------------------------------------------------------


def test_starting_a_running_campaign_is_409(api: Lists) -> None:
    campaign_id = api.campaign_id(SALES)
    api.client.post(f"{V3}/campaign/start/{campaign_id}")

    refused(api.client.post(f"{V3}/campaign/start/{campaign_id}"), 409)
    assert api.client.post(f"{V3}/campaign/stop/{campaign_id}").json() == {"state": "STOPPED"}


def test_stopping_a_stopped_campaign_is_409(api: Lists) -> None:
    campaign_id = api.campaign_id(SALES)
    api.client.post(f"{V3}/campaign/stop/{campaign_id}")

    refused(api.client.post(f"{V3}/campaign/stop/{campaign_id}"), 409)


@pytest.mark.parametrize("action", ["start", "stop"])
def test_a_disabled_campaign_can_be_neither_started_nor_stopped(api: Lists, action: str) -> None:
    campaign_id = api.campaign_id(WINBACK)

    assert "disabled" in refused(api.client.post(f"{V3}/campaign/{action}/{campaign_id}"), 409)
    assert api.json("GET", f"{V3}/campaign/getStatus/{campaign_id}")["enabled"] is False


@pytest.mark.parametrize(
    ("method", "action", "extra"),
    [
        ("PATCH", "updateList", {}),
        ("POST", "unbindList", {}),
        ("POST", "getAllRecords", {"limit": 10}),
        ("POST", "getCompletedRecords", {"limit": 10}),
        ("POST", "getUpdatedRecords", {"limit": 10}),
        ("POST", "queryRecord", {"fields": {"id": "N1"}}),
    ],
)
def test_an_instance_of_another_campaign_is_409(
    api: Lists, method: str, action: str, extra: dict[str, Any]
) -> None:
    foreign = api.instance_id(RENEWALS, "Renewals.csv")
    body = {"instanceId": foreign, **extra}

    response = api.client.request(
        method, f"{V3}/campaign/{action}/{api.campaign_id(SALES)}", json=body
    )

    assert "not bound" in refused(response, 409)


def test_results_of_an_unknown_instance_are_409(api: Lists) -> None:
    body = {"instanceId": NOWHERE, "limit": 10}
    target = f"{V3}/campaign/getAllRecords/{api.campaign_id(SALES)}"

    refused(api.client.post(target, json=body), 409)


def test_a_duplicate_list_name_is_409(api: Lists) -> None:
    body = {"name": "Renewals.csv", "formatId": api.format_id("Web Leads.csv")}

    refused(api.client.post(f"{V3}/callinglist/createList", json=body), 409)


def test_a_duplicate_format_name_is_409(api: Lists) -> None:
    body = {"formatName": "Renewals format", "fields": [{"name": "p", "type": "PHONE"}]}

    refused(api.client.post(f"{V3}/callinglist/createListWithNewFormat", json=body), 409)


def test_adding_a_record_with_a_key_already_there_is_409(api: Lists) -> None:
    list_id, _ = api.scratch_list(1)

    response = api.client.post(f"{V3}/callinglist/add/{list_id}", json=lead(1, Status="new"))

    assert "duplicateKey" in refused(response, 409)


def test_deleting_by_a_campaign_the_list_is_not_bound_to_is_409(api: Lists) -> None:
    list_id, _ = api.scratch_list(2)
    body = {"byCampaignResult": {"campaignId": api.campaign_id(SALES), "policy": "ALL"}}

    refused(api.client.post(f"{V3}/callinglist/delete/{list_id}", json=body), 409)


# --- 415 --------------------------------------------------------------------------------------


@pytest.mark.parametrize("content_type", [None, "text/plain"])
def test_a_body_not_declared_as_json_is_415(api: Lists, content_type: str | None) -> None:
    headers = {"Content-Type": content_type} if content_type else {}

    response = api.client.post(
        f"{V3}/callinglist/getAll", content=b'{"limit": 10}', headers=headers
    )

    refused(response, 415)


# --- 400 --------------------------------------------------------------------------------------


def test_a_body_that_is_not_json_is_400(api: Lists) -> None:
    response = api.client.post(
        f"{V3}/callinglist/getAll",
        content=b'{"limit": 10,}',
        headers={"Content-Type": "application/json"},
    )

    refused(response, 400)


def test_a_duplicated_parameter_is_400(api: Lists) -> None:
    response = api.client.post(
        f"{V3}/callinglist/getAll",
        content=b'{"limit": 10, "limit": 20}',
        headers={"Content-Type": "application/json"},
    )

    assert "Duplicated" in refused(response, 400)


def test_an_array_where_an_object_is_expected_is_400(api: Lists) -> None:
    refused(api.client.post(f"{V3}/callinglist/getAll", json=[{"limit": 10}]), 400)


def custom(*fields: dict[str, str]) -> dict[str, Any]:
    return {"type": "CUSTOM", "sortingFields": list(fields)}


@pytest.mark.parametrize(
    "body",
    [
        {},
        {"listId": ""},
        {"listId": "{list}", "order": 0},
        {"listId": "{list}", "dialingRatio": "many"},
        {"listId": "{list}", "enabled": "yes"},
        {"listId": "{list}", "sortingOrder": {"type": "ALPHABETICAL"}},
        {"listId": "{list}", "sortingOrder": {"type": "CUSTOM", "sortingFields": []}},
        {"listId": "{list}", "sortingOrder": custom({"fieldName": "Priority"})},
        {"listId": "{list}", "sortingOrder": custom({"fieldName": "Status", "sortOrder": "UP"})},
    ],
    ids=[
        "no listId",
        "empty listId",
        "order 0",
        "ratio not a number",
        "enabled not boolean",
        "unknown sorting",
        "custom without fields",
        "field not in the list",
        "unknown sort order",
    ],
)
def test_a_bad_bind_list_body_is_400(api: Lists, body: dict[str, Any]) -> None:
    list_id = api.list_id("Web Leads.csv")
    body = {k: v.replace("{list}", list_id) if isinstance(v, str) else v for k, v in body.items()}

    refused(api.client.post(f"{V3}/campaign/bindList/{api.campaign_id(SALES)}", json=body), 400)


@pytest.mark.parametrize(
    "extra",
    [
        {"startTime": "yesterday"},
        {"endTime": 1700000000},
        {"startTime": "2026-01-02T00:00:00.000", "endTime": "2026-01-01T00:00:00.000"},
        {"extractAttempts": "yes"},
    ],
    ids=["start not a time", "end not a time", "start after end", "attempts not boolean"],
)
def test_a_bad_results_body_is_400(api: Lists, extra: dict[str, Any]) -> None:
    body = {"instanceId": api.instance_id(RENEWALS, "Renewals.csv"), "limit": 10, **extra}
    target = f"{V3}/campaign/getCompletedRecords/{api.campaign_id(RENEWALS)}"

    refused(api.client.post(target, json=body), 400)


def test_querying_without_the_key_field_is_400(api: Lists) -> None:
    body = {"instanceId": api.instance_id(RENEWALS, "Renewals.csv"), "fields": {"phone": "1"}}
    target = f"{V3}/campaign/queryRecord/{api.campaign_id(RENEWALS)}"

    assert "key" in refused(api.client.post(target, json=body), 400)


@pytest.mark.parametrize(
    "body",
    [
        {},
        {"fields": {}},
        {"fields": {"firstName": "First1"}},
        {"fields": {"NoSuchField": "x"}},
        {"byCampaignResult": {"policy": "ALL"}},
        {"byCampaignResult": {"campaignId": "{campaign}", "policy": "SOME"}},
        {"createdFrom": "2026-01-02T00:00:00.000", "createdTo": "2026-01-01T00:00:00.000"},
        {"createdFrom": "last week"},
    ],
    ids=[
        "no criterion",
        "empty fields",
        "field neither key nor searchable",
        "unknown field",
        "campaign result without campaign",
        "unknown policy",
        "createdFrom after createdTo",
        "createdFrom not a time",
    ],
)
def test_a_bad_delete_filter_is_400(api: Lists, body: dict[str, Any]) -> None:
    list_id = api.list_id("Web Leads.csv")
    if "campaignId" in body.get("byCampaignResult", {}):
        body["byCampaignResult"]["campaignId"] = api.campaign_id(WINBACK)

    refused(api.client.post(f"{V3}/callinglist/delete/{list_id}", json=body), 400)


@pytest.mark.parametrize(
    "body",
    [{"fields": {"ID": "1"}}, {"fields": {"ID": "1"}, "reason": " "}, {"reason": "audit"}],
    ids=["no reason", "blank reason", "no fields"],
)
def test_erasing_without_reason_or_key_is_400(api: Lists, body: dict[str, Any]) -> None:
    target = f"{V3}/callinglist/erase/{api.list_id('Web Leads.csv')}"

    refused(api.client.post(target, json=body), 400)


@pytest.mark.parametrize(
    "body",
    [
        {"fromIndex": 0},
        {"fromIndex": -1, "maxSize": 10},
        {"fromIndex": 0, "maxSize": 1001},
        {"fromIndex": "first", "maxSize": 10},
    ],
    ids=["no maxSize", "negative index", "maxSize past 1000", "index not a number"],
)
def test_a_bad_deprecated_page_is_400(api: Lists, body: dict[str, Any]) -> None:
    target = f"{V3}/callinglist/getAll/{api.list_id('Sales Leads.csv')}/{api.campaign_id(SALES)}"

    refused(api.client.post(target, json=body), 400)


def test_getting_changed_records_without_from_time_is_400(api: Lists) -> None:
    target = (
        f"{V3}/callinglist/getChanged/{api.list_id('Sales Leads.csv')}/{api.campaign_id(SALES)}"
    )

    refused(api.client.post(target, json={"maxSize": 10}), 400)


PHONE = {"name": "phone", "type": "PHONE"}


@pytest.mark.parametrize(
    "fields",
    [
        [],
        [{"name": "id", "type": "OTHER"}],
        [PHONE, {"name": "phone", "type": "OTHER"}],
        [PHONE, {"name": "x", "type": "TEXT"}],
        [PHONE, {"name": "x", "type": "OTHER", "skip": True, "key": True}],
        [PHONE, {"name": "a", "type": "ACCOUNT"}, {"name": "b", "type": "ACCOUNT"}],
        [PHONE, {"name": "d", "type": "DATETIME", "format": "dd/MM/yy"}],
        [PHONE, {"name": "d", "type": "DATETIME", "timeZone": "Mars/Olympus"}],
        [{"name": "p", "type": "PHONE", "phoneType": "UK"}],
        [{"name": "p", "type": "PHONE", "removePrefix": "+"}],
        [PHONE, {"name": "x", "type": "OTHER", "required": "yes"}],
        [PHONE, {"name": "x", "type": "OTHER", "colour": "red"}],
    ],
    ids=[
        "no fields",
        "no phone field",
        "duplicate names",
        "unknown type",
        "skipped key",
        "two account fields",
        "unsupported date format",
        "unknown time zone",
        "unknown phone type",
        "prefix not digits",
        "flag not boolean",
        "unknown property",
    ],
)
def test_an_invalid_new_format_is_400(api: Lists, fields: list[dict[str, Any]]) -> None:
    body = {"formatName": unique("Bad format "), "fields": fields}

    refused(api.client.post(f"{V3}/callinglist/createListWithNewFormat", json=body), 400)


@pytest.mark.parametrize(
    "record",
    [
        {"ID": "X1", "Phone": ""},
        {"ID": "X2", "Phone": "12"},
        {"ID": "X3", "Phone": "4155550100", "Colour": "red"},
    ],
    ids=["required field empty", "phone in no valid form", "unknown field"],
)
def test_adding_a_record_that_does_not_fit_is_400(api: Lists, record: dict[str, Any]) -> None:
    list_id, _ = api.scratch_list()

    refused(api.client.post(f"{V3}/callinglist/add/{list_id}", json=record), 400)


def test_updating_a_record_with_a_bad_value_is_400(api: Lists) -> None:
    list_id, _ = api.scratch_list(1)

    response = api.client.post(
        f"{V3}/callinglist/update/{list_id}", json={"ID": "L1", "Phone": "1"}
    )

    assert "formatError" in refused(response, 400)
