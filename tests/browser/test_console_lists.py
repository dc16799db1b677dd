"""A campaign admin creates a list with a new format in the field editor, browses a
bound list's records page by page, finds one by key, adds one through the typed form (a
bad phone is refused there, the form kept as typed), updates and erases it, exports a
campaign's results as a streamed CSV, and adds DNC entries with per-entry results."""

from __future__ import annotations

import itertools
from collections.abc import Iterator

import pytest
from playwright.sync_api import Locator, Page, expect

from bpcc.admin_api import AdminClient, NotFound
from console.views.list_records import PAGE_SIZE as PAGE
from tests.browser.test_board_page import log_in
from tests.conftest import ARTIFACTS, Stack

pytestmark = [pytest.mark.e2e, pytest.mark.browser]

_n = itertools.count(1)
RECORDS = 2 * PAGE + 5  # three pages of records, the last one short


def fill_new_format(page: Page, stack: Stack, name: str, key: str) -> Locator:
    """Open the new-list page and fill its "With a new format" form for list `name`:
    fields `key` (ACCOUNT, the key), mobile (PHONE, required) and first (FIRST_NAME).
    Return the form, not yet sent."""
    log_in(page, stack, "/console/lists/new/")
    form = page.locator("form", has_text="With a new format")
    form.get_by_label("List name").fill(name)
    form.get_by_label("Format name").fill(f"Format of {name}")
    for n, (field, kind) in enumerate(
        [(key, "ACCOUNT"), ("mobile", "PHONE"), ("first", "FIRST_NAME")]
    ):
        form.get_by_label(f"Field name {n + 1}").fill(field)
        form.get_by_label(f"Field type {n + 1}").select_option(kind)
    form.get_by_label("Key 1").check()
    form.get_by_label("Required 2").check()
    return form


def test_a_list_is_created_with_a_new_format_from_the_field_editor(
    page: Page, stack: Stack, api: AdminClient
) -> None:
    name = f"Editor list {next(_n)}.csv"
    form = fill_new_format(page, stack, name, "account")
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


@pytest.fixture
def bound_list(page: Page, stack: Stack, api: AdminClient) -> Iterator[dict[str, str]]:
    """Return a list made in the console's field editor (so the console knows its field
    types), bound to a stopped campaign and holding RECORDS records; it is unbound and
    deleted afterwards."""
    name = f"Browsed list {next(_n)}.csv"
    form = fill_new_format(page, stack, name, "code")
    form.get_by_role("button", name="Create list and format").click()
    expect(page.locator(".flash")).to_contain_text("are created")
    list_id = next(x["id"] for x in api.get_lists()["records"] if x["name"] == name)
    campaign = next(c["id"] for c in api.get_campaigns() if c["name"] == "Outbound Sales")
    settings = {"listId": list_id, "enabled": True, "order": 1, "dialingRatio": 1}
    instance = api.bind_list(campaign, settings)["instanceId"]
    rows = [
        {"code": f"R{n:03d}", "mobile": f"41555{n:05d}", "first": f"Name {n}"}
        for n in range(RECORDS)
    ]
    assert api.add_records(list_id, rows)["added"] == RECORDS
    try:
        yield {"id": list_id, "name": name, "campaign": campaign, "instance": instance}
    finally:
        api.unbind_list(campaign, instance)
        api.delete_list(list_id)


def codes_of(api: AdminClient, bound: dict[str, str], cursor: str | None) -> tuple[list[str], str]:
    """Return the codes of one page of the campaign's results as the simulator has them."""
    found = api.get_records(bound["campaign"], "all", bound["instance"], limit=PAGE, cursor=cursor)
    return [r["entry"]["code"] for r in found["records"]], found["next_cursor"] or ""


def test_records_are_browsed_found_added_updated_and_erased(
    page: Page, stack: Stack, api: AdminClient, bound_list: dict[str, str]
) -> None:
    first, after_first = codes_of(api, bound_list, None)
    second, after_second = codes_of(api, bound_list, after_first)
    third, _ = codes_of(api, bound_list, after_second)
    page.goto(f"{stack.web_url}/console/lists/{bound_list['id']}/")
    shown = page.locator("table.list-records tbody tr td:first-child")

    expect(shown).to_have_text(first)
    page.get_by_role("link", name="Next page").click()
    expect(shown).to_have_text(second)
    page.get_by_role("link", name="Next page").click()
    expect(shown).to_have_text(third)
    expect(page.get_by_role("link", name="Next page")).to_have_count(0)
    page.get_by_role("link", name="Previous page").click()
    expect(shown).to_have_text(second)
    expect(page.locator("[data-page-number]")).to_have_text("Page 2")

    finder = page.locator("form.find-record")
    finder.locator('input[name="find_code"]').fill(third[-1])
    finder.get_by_role("button", name="Find").click()
    wanted = api.query_record(bound_list["campaign"], bound_list["instance"], {"code": third[-1]})
    expect(page.locator(".record-entry dd")).to_have_text(
        [str(v) for v in wanted["entry"].values()]
    )
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=ARTIFACTS / "console-records.png", full_page=True)

    adding = page.locator("form.record-form", has_text="Add a record")
    adding.locator('input[name="field_code"]').fill("NEW1")
    adding.locator('input[name="field_first"]').fill("Nadia")
    adding.locator('input[name="field_mobile"]').fill("555-CALL-NOW")
    adding.get_by_role("button", name="Add record").click()
    adding = page.locator("form.record-form", has_text="Add a record")
    expect(adding.locator(".field-error")).to_contain_text(
        "“555-CALL-NOW” is not a phone number: it has letters"
    )
    expect(adding.locator('input[name="field_mobile"]')).to_have_attribute("aria-invalid", "true")
    expect(adding.locator('input[name="field_code"]')).to_have_value("NEW1")
    expect(adding.locator('input[name="field_mobile"]')).to_have_value("555-CALL-NOW")
    adding.locator('input[name="field_mobile"]').fill("+1 (415) 555-0199")
    adding.get_by_role("button", name="Add record").click()
    expect(page.locator(".flash")).to_contain_text("The record is added.")
    expect(page.locator(".record-entry")).to_contain_text("Nadia")

    updating = page.locator("form.record-form", has_text="Update this record")
    expect(updating.locator('input[name="field_code"]')).to_have_value("NEW1")
    updating.locator('input[name="field_first"]').fill("Nadine")
    updating.get_by_role("button", name="Update record").click()
    expect(page.locator(".flash")).to_contain_text("The record is updated.")
    expect(page.locator(".record-entry")).to_contain_text("Nadine")
    keys = {"code": "NEW1"}
    found = api.query_record(bound_list["campaign"], bound_list["instance"], keys)
    assert found["entry"]["first"] == "Nadine" and found["entry"]["mobile"] == "14155550199"

    erasing = page.locator("form", has_text="Erase this record")
    erasing.get_by_label("Reason").fill("browser test")
    erasing.locator('input[name="confirm_name"]').fill("NEW1")
    erasing.get_by_role("button", name="Erase record").click()
    expect(page.locator(".flash")).to_contain_text(
        "The record and its campaign results are erased."
    )
    with pytest.raises(NotFound):
        api.query_record(bound_list["campaign"], bound_list["instance"], keys)


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
