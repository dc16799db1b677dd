"""A OneCloud CX tenant works by list name through v2; what v2 cannot do is hidden."""

from __future__ import annotations

import re
from urllib.parse import quote

import pytest
from django.test import Client

from bpcc.admin_api import AdminClient
from bpcc.models import Tenant
from console.models import AuditEntry
from tests.console.conftest import flashes, key

SALES = "Outbound Sales"


@pytest.fixture
def onecloud(tenant: Tenant) -> Tenant:
    tenant.flavour = Tenant.Flavour.ONECLOUD
    tenant.save()
    return tenant


def test_campaigns_are_listed_by_name_without_start_or_bind(
    admin: Client, onecloud: Tenant
) -> None:
    page = admin.get(f"/console/campaigns/{quote(SALES)}/").content.decode()

    assert "Sales Leads.csv" in page
    assert "Start…" not in page and "Stop…" not in page and "Bind a list" not in page
    assert admin.get(f"/console/campaigns/{quote(SALES)}/start/").status_code == 404
    assert admin.get("/console/lists/new/").status_code == 404


def test_progress_counts_completed_records_by_list_name_without_a_total(
    admin: Client, onecloud: Tenant
) -> None:
    campaign_list = admin.get("/console/campaigns/").content.decode()
    progress = admin.get("/console/campaigns/progress.json", {"name": [SALES, "No such"]}).json()

    assert (
        "Start…" not in campaign_list and 'data-campaign-progress="Outbound Sales"' in campaign_list
    )
    figures = progress["campaigns"][SALES]
    assert figures["total"] is None and figures["completed"] == sum(figures["lists"].values())
    assert list(figures["lists"]) == ["Sales Leads.csv"] and "No such" not in progress["campaigns"]


def test_a_list_page_by_name_offers_only_what_v2_can_do(admin: Client, onecloud: Tenant) -> None:
    page = admin.get(f"/console/lists/{quote('Sales Leads.csv')}/").content.decode()

    assert "Add a record" in page and "Delete all records" in page
    assert "Erase a record" not in page and "Delete records by filter" not in page
    assert "Delete this list" not in page
    assert re.search(r"<code>firstname</code>", page)


def test_a_record_is_added_by_list_name_and_audited(admin: Client, onecloud: Tenant) -> None:
    url = f"/console/lists/{quote('Sales Leads.csv')}/"
    form = {"idempotency_key": key(admin.get(url).content.decode()), "list_name": "Sales Leads.csv"}
    form |= {"field_id": "v2-1", "field_firstname": "Vee", "field_phone": "4155550199"}

    answer = admin.post(f"{url}records/add/", form, follow=True)

    assert flashes(answer) == ["The record is added."]
    entry = AuditEntry.objects.get()
    assert (
        entry.request_summary["request"] == "POST /configapi/v2/callinglist/add/Sales%20Leads.csv"
    )
    assert entry.upstream_status == 200
    with AdminClient(
        onecloud.base_url, timeout=10, client_id="wallboard-demo", client_secret="demo-secret"
    ) as api:
        sales = next(x["id"] for x in api.get_lists()["records"] if x["name"] == "Sales Leads.csv")
        api.erase_record(sales, {"id": "v2-1"}, "test clean-up")


def test_results_are_read_by_list_and_campaign_name(admin: Client, onecloud: Tenant) -> None:
    page = admin.get(f"/console/campaigns/{quote(SALES)}/results/", {"limit": 5}).content.decode()

    assert page.count("<tr><td>") >= 5
    assert "from_index=5" in page
