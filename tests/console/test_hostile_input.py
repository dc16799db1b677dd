"""What a console page does with input no form sends and answers no document allows:
an id of `..` or with a control character gets a 400 before the tenant is asked; a
query string that is not a number or a date gets a 400 saying which; a tenant answer
of the wrong shape is shown as a tenant failure in plain words, never a server error."""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

import httpx
import pytest
from django.test import Client

from bpcc.models import Tenant
from console.models import AuditEntry
from tests.console.conftest import Sim

pytestmark = pytest.mark.django_db


def asked(sim: Sim) -> int:
    """Return how many API requests the simulator has served (tokens aside)."""
    return sum(n for name, n in sim.counts().items() if "oauth" not in name)


@pytest.mark.parametrize(
    "url",
    [
        "/console/lists/../",
        "/console/lists/%2E%2E/",
        "/console/lists/./fields.json",
        "/console/campaigns/../",
        "/console/campaigns/../results/",
        "/console/campaigns/../results.csv",
        "/console/campaigns/C1/instances/../",
        "/console/dnc/%0A/",
        "/console/lists/a%00b/",
    ],
)
def test_an_id_that_is_no_path_segment_gets_a_400_and_reaches_no_tenant(
    admin: Client, sim: Sim, url: str
) -> None:
    before = asked(sim)

    response = admin.get(url)

    assert response.status_code == 400
    assert "Nothing was changed" in response.content.decode()
    assert asked(sim) == before


def test_a_change_with_a_bad_id_is_refused_and_not_audited(admin: Client, sim: Sim) -> None:
    before = asked(sim)

    response = admin.post("/console/campaigns/../start/", {"confirm": "..", "idempotency_key": "k"})

    assert response.status_code == 400
    assert asked(sim) == before and not AuditEntry.objects.exists()


@pytest.mark.parametrize(
    ("query", "said"),
    [
        ("limit=abc", "'limit' must be a whole number from 1 to 1000"),
        ("limit=²", "'limit' must be a whole number"),
        ("limit=" + "9" * 5000, "'limit' must be a whole number"),
        ("from_index=-1", "'from_index' must be a whole number"),
        ("kind=completed&start=yesterday", "'start' must be a date and time"),
    ],
)
def test_a_results_query_that_is_not_a_number_or_a_time_gets_a_400(
    admin: Client, sim: Sim, tenant: Tenant, query: str, said: str
) -> None:
    for url in ("/console/campaigns/C1/results/", "/console/campaigns/C1/results.csv"):
        response = admin.get(f"{url}?{query}")

        assert response.status_code == 400
        assert said in response.content.decode().replace("&#x27;", "'")


@pytest.mark.parametrize("query", ["since=x", "until=2024-13-01", "since=²"])
def test_an_audit_date_that_is_no_date_gets_a_400(admin: Client, query: str) -> None:
    for url in ("/console/audit/", "/console/audit/export.csv"):
        response = admin.get(f"{url}?{query}")

        assert response.status_code == 400
        assert "must be a date such as 2024-01-31" in response.content.decode()


@pytest.fixture
def fault(sim: Sim) -> Iterator[Any]:
    """Return a function that makes the simulator answer `path` with `body` (JSON text)."""
    made: list[int] = []

    def inject(path: str, body: Any) -> None:
        spec = {"path": path, "body": json.dumps(body), "status": 200}
        made.append(sim.control("faults", spec)["id"])

    yield inject
    for fault_id in made:
        httpx.delete(f"{sim.url}/_sim/faults/{fault_id}", timeout=10)


@pytest.mark.parametrize(
    ("url", "path", "body", "said"),
    [
        ("/console/campaigns/", "/configapi/v3/campaign/getAll", {"id": 1}, "not a list"),
        (
            "/console/campaigns/",
            "/configapi/v3/campaign/getAll",
            [{"id": ["C1"], "name": "x", "state": "RUNNING"}],
            "the answer[0].id is a list, not text",
        ),
        (
            "/console/lists/",
            "/configapi/v3/callinglist/getAll",
            {"next_cursor": None, "records": "x"},
            "records is text, not a list",
        ),
        (
            "/console/dnc/",
            "/configapi/v3/campaign/getCampaign",
            {"name": "x", "enabled": True, "state": "RUNNING", "lists": [], "dncLists": 7},
            "dncLists is a number, not a list",
        ),
        (
            "/console/campaigns/C1/",
            "/configapi/v3/campaign/getCampaign",
            {"name": "x", "enabled": True, "state": "RUNNING", "dncLists": [], "lists": [{}]},
            "has no 'dialingRatio'",
        ),
        (
            "/console/campaigns/C1/results/",
            "/configapi/v3/campaign/getCampaign",
            {"name": "x", "enabled": "yes", "state": "RUNNING", "lists": [], "dncLists": []},
            "enabled is text, not true or false",
        ),
    ],
)
def test_a_tenant_answer_of_the_wrong_shape_is_shown_in_plain_words(
    admin: Client, tenant: Tenant, fault: Any, url: str, path: str, body: Any, said: str
) -> None:
    fault(path, body)

    response = admin.get(url)

    page = response.content.decode().replace("&#x27;", "'")
    assert response.status_code == 502
    assert "The tenant&#x27;s answer could not be read" in response.content.decode()
    assert said in page


def test_a_onecloud_changed_record_of_the_wrong_shape_is_shown_in_plain_words(
    admin: Client, tenant: Tenant, fault: Any
) -> None:
    tenant.flavour = Tenant.Flavour.ONECLOUD
    tenant.save()
    fault("/configapi/v2/callinglist/getCompleted", [{"entry": "x", "completed": True}])
    query = {"list": "Sales Leads.csv", "kind": "completed"}

    response = admin.get("/console/campaigns/Outbound Sales/results/", query)

    assert response.status_code == 502
    assert "the answer[0].entry is text, not an object" in response.content.decode()


@pytest.mark.parametrize("task_id", ["a/b", "..", "x\ny"])
def test_a_task_look_up_of_an_id_with_no_page_gets_a_400(
    admin: Client, sim: Sim, task_id: str
) -> None:
    before = asked(sim)

    response = admin.get("/console/tasks/lookup/", {"task_id": task_id})

    assert response.status_code == 400
    assert (
        "An id or name" in response.content.decode() or "is not an id" in response.content.decode()
    )
    assert asked(sim) == before
