"""The server refuses to start an import while a required or key field of the list's
format has no column, whatever the page let through, and its preview says why."""

from __future__ import annotations

import io
import itertools
from collections.abc import Iterator

import pytest
from django.test import Client

from bpcc.admin_api import AdminClient
from bpcc.models import Tenant
from console import formats
from console.models import ImportJob
from tests.console.conftest import describe

FIELDS = [
    {"name": "ID", "type": "OTHER", "required": True, "key": True},
    {"name": "Phone", "type": "PHONE", "required": True, "phoneType": "US_CANADA"},
]
_names = itertools.count(1)


@pytest.fixture
def list_id(api: AdminClient, tenant: Tenant) -> Iterator[str]:
    """Return a new empty list whose format the console knows, as if created here."""
    n = next(_names)
    created = api.create_list_with_format(f"Checks format {n}", FIELDS, f"Checks {n}.csv")
    formats.remember(tenant, created["formatId"], FIELDS)
    yield created["id"]
    api.delete_list(created["id"])


def uploaded(admin: Client, list_id: str) -> str:
    upload = io.BytesIO(b"Customer No,Phone Number\nC1,4155550101\nC2,12ab\n")
    upload.name = "two.csv"
    response = admin.post(f"/console/lists/{list_id}/import/", {"file": upload})
    return str(response["Location"])


def test_a_mapping_without_the_required_phone_is_refused_by_the_server(
    admin: Client, list_id: str
) -> None:
    url = uploaded(admin, list_id)
    offered = admin.get(url).content.decode()
    assert 'value="Phone" selected' in offered
    assert 'value="ID" selected' not in offered  # "Customer No" is no name of "ID"

    response = admin.post(url, {"map_0": "ID", "map_1": ""})

    assert response.status_code == 400
    assert "“Phone” is required and no column goes to it" in response.content.decode()
    assert ImportJob.objects.get().state == ImportJob.State.MAPPING


def test_the_preview_shows_the_rows_as_sent_and_which_are_not(admin: Client, list_id: str) -> None:
    url = uploaded(admin, list_id)

    html = admin.get(f"{url}preview/", {"map_0": "ID", "map_1": "Phone"}).content.decode()

    assert 'data-blocked="0"' in html
    assert "<td>4155550101</td>" in html
    assert "Not sent: Phone: “12ab” is not a phone number: it has letters" in html


def test_a_described_lists_fields_are_checked_before_start_and_on_each_row(
    admin: Client, api: AdminClient
) -> None:
    web_format = next(
        x["formatId"] for x in api.get_lists()["records"] if x["name"] == "Web Leads.csv"
    )
    list_id = api.create_list(f"Described import {next(_names)}.csv", web_format)
    try:
        said = describe(admin, list_id, {"Phone": "PHONE"}, keys=("ID",), required=("Phone",))
        url = uploaded(admin, list_id)
        blocked = admin.post(url, {"map_0": "ID", "map_1": ""})
        preview = admin.get(f"{url}preview/", {"map_0": "ID", "map_1": "Phone"})
    finally:
        api.delete_list(list_id)

    assert said == ["The fields are described: the record form checks them now."]
    assert blocked.status_code == 400
    assert "“Phone” is required and no column goes to it" in blocked.content.decode()
    assert ImportJob.objects.get().state == ImportJob.State.MAPPING
    html = preview.content.decode()
    assert "<td>4155550101</td>" in html
    assert "Not sent: Phone: “12ab” is not a phone number: it has letters" in html
