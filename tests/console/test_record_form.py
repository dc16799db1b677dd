"""The record form is built from the list's format and checks each field as the tenant's
documented rules would, naming the field and the rule; an unbound list's page says how
its records can be read."""

from __future__ import annotations

import re
from urllib.parse import quote

import pytest
from django.test import Client
from django.utils.html import escape

from bpcc.admin_api import AdminClient
from bpcc.models import Tenant
from console.record_form import check_record, record_fields, refused_fields
from console.views.list_records import NO_BINDING
from tests.console.conftest import describe, flashes, key
from tests.simulator.listapi import unique

FORMAT = [
    {"name": "code", "type": "ACCOUNT", "key": True, "required": True},
    {"name": "mobile", "type": "PHONE", "required": True, "phoneType": "US_CANADA"},
    {"name": "home", "type": "PHONE"},
    {"name": "age", "type": "INTEGER"},
    {"name": "call_at", "type": "DATETIME_CALL_AT", "format": "yyyy-MM-dd HH:mm"},
    {"name": "notes", "type": "OTHER", "skip": True},
    {"name": "first", "type": "FIRST_NAME"},
]
SPEC = record_fields(FORMAT)


def test_skipped_fields_have_no_input_and_the_others_say_what_they_take() -> None:
    assert [f.name for f in SPEC] == ["code", "mobile", "home", "age", "call_at", "first"]
    hints = {f.name: f.hint for f in SPEC}
    assert hints["mobile"] == "US or Canada phone number" and hints["home"] == "phone number"
    assert hints["age"] == "whole number" and hints["call_at"].endswith("yyyy-MM-dd HH:mm")
    assert [f.input_type for f in SPEC][:3] == ["text", "tel", "tel"]


@pytest.mark.parametrize(
    ("values", "field", "says"),
    [
        (
            {"mobile": "not-a-number"},
            "mobile",
            "“not-a-number” is not a phone number: it has letters",
        ),
        ({"mobile": "1 650 555 123"}, "mobile", "a US or Canada number has ten digits"),
        ({"home": "555#1234", "mobile": "6505551234"}, "home", "it has “#”"),
        ({"age": "forty", "mobile": "6505551234"}, "age", "“forty” is not a whole number"),
        ({"call_at": "31/01/2024", "mobile": "6505551234"}, "call_at", "yyyy-MM-dd HH:mm"),
        ({"code": "", "mobile": "6505551234"}, "code", "code is the list's key and is empty here."),
        ({"code": "C1"}, "mobile", "mobile is required and is empty here."),
    ],
)
def test_a_value_against_its_fields_rule_is_refused_with_the_rule(
    values: dict[str, str], field: str, says: str
) -> None:
    _, errors = check_record(SPEC, {"code": "C1", **values}, updating=False)

    assert list(errors) == [field] and says in errors[field]


def test_a_good_record_is_sent_trimmed_without_its_empty_fields() -> None:
    typed = {"code": " C1 ", "mobile": "+1 (650) 555-1234", "age": "42", "first": ""}

    record, errors = check_record(SPEC, typed, updating=False)

    assert errors == {}
    assert record == {"code": "C1", "mobile": "+1 (650) 555-1234", "age": "42"}


def test_an_update_resets_emptied_fields_only_when_filled_from_the_record() -> None:
    typed = {"code": "C1", "mobile": "6505551234", "first": ""}

    by_hand, _ = check_record(SPEC, typed, updating=True)
    refilled, _ = check_record(SPEC, typed, updating=True, resetting=True)
    _, emptied = check_record(SPEC, {"code": "C1"}, updating=True, resetting=True)

    assert "first" not in by_hand and refilled["first"] is None and refilled["home"] is None
    assert list(emptied) == ["mobile"]


def test_a_field_the_tenant_names_in_its_refusal_is_marked() -> None:
    said = "formatError: 'age' must be an integer, got 'x'"

    assert refused_fields(SPEC, said) == ["age"]
    assert refused_fields(SPEC, "Duplicate key error") == []


def test_fields_known_only_by_name_are_sent_as_typed() -> None:
    spec = record_fields([{"name": "Phone"}, {"name": "ID"}])

    record, errors = check_record(spec, {"Phone": "anything", "ID": "1"}, updating=False)

    assert errors == {} and record == {"Phone": "anything", "ID": "1"}


def test_an_unbound_lists_page_says_records_are_read_through_a_campaign(
    admin: Client, api: AdminClient
) -> None:
    lists = api.get_lists()["records"]
    web_format = next(x["formatId"] for x in lists if x["name"] == "Web Leads.csv")
    list_id = api.create_list(unique("Unbound ") + ".csv", web_format)
    try:
        page = admin.get(f"/console/lists/{list_id}/").content.decode()
    finally:
        api.delete_list(list_id)

    assert escape(NO_BINDING) in page and "list-records" not in page and "find-record" not in page


def test_a_onecloud_lists_records_are_paged_by_index_and_cannot_be_erased(
    admin: Client, tenant: Tenant
) -> None:
    tenant.flavour = Tenant.Flavour.ONECLOUD
    tenant.save()
    url = f"/console/lists/{quote('Sales Leads.csv')}/"

    first = admin.get(url).content.decode()
    second = admin.get(url, {"via": "Outbound Sales", "cursor": "20", "back": ""})

    assert first.count("<tr><td>") == 20 and "cursor=20" in first
    assert "Previous page" in second.content.decode() and "Page 2" in second.content.decode()
    assert "Erase this record" not in first and "cannot erase one record" in first


def test_a_record_the_tenant_refuses_stays_in_the_form_as_typed(
    admin: Client, api: AdminClient
) -> None:
    lists = api.get_lists()["records"]
    web_format = next(x["formatId"] for x in lists if x["name"] == "Web Leads.csv")
    list_id = api.create_list(unique("Refusing ") + ".csv", web_format)
    api.add_record(list_id, {"ID": "D1", "Phone": "4155550101"})
    url = f"/console/lists/{list_id}/"
    typed = {"field_ID": "D1", "field_firstName": "Dora", "field_Phone": "4155550102"}
    # The console knows this format's fields by name only, so the tenant judges the phone.
    unphoned = {**typed, "field_ID": "D2", "field_Phone": "no digits"}
    try:
        sent = {"idempotency_key": key(admin.get(url).content.decode()), **typed}
        answer = admin.post(f"{url}records/add/", sent, follow=True)
        sent = {"idempotency_key": key(admin.get(url).content.decode()), **unphoned}
        marked = admin.post(f"{url}records/add/", sent, follow=True).content.decode()
    finally:
        api.delete_list(list_id)

    assert flashes(answer)[0].startswith("A record with this key is already in the list.")
    html = answer.content.decode()
    assert 'name="field_firstName" type="text" value="Dora"' in html
    assert 'name="field_Phone" type="text" value="4155550102"' in html
    assert 'name="field_Phone" type="text" value="no digits" id="add-' in marked
    assert re.search(r'class="field-error"[^>]*>The tenant refused this field: .*Phone', marked)


def test_fields_described_on_the_page_are_checked_by_the_record_form(
    admin: Client, api: AdminClient
) -> None:
    lists = api.get_lists()["records"]
    web_format = next(x["formatId"] for x in lists if x["name"] == "Web Leads.csv")
    list_id = api.create_list(unique("Described ") + ".csv", web_format)
    url = f"/console/lists/{list_id}/"
    try:
        said = describe(
            admin, list_id, {"Phone": "PHONE"}, ("ID",), ("ID", "Phone"), us_canada=("Phone",)
        )
        page = admin.get(url).content.decode()
        typed = {"field_ID": "E1", "field_Phone": "650 555 123"}
        refused = admin.post(f"{url}records/add/", {"idempotency_key": key(page), **typed})
    finally:
        api.delete_list(list_id)

    assert said == ["The fields are described: the record form checks them now."]
    assert refused.status_code == 400
    html = refused.content.decode()
    assert "a US or Canada number has ten digits" in html
    assert 'name="field_Phone" type="tel" value="650 555 123"' in html


def test_a_campaigns_look_up_page_is_titled_by_name_and_says_when_no_record_matches(
    admin: Client, api: AdminClient
) -> None:
    renewals = next(c["id"] for c in api.get_campaigns() if c["name"] == "Renewals Outbound")

    page = admin.get(f"/console/campaigns/{renewals}/query/", {"fields": "id=nobody"})

    html = page.content.decode()
    assert ">Renewals Outbound</a></h1>" in html and f">{renewals}<" not in html
    assert "No record has these key values." in html
