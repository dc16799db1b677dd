"""Conformance: every example of the List Management v3 seed (002) and of the OneCloud CX
(001) "Calling List", "Campaigns" and "Do Not Call List" folders, answered with the
documented status code and the same JSON keys at every level."""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any
from urllib.parse import quote

import httpx
import pytest

from tests.simulator.conformance import SEEDS, Example, differences, examples, shape
from tests.simulator.conftest import DEMO, Sim
from tests.simulator.listapi import (
    RENEWALS,
    SALES,
    V2,
    V3,
    WINBACK,
    Lists,
    iso,
    lead,
    now,
    unique,
)

FOLDERS_001 = {"Calling List", "Campaigns", "Do Not Call List"}


@dataclass(frozen=True)
class Erratum:
    """Where the seed contradicts itself, and what the test follows instead."""

    why: str
    status: int | None = None  # the status to expect instead of the example's code
    lenient_body: bool = False  # the example body is not JSON: read it leniently
    path: str | None = None  # the path to call instead of the example's URL


# Each erratum is checked to still hold (see test_each_erratum_is_real). Not listed, as
# the examples themselves are followed: seed 001's "Get Updated Records" request URL says
# .../getCompleted/... while its example (followed) calls .../getChanged/...; seed 001's
# DNC "Delete All Records" and "Delete Records" are described as returning counts, but
# their examples (followed) answer 200 with an empty body.
ERRATA: dict[tuple[str, str, str, str], Erratum] = {
    ("002", "Campaigns", "Get Campaign Status", "200 OK"): Erratum(
        "the example's code is 404 while its name says 200 OK and its body is the success "
        "body (name, enabled, state): the name and the body win",
        status=200,
    ),
    ("002", "Campaigns", "Start", "200 OK"): Erratum(
        'the body {"state": “RUNNING”} has typographic quotes, so it is not JSON',
        lenient_body=True,
    ),
    ("002", "Campaigns", "Stop", "200 OK"): Erratum(
        'the body {"state": “STOPPED”} has typographic quotes, so it is not JSON',
        lenient_body=True,
    ),
    ("002", "Lists", "Delete Many Records", "200 OK"): Erratum(
        'the body carries a "// in seconds" comment, which JSON does not allow',
        lenient_body=True,
    ),
    ("002", "Lists", "Delete All Records", "200 OK"): Erratum(
        'the body carries a "// in seconds" comment, which JSON does not allow',
        lenient_body=True,
    ),
    ("001", "Calling List", "Get Completed Records", "Get Completed Records"): Erratum(
        "the example's URL is .../getChanged/... (the Get Updated Records method) while its "
        "request and the body (completedTime, entry, status) are Get Completed Records'",
        path="/configapi/v2/callinglist/getCompleted/:list_name/:campaign_name",
    ),
}

Case = Callable[[Sim, Lists, Example], httpx.Response]


def lenient(text: str) -> Any:
    """Read a not-quite-JSON example body: typographic quotes, // comments."""
    text = text.replace("“", '"').replace("”", '"')
    return json.loads(re.sub(r"//[^\n]*", "", text))


def seed_body(seed: str, example: Example) -> Any:
    """Return the parsed body of the example's original request, or None."""
    [path] = SEEDS.glob(f"{seed}_*.txt")
    for folder in json.loads(path.read_text())["item"]:
        for item in folder.get("item", []):
            if (folder["name"], item["name"]) != (example.folder, example.request):
                continue
            for response in item["response"]:
                if response["name"] == example.name:
                    raw = (response["originalRequest"].get("body") or {}).get("raw", "")
                    return json.loads(raw) if raw.strip() else None
    raise LookupError(example.key)


def url(example: Example, **variables: str) -> str:
    """Return the example's path with its `:variables` filled in (URL-encoded)."""
    erratum = ERRATA.get((_seed(example), example.folder, example.request, example.name))
    path = erratum.path if erratum and erratum.path else example.path
    for name, value in sorted(variables.items(), key=lambda kv: -len(kv[0])):
        path = path.replace(f":{name}", quote(value, safe=""))
    return path


def _seed(example: Example) -> str:
    return "001" if "/configapi/v2/" in example.url else "002"


def call(api: Lists, example: Example, path: str, body: Any = None) -> httpx.Response:
    return api.client.request(example.method, path, json=body)


def with_history(api: Lists, campaign: str, list_name: str) -> str:
    """Return the id of a record of Sales Leads.csv called in the campaign's first instance."""
    path = f"{V3}/callinglist/getAll/{api.list_id(list_name)}/{api.campaign_id(campaign)}"
    records = api.json("POST", path, {"fromIndex": 0, "maxSize": 1000})
    return str(next(r["entry"]["id"] for r in records if "totalAttempts" in r["status"]))


def window(sim: Sim) -> dict[str, str]:
    """Return a startTime/endTime pair around the demo's results (the last week)."""
    current = now(sim.url)
    return {"startTime": iso(current - 7 * 86400), "endTime": iso(current + 86400)}


# --- seed 002, Authentication and Campaigns ----------------------------------------------------


def token(sim: Sim, api: Lists, example: Example) -> httpx.Response:
    form = {"client_id": DEMO[0], "client_secret": DEMO[1], "scope": "127.0.0.1"}
    return httpx.post(f"{sim.url}{example.path}", data={**form, "grant_type": "client_credentials"})


def by_campaign(name: str) -> Case:
    def case(sim: Sim, api: Lists, example: Example) -> httpx.Response:
        return call(api, example, url(example, campaign_id=api.campaign_id(name)))

    return case


def start(sim: Sim, api: Lists, example: Example) -> httpx.Response:
    campaign_id = api.campaign_id(SALES)
    api.client.post(f"{V3}/campaign/stop/{campaign_id}")  # whatever its state was
    return call(api, example, url(example, campaign_id=campaign_id))


def stop(sim: Sim, api: Lists, example: Example) -> httpx.Response:
    campaign_id = api.campaign_id(SALES)
    api.client.post(f"{V3}/campaign/start/{campaign_id}")  # whatever its state was
    return call(api, example, url(example, campaign_id=campaign_id))


def bind_list(sim: Sim, api: Lists, example: Example) -> httpx.Response:
    body = seed_body("002", example)
    body["listId"] = api.list_id("Web Leads.csv")
    body["sortingOrder"]["sortingFields"][0]["fieldName"] = "Status"  # the seed's "Priority"
    return call(api, example, url(example, campaign_id=api.campaign_id(SALES)), body)


def update_list(sim: Sim, api: Lists, example: Example) -> httpx.Response:
    body = seed_body("002", example)
    body["instanceId"] = api.instance_id(SALES, "Sales Leads.csv", position=1)
    body["sortingOrder"]["sortingFields"][0]["fieldName"] = "status"  # the seed's "Priority"
    return call(api, example, url(example, campaign_id=api.campaign_id(SALES)), body)


def unbind_list(sim: Sim, api: Lists, example: Example) -> httpx.Response:
    campaign_id = api.campaign_id(SALES)
    bound = api.json(
        "POST", f"{V3}/campaign/bindList/{campaign_id}", {"listId": api.list_id("Web Leads.csv")}
    )
    body = {**seed_body("002", example), "instanceId": bound["instanceId"]}
    return call(api, example, url(example, campaign_id=campaign_id), body)


def results(timed: bool) -> Case:
    def case(sim: Sim, api: Lists, example: Example) -> httpx.Response:
        body = seed_body("002", example)
        body["instanceId"] = api.instance_id(RENEWALS, "Renewals.csv")
        if timed:  # the seed's window is in 2023; the demo's results are from this week
            body.update(window(sim))
        return call(api, example, url(example, campaign_id=api.campaign_id(RENEWALS)), body)

    return case


def query_record(sim: Sim, api: Lists, example: Example) -> httpx.Response:
    body = {**seed_body("002", example), "instanceId": api.instance_id(RENEWALS, "Renewals.csv")}
    return call(api, example, url(example, campaign_id=api.campaign_id(RENEWALS)), body)


# --- seed 002, Lists ------------------------------------------------------------------------------


def old_reads(sim: Sim, api: Lists, example: Example) -> httpx.Response:
    target = url(
        example, list_id=api.list_id("Sales Leads.csv"), campaign_id=api.campaign_id(SALES)
    )
    return call(api, example, target, seed_body("002", example))


def old_query(campaign: str | None) -> Case:
    """Query a record of Sales Leads.csv in a campaign with 0 (None), 1 or 2 instances of it."""

    def case(sim: Sim, api: Lists, example: Example) -> httpx.Response:
        # The seed queries by "phone"; the demo list's key field is "id".
        record = with_history(api, campaign or SALES, "Sales Leads.csv")
        campaign_id = api.campaign_id(campaign) if campaign else "aaa"
        target = url(example, list_id=api.list_id("Sales Leads.csv"), campaign_id=campaign_id)
        return call(api, example, target, {"id": record})

    return case


def by_list(name: str, body: bool = True) -> Case:
    def case(sim: Sim, api: Lists, example: Example) -> httpx.Response:
        payload = seed_body("002", example) if body else None
        return call(api, example, url(example, list_id=api.list_id(name)), payload)

    return case


def delete_list(sim: Sim, api: Lists, example: Example) -> httpx.Response:
    list_id, _ = api.scratch_list(3)
    return call(api, example, url(example, list_id=list_id))


def create_list(sim: Sim, api: Lists, example: Example) -> httpx.Response:
    body = {**seed_body("002", example), "formatId": api.format_id("Web Leads.csv")}
    return call(api, example, url(example), body)


def create_with_format(sim: Sim, api: Lists, example: Example) -> httpx.Response:
    return call(api, example, url(example), seed_body("002", example))


def add_record(sim: Sim, api: Lists, example: Example) -> httpx.Response:
    body = {**seed_body("002", example), "id": unique("N-new-")}  # the seed's N3 exists
    return call(api, example, url(example, list_id=api.list_id("Renewals.csv")), body)


def update_many(sim: Sim, api: Lists, example: Example) -> httpx.Response:
    body = seed_body("002", example)
    body[1]["id"] = "N-missing"  # the example reports the second record's key not found
    return call(api, example, url(example, list_id=api.list_id("Renewals.csv")), body)


def erase(sim: Sim, api: Lists, example: Example) -> httpx.Response:
    list_id = api.list_id("Renewals.csv")
    record = {"id": unique("N-erase-"), "phone": "1004"}
    api.json("POST", f"{V3}/callinglist/add/{list_id}", record)
    body = {**seed_body("002", example), "fields": {"id": record["id"]}}  # "id" is the key
    return call(api, example, url(example, list_id=list_id), body)


def delete_many(sim: Sim, api: Lists, example: Example) -> httpx.Response:
    body = seed_body("002", example)
    body["fields"] = {"id": ["N390", "N391", "N392"]}  # the seed's "accountId"
    body["byCampaignResult"]["campaignId"] = api.campaign_id(RENEWALS)
    current = now(sim.url)
    body.update(createdFrom=iso(current - 30 * 86400), createdTo=iso(current))
    return call(api, example, url(example, list_id=api.list_id("Renewals.csv")), body)


def delete_all(sim: Sim, api: Lists, example: Example) -> httpx.Response:
    list_id, _ = api.scratch_list(5)
    return call(api, example, url(example, list_id=list_id))


def job_status(records: int, advance: float) -> Case:
    def case(sim: Sim, api: Lists, example: Example) -> httpx.Response:
        list_id, _ = api.scratch_list(records)
        job = api.json("POST", f"{V3}/callinglist/deleteAll/{list_id}")["job"]
        sim.advance(advance)
        return call(api, example, url(example, job_id=job))

    return case


# --- seed 002, DNC Lists ------------------------------------------------------------------------


def dnc(name: str, present: tuple[str, ...] = (), absent: tuple[str, ...] = ()) -> Case:
    """Call a DNC method on list `name` once `present` keys are in it and `absent` are not."""

    def case(sim: Sim, api: Lists, example: Example) -> httpx.Response:
        dnc_id = api.dnc_id(name)
        api.json("POST", f"{V3}/donotcalllist/addAll/{dnc_id}", [{"key": k} for k in present])
        api.json("POST", f"{V3}/donotcalllist/delete/{dnc_id}", [{"key": k} for k in absent])
        target = url(example, do_not_call_list_id=dnc_id, do_not_call_list_name=name)
        return call(api, example, target, seed_body(_seed(example), example))

    return case


# --- seed 001, OneCloud CX v2 by name -------------------------------------------------------------


def v2_list(name: str, campaign: str = "") -> Case:
    def case(sim: Sim, api: Lists, example: Example) -> httpx.Response:
        target = url(example, list_name=name, campaign_name=campaign)
        return call(api, example, target, seed_body("001", example))

    return case


def v2_add(*absent: str) -> Case:
    """Add the seed's own Web Leads records, once records with their IDs are gone."""

    def case(sim: Sim, api: Lists, example: Example) -> httpx.Response:
        list_id = api.list_id("Web Leads.csv")
        for record_id in absent:
            body = {"fields": {"ID": record_id}, "reason": "test set-up"}
            api.client.post(f"{V3}/callinglist/erase/{list_id}", json=body)
        return v2_list("Web Leads.csv")(sim, api, example)

    return case


def v2_delete_all(sim: Sim, api: Lists, example: Example) -> httpx.Response:
    _, name = api.scratch_list(4)
    return call(api, example, url(example, list_name=name))


def v2_query(sim: Sim, api: Lists, example: Example) -> httpx.Response:
    record = with_history(api, SALES, "Sales Leads.csv")  # the seed's "2" may be uncalled
    target = url(example, list_name="Sales Leads.csv", campaignname=SALES)
    return call(api, example, target, {"id": record})


def v2_update(sim: Sim, api: Lists, example: Example) -> httpx.Response:
    api.client.post(f"{V2}/callinglist/add/Web%20Leads.csv", json=lead(4, ID="4"))
    return v2_list("Web Leads.csv")(sim, api, example)


CASES: dict[tuple[str, str, str], Case] = {
    ("Authentication", "Get Access Token", "200 OK"): token,
    ("Campaigns", "Get Campaigns", "200 OK"): lambda sim, api, e: call(api, e, url(e)),
    ("Campaigns", "Get Campaign", "200 OK"): by_campaign(RENEWALS),
    ("Campaigns", "Get Campaign Status", "200 OK"): by_campaign(SALES),
    ("Campaigns", "Start", "200 OK"): start,
    ("Campaigns", "Stop", "200 OK"): stop,
    ("Campaigns", "Bind List", "200 OK"): bind_list,
    ("Campaigns", "Update List", "200 OK"): update_list,
    ("Campaigns", "Unbind List", "200 OK"): unbind_list,
    ("Campaigns", "Get All Records", "All"): results(timed=False),
    ("Campaigns", "Get Completed Records", "Completed"): results(timed=True),
    ("Campaigns", "Get Updated Records", "Updated"): results(timed=True),
    ("Campaigns", "Query a Record", "200 OK"): query_record,
    ("Lists", "Get All Records DEPRECATED", "200 OK"): old_reads,
    ("Lists", "Get Updated Records DEPRECATED", "200 OK"): old_reads,
    ("Lists", "Query a Record DEPRECATED", "0 instances - 200 OK"): old_query(None),
    ("Lists", "Query a Record DEPRECATED", "1 instance - 200 OK"): old_query(WINBACK),
    ("Lists", "Query a Record DEPRECATED", "2 instances - 200 OK"): old_query(SALES),
    ("Lists", "Get Lists", "200 OK"): lambda sim, api, e: call(api, e, url(e), seed_body("002", e)),
    ("Lists", "Get List", "200 OK"): by_list("Sales Leads.csv", body=False),
    ("Lists", "Delete List and Orphaned Format", "200 OK"): delete_list,
    ("Lists", "Create List", "200 OK"): create_list,
    ("Lists", "Create List with New Format", "200 OK"): create_with_format,
    ("Lists", "Add Many Records", "200 OK"): by_list("Renewals.csv"),
    ("Lists", "Add Record", "200 OK"): add_record,
    ("Lists", "Update Many Records", "200 OK"): update_many,
    ("Lists", "Update Record", "200 OK"): by_list("Renewals.csv"),
    ("Lists", "Erase Record", "200 OK"): erase,
    ("Lists", "Delete Many Records", "200 OK"): delete_many,
    ("Lists", "Delete All Records", "200 OK"): delete_all,
    ("Lists", "Get Job Status", "200 OK: Job Processing"): job_status(30, advance=0),
    ("Lists", "Get Job Status", "200 OK: Job Completed"): job_status(5, advance=5),
    ("DNC Lists", "Delete All Records", "200 OK"): dnc("Postal DNC"),
    ("DNC Lists", "Delete Many Records", "200 OK"): dnc(
        "Internal DNC", present=("8888888",), absent=("9999999",)
    ),
    ("DNC Lists", "Add Many Records", "200 OK"): dnc(
        "Internal DNC", present=("8888888",), absent=("9999999",)
    ),
    ("DNC Lists", "Add Records DEPRECATED", "200 OK"): dnc("Internal DNC"),
    ("DNC Lists", "Replace Records DEPRECATED", "200 OK"): dnc("Area Code DNC"),
    ("Calling List", "Add Many Records", "Add Many Records"): v2_add("5", "6"),
    ("Calling List", "Add Record", "Add Record"): v2_add("4"),
    ("Calling List", "Delete All Records", "Delete All Records"): v2_delete_all,
    ("Calling List", "Get All Records", "Get All Records"): v2_list("Sales Leads.csv", SALES),
    ("Calling List", "Get Completed Records", "Get Completed Records"): v2_list(
        "Sales Leads.csv", SALES
    ),
    ("Calling List", "Get Updated Records", "Get Updated Records"): v2_list(
        "Sales Leads.csv", SALES
    ),
    ("Calling List", "Query a Record", "Query a Record"): v2_query,
    ("Calling List", "Update Record", "Update Record"): v2_update,
    ("Campaigns", "Get Campaigns", "Get Campaigns"): lambda sim, api, e: call(api, e, url(e)),
    ("Do Not Call List", "Add Records to DNC", "Add Records to DNC"): dnc("Internal DNC"),
    ("Do Not Call List", "Replace Records in DNC", "Replace Records in DNC"): dnc("Area Code DNC"),
    ("Do Not Call List", "Delete All Records", "Delete All Records"): dnc("Postal DNC"),
    ("Do Not Call List", "Delete Records", "Delete Records"): dnc(
        "Internal DNC", present=("8888888",)
    ),
}

ALL = [("002", e) for e in examples("002")] + [
    ("001", e) for e in examples("001") if e.folder in FOLDERS_001
]


def _case_key(example: Example) -> tuple[str, str, str]:
    return (example.folder, example.request, example.name)


def test_every_example_has_a_case() -> None:
    assert [_case_key(e) for _, e in ALL] == list(CASES)
    assert len(ALL) == 50, "37 examples in seed 002 and 13 in seed 001's list folders"


def test_each_erratum_is_real() -> None:
    """Each erratum names an example that exists and still contradicts itself."""
    by_key = {(seed, *_case_key(e)): e for seed, e in ALL}
    for key, erratum in ERRATA.items():
        example = by_key[key]
        if erratum.status is not None:
            assert example.status != erratum.status
        if erratum.lenient_body:
            assert isinstance(example.body, str)
        if erratum.path is not None:
            assert example.path != erratum.path


def expected(seed: str, example: Example) -> tuple[int, Any]:
    erratum = ERRATA.get((seed, *_case_key(example)))
    status, body = example.status, example.body
    if erratum and erratum.status is not None:
        status = erratum.status
    if erratum and erratum.lenient_body:
        body = lenient(body)
    return status, body


@pytest.mark.parametrize(
    ("seed", "example"), ALL, ids=lambda v: v if isinstance(v, str) else "/".join(_case_key(v))
)
def test_the_simulator_answers_like_the_example(sim: Sim, seed: str, example: Example) -> None:
    with sim.client() as client:
        response = CASES[_case_key(example)](sim, Lists(client), example)

    status, body = expected(seed, example)
    assert response.status_code == status, response.text
    actual = response.json() if response.content else None
    assert differences(shape(body), shape(actual)) == []
