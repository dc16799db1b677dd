"""A OneCloud CX tenant's list is changed only by what its v2 API can do: a filter
delete or an erase sent by hand is refused, and every record stays."""

from __future__ import annotations

from collections.abc import Iterator
from urllib.parse import quote

import pytest
from django.test import Client

from bpcc.admin_api import AdminClient
from bpcc.models import Tenant
from console.models import AuditEntry, DeleteJob
from console.views.records import NO_V2_ERASE, NO_V2_FILTER_DELETE
from tests.console.conftest import Sim, flashes, key, signed
from tests.simulator.listapi import unique

RECORDS = 6


@pytest.fixture
def own_list(api: AdminClient) -> Iterator[tuple[str, str]]:
    """Return (id, name) of a new list of RECORDS records, F1 to F6, in the Web Leads
    format; it is deleted afterwards."""
    lists = api.get_lists()["records"]
    web_format = next(x["formatId"] for x in lists if x["name"] == "Web Leads.csv")
    name = unique("OneCloud only ") + ".csv"
    list_id = api.create_list(name, web_format)
    records = [{"ID": f"F{n}", "Phone": f"41555502{n:02d}"} for n in range(1, RECORDS + 1)]
    assert api.add_records(list_id, records)["added"] == RECORDS
    yield list_id, name
    api.delete_list(list_id)


@pytest.fixture
def onecloud(tenant: Tenant) -> Tenant:
    tenant.flavour = Tenant.Flavour.ONECLOUD
    tenant.save()
    return tenant


def hand_made(admin: Client, name: str, action: str, form: dict[str, str]) -> list[str]:
    """Post `form` to a list action by name, with a key and the list page's own signed
    confirmation (its "Delete all records" form's); return the flashes."""
    url = f"/console/lists/{quote(name)}/"
    page = admin.get(url).content.decode()
    sent = {"idempotency_key": key(page), "list_name": name, **form}
    sent |= {"confirm_expected": signed(page), "confirm_name": name}
    return flashes(admin.post(f"{url}records/{action}/", sent, follow=True))


def erase_requests(sim: Sim) -> int:
    return sum(n for call, n in sim.counts().items() if "/callinglist/erase/" in call)


def test_a_filter_delete_leaves_every_record_and_says_why(
    admin: Client, api: AdminClient, onecloud: Tenant, own_list: tuple[str, str]
) -> None:
    list_id, name = own_list

    said = hand_made(admin, name, "delete", {"fields": "ID=F1", "policy": "ALL"})

    assert said == [NO_V2_FILTER_DELETE]
    assert api.get_list(list_id)["totalRecords"] == RECORDS
    assert not AuditEntry.objects.exists() and not DeleteJob.objects.exists()


def test_an_erase_reaches_no_v3_method_by_the_lists_name(
    admin: Client, api: AdminClient, sim: Sim, onecloud: Tenant, own_list: tuple[str, str]
) -> None:
    list_id, name = own_list
    erases = erase_requests(sim)

    said = hand_made(admin, name, "erase", {"fields": "ID=F1", "reason": "by hand"})

    assert said == [NO_V2_ERASE]
    assert erase_requests(sim) == erases
    assert api.get_list(list_id)["totalRecords"] == RECORDS
    assert not AuditEntry.objects.exists()


def test_delete_all_still_deletes_every_record_at_once(
    admin: Client, api: AdminClient, onecloud: Tenant, own_list: tuple[str, str]
) -> None:
    list_id, name = own_list

    said = hand_made(admin, name, "delete-all", {})

    assert said == [f"Every record of “{name}” is deleted."]
    assert api.get_list(list_id)["totalRecords"] == 0
