"""Who may do what with campaigns, lists and DNC lists: 401 without a valid token, 403
for the read-only user on every change, and reads allowed to that user."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any
from urllib.parse import quote

import httpx
import pytest

from tests.simulator.conftest import VIEWER, Sim
from tests.simulator.listapi import SALES, V2, V3, Lists

# (method, path, body); {campaign}, {list}, {instance}, {dnc}, {job} and the *_name
# placeholders are filled from the demo tenant.
CHANGES = [
    ("POST", V3 + "/campaign/start/{campaign}", None),
    ("POST", V3 + "/campaign/stop/{campaign}", None),
    ("POST", V3 + "/campaign/bindList/{campaign}", {"listId": "{list}"}),
    ("PATCH", V3 + "/campaign/updateList/{campaign}", {"instanceId": "{instance}"}),
    ("POST", V3 + "/campaign/unbindList/{campaign}", {"instanceId": "{instance}"}),
    ("DELETE", V3 + "/callinglist/deleteList/{list}", None),
    ("POST", V3 + "/callinglist/createList", {"name": "x.csv", "formatId": "{format}"}),
    ("POST", V3 + "/callinglist/createListWithNewFormat", {"formatName": "f", "fields": []}),
    ("POST", V3 + "/callinglist/addAll/{list}", []),
    ("POST", V3 + "/callinglist/add/{list}", {"ID": "x"}),
    ("POST", V3 + "/callinglist/updateAll/{list}", []),
    ("POST", V3 + "/callinglist/update/{list}", {"ID": "1"}),
    ("POST", V3 + "/callinglist/erase/{list}", {"fields": {"ID": "1"}, "reason": "r"}),
    ("POST", V3 + "/callinglist/delete/{list}", {"fields": {"ID": "1"}}),
    ("POST", V3 + "/callinglist/deleteAll/{list}", None),
    ("POST", V3 + "/donotcalllist/deleteAll/{dnc}", None),
    ("POST", V3 + "/donotcalllist/delete/{dnc}", [{"key": "8888888"}]),
    ("POST", V3 + "/donotcalllist/addAll/{dnc}", [{"key": "1"}]),
    ("POST", V3 + "/donotcalllist/add/{dnc}", [["1"]]),
    ("POST", V3 + "/donotcalllist/replaceAll/{dnc}", [["1"]]),
    ("POST", V2 + "/callinglist/addAll/{list_name}", []),
    ("POST", V2 + "/callinglist/add/{list_name}", {"ID": "x"}),
    ("POST", V2 + "/callinglist/deleteAll/{list_name}", None),
    ("POST", V2 + "/callinglist/update/{list_name}", {"ID": "1"}),
    ("POST", V2 + "/donotcalllist/add/{dnc_name}", [["1"]]),
    ("POST", V2 + "/donotcalllist/replaceAll/{dnc_name}", [["1"]]),
    ("POST", V2 + "/donotcalllist/deleteAll/{dnc_name}", None),
    ("POST", V2 + "/donotcalllist/delete/{dnc_name}", [{"key": "1"}]),
]
READS = [
    ("GET", V3 + "/campaign/getAll", None),
    ("GET", V3 + "/campaign/getCampaign/{campaign}", None),
    ("GET", V3 + "/campaign/getStatus/{campaign}", None),
    ("POST", V3 + "/campaign/getAllRecords/{campaign}", {"instanceId": "{instance}", "limit": 5}),
    ("POST", V3 + "/callinglist/getAll", {"limit": 10}),
    ("GET", V3 + "/callinglist/getList/{list}", None),
    ("POST", V3 + "/callinglist/getAll/{list}/{campaign}", {"fromIndex": 0, "maxSize": 5}),
    ("GET", V2 + "/campaign/getAll/", None),
    (
        "POST",
        V2 + "/callinglist/getAll/{list_name}/{campaign_name}",
        {"fromIndex": 0, "maxSize": 5},
    ),
]


@pytest.fixture(scope="module")
def places(sim: Sim) -> dict[str, str]:
    """Return the demo objects the placeholders name: Outbound Sales and Web Leads.csv."""
    with sim.client() as client:
        api = Lists(client)
        return {
            "campaign": api.campaign_id(SALES),
            "campaign_name": quote(SALES),
            "list": api.list_id("Web Leads.csv"),
            "list_name": quote("Web Leads.csv"),
            "format": api.format_id("Web Leads.csv"),
            "instance": api.instance_id(SALES, "Sales Leads.csv"),
            "dnc": api.dnc_id("Internal DNC"),
            "dnc_name": quote("Internal DNC"),
        }


@pytest.fixture
def viewer(sim: Sim) -> Iterator[httpx.Client]:
    with sim.client(VIEWER) as client:
        yield client


def fill(value: Any, places: dict[str, str]) -> Any:
    if isinstance(value, str):
        return value.format(**places) if "{" in value else value
    if isinstance(value, list):
        return [fill(v, places) for v in value]
    if isinstance(value, dict):
        return {k: fill(v, places) for k, v in value.items()}
    return value


def send(
    client: httpx.Client, places: dict[str, str], method: str, path: str, body: Any
) -> httpx.Response:
    return client.request(method, fill(path, places), json=fill(body, places))


def label(value: Any) -> str:
    return value if isinstance(value, str) and value.startswith("/") else ""


@pytest.mark.parametrize(("method", "path", "body"), CHANGES, ids=[c[1] for c in CHANGES])
def test_the_read_only_user_may_change_nothing(
    viewer: httpx.Client, places: dict[str, str], method: str, path: str, body: Any
) -> None:
    response = send(viewer, places, method, path, body)

    assert response.status_code == 403, response.text
    assert response.json()["error"] == "forbidden"


@pytest.mark.parametrize(("method", "path", "body"), READS, ids=[r[1] for r in READS])
def test_the_read_only_user_may_read_campaigns_and_lists(
    viewer: httpx.Client, places: dict[str, str], method: str, path: str, body: Any
) -> None:
    assert send(viewer, places, method, path, body).status_code == 200


def test_a_refused_start_leaves_the_campaign_stopped(
    sim: Sim, viewer: httpx.Client, places: dict[str, str]
) -> None:
    viewer.post(f"{V3}/campaign/start/{places['campaign']}")

    status = viewer.get(f"{V3}/campaign/getStatus/{places['campaign']}").json()
    assert status["state"] == "STOPPED"


@pytest.mark.parametrize(
    ("method", "path", "body"), [*CHANGES[:3], *READS[:3], *READS[-2:]], ids=lambda v: label(v)
)
def test_no_token_is_401(
    sim: Sim, places: dict[str, str], method: str, path: str, body: Any
) -> None:
    with httpx.Client(base_url=sim.url) as anonymous:
        response = send(anonymous, places, method, path, body)

    assert response.status_code == 401
    assert response.json()["error"] == "unauthorized"


def test_an_unknown_token_is_401(sim: Sim, places: dict[str, str]) -> None:
    headers = {"Authorization": "Bearer 0123456789ABCDEF"}
    with httpx.Client(base_url=sim.url, headers=headers) as client:
        assert client.get(f"{V3}/campaign/getAll").status_code == 401


def test_an_expired_token_is_401(sim: Sim, places: dict[str, str]) -> None:
    with sim.client() as client:
        assert client.get(f"{V3}/campaign/getAll").status_code == 200
        sim.control("POST", "tokens/expire")

        response = client.post(f"{V3}/campaign/start/{places['campaign']}")

    assert response.status_code == 401
    assert "expired" in response.json()["error_description"]
