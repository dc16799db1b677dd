"""A campaign admin creates a list with a new format in the field editor, exports a
campaign's results as a streamed CSV, and adds DNC entries with per-entry results."""

from __future__ import annotations

import itertools

import pytest
from playwright.sync_api import Page, expect

from bpcc.admin_api import AdminClient
from tests.browser.test_board_page import log_in
from tests.conftest import Stack

pytestmark = [pytest.mark.e2e, pytest.mark.browser]

_n = itertools.count(1)


def test_a_list_is_created_with_a_new_format_from_the_field_editor(
    page: Page, stack: Stack, api: AdminClient
) -> None:
    name = f"Editor list {next(_n)}.csv"
    log_in(page, stack, "/console/lists/new/")
    form = page.locator("form", has_text="With a new format")
    form.get_by_label("List name").fill(name)
    form.get_by_label("Format name").fill(f"Editor format {name}")
    for n, (field, kind) in enumerate(
        [("account", "ACCOUNT"), ("mobile", "PHONE"), ("first", "FIRST_NAME")]
    ):
        form.get_by_label(f"Field name {n + 1}").fill(field)
        form.get_by_label(f"Field type {n + 1}").select_option(kind)
    form.get_by_label("Key 1").check()
    form.get_by_label("Required 2").check()
    form.get_by_role("button", name="Add a field").click()
    form.locator('input[name="field_name"]').last.fill("callback")
    form.locator('select[name="field_type"]').last.select_option("DATETIME_CALL_AT")
    form.locator('input[name="field_searchable"]').last.check()

    form.get_by_role("button", name="Create list and format").click()

    expect(page.locator(".flash")).to_contain_text("are created")
    expect(page.get_by_role("heading", name=name)).to_be_visible()
    expect(page.locator("p", has_text="Fields:").locator("code")).to_have_text(
        ["account", "mobile", "first", "callback"]
    )
    found = next(x for x in api.get_lists()["records"] if x["name"] == name)
    api.delete_list(found["id"])


def test_campaign_results_are_exported_as_a_streamed_csv(
    page: Page, stack: Stack, api: AdminClient
) -> None:
    renewals = next(c["id"] for c in api.get_campaigns() if c["name"] == "Renewals Outbound")
    log_in(page, stack, f"/console/campaigns/{renewals}/results/")
    expect(page.locator("table.results tbody tr")).to_have_count(50)

    with page.expect_download() as download:
        page.get_by_role("link", name="Export CSV").click()

    lines = download.value.path().read_text().strip().splitlines()
    total = api.get_campaign(renewals)["lists"][0]["totalRecords"]
    assert lines[0].startswith("firstname,lastname,date_time,phone,id,completed,")
    assert len(lines) == total + 1
    expect(page.locator("[data-export-text]")).to_have_text(f"{total} records exported")


def test_dnc_entries_are_added_with_a_result_for_each(
    page: Page, stack: Stack, api: AdminClient
) -> None:
    sales = next(c["id"] for c in api.get_campaigns() if c["name"] == "Outbound Sales")
    area = next(d for d in api.get_campaign(sales)["dncLists"] if d["name"] == "Area Code DNC")
    log_in(page, stack, "/console/dnc/")
    page.get_by_role("link", name="Area Code DNC").click()
    form = page.locator("form", has_text="Add entries")
    form.get_by_label("Paste one").fill("555,test entry\n209,already there\n,no key")

    form.get_by_role("button", name="Add entries").click()

    expect(page.locator(".flash")).to_contain_text("1 of 3 entries added.")
    rows = page.locator("table.per-record tbody tr")
    expect(rows).to_have_count(3)
    expect(rows.nth(0)).to_contain_text("added")
    expect(rows.nth(1)).to_contain_text("duplicateKey")
    expect(rows.nth(2)).to_contain_text("missingKey")
    api.dnc_delete(area["id"], ["555"])
