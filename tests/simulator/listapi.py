"""Helpers for the list-management tests: find the demo objects through the API itself.

The demo tenant (simulator/list_demo.py) has the campaigns "Renewals Outbound"
(RUNNING), "Outbound Sales" (STOPPED) and "Win-back Outbound" (disabled), the lists
"Renewals.csv", "Sales Leads.csv" and "Web Leads.csv", and DNC lists of every type.
Tests look their ids up here rather than hard-coding what the simulator generated.
"""

from __future__ import annotations

import itertools
from datetime import UTC, datetime
from typing import Any

import httpx

V3 = "/configapi/v3"
V2 = "/configapi/v2"
RENEWALS, SALES, WINBACK = "Renewals Outbound", "Outbound Sales", "Win-back Outbound"
_unique = itertools.count(1)


def unique(prefix: str) -> str:
    """Return a name no other call in this test process returned."""
    return f"{prefix}{next(_unique)}"


def iso(timestamp: float) -> str:
    moment = datetime.fromtimestamp(timestamp, UTC)
    return moment.strftime("%Y-%m-%dT%H:%M:%S.") + f"{moment.microsecond // 1000:03d}"


class Lists:
    """Look up and create list-management objects through a client's requests."""

    def __init__(self, client: httpx.Client) -> None:
        self.client = client

    def json(self, method: str, path: str, body: Any = None) -> Any:
        response = self.client.request(method, path, json=body)
        assert response.status_code == 200, f"{method} {path}: {response.text}"
        return response.json() if response.content else None

    def lists(self) -> list[dict[str, Any]]:
        found: list[dict[str, Any]] = self.json("POST", f"{V3}/callinglist/getAll", {"limit": 100})[
            "records"
        ]
        return found

    def list_id(self, name: str) -> str:
        return next(x["id"] for x in self.lists() if x["name"] == name)

    def format_id(self, list_name: str) -> str:
        return next(x["formatId"] for x in self.lists() if x["name"] == list_name)

    def campaign_id(self, name: str) -> str:
        """Return a campaign's id, disabled ones too (found through their lists)."""
        for calling_list in self.lists():
            detail = self.json("GET", f"{V3}/callinglist/getList/{calling_list['id']}")
            for bound in detail["campaigns"]:
                if bound["campaignName"] == name:
                    return str(bound["campaignId"])
        raise LookupError(name)

    def campaign(self, name: str) -> dict[str, Any]:
        found: dict[str, Any] = self.json(
            "GET", f"{V3}/campaign/getCampaign/{self.campaign_id(name)}"
        )
        return found

    def instance_id(self, campaign: str, list_name: str, position: int = 0) -> str:
        instances = [x for x in self.campaign(campaign)["lists"] if x["name"] == list_name]
        return str(instances[position]["instanceId"])

    def dnc_id(self, name: str) -> str:
        for campaign in (RENEWALS, SALES, WINBACK):
            for dnc in self.campaign(campaign)["dncLists"]:
                if dnc["name"] == name:
                    return str(dnc["id"])
        raise LookupError(name)

    def scratch_list(self, records: int = 0, prefix: str = "Scratch") -> tuple[str, str]:
        """Create a list in the "Web Leads.csv" format with `records` records: (id, name)."""
        name = unique(f"{prefix} ") + ".csv"
        body = {"name": name, "formatId": self.format_id("Web Leads.csv")}
        list_id = self.json("POST", f"{V3}/callinglist/createList", body)["id"]
        rows = [lead(n) for n in range(1, records + 1)]
        if rows:
            assert self.json("POST", f"{V3}/callinglist/addAll/{list_id}", rows) == {
                "added": records
            }
        return list_id, name

    def all_records(self, campaign: str, instance_id: str, **extra: Any) -> list[dict[str, Any]]:
        """Return every record of an instance, following the cursor page by page."""
        records: list[dict[str, Any]] = []
        body: dict[str, Any] = {"instanceId": instance_id, "limit": 1000, **extra}
        path = f"{V3}/campaign/getAllRecords/{self.campaign_id(campaign)}"
        while True:
            page = self.json("POST", path, body)
            records += page["records"]
            if page["next_cursor"] is None:
                return records
            body["cursor"] = page["next_cursor"]


def lead(n: int, **fields: Any) -> dict[str, Any]:
    """Return a record in the "Web leads format" (ID, firstName, lastName, Phone, Status)."""
    return {
        "ID": f"L{n}",
        "firstName": f"First{n}",
        "lastName": f"Last{n}",
        "Phone": f"(415) 555-{n:04d}",
        "Status": "Gold",
        **fields,
    }


def now(sim_url: str) -> float:
    """Return the simulator's current simulated time."""
    state: float = httpx.get(f"{sim_url}/_sim/state").json()["now"]
    return state
