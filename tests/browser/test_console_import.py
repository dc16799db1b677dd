"""A campaign admin imports 5,000 rows of which 50 are bad in 4 ways, reads the report,
then deletes records by filter and watches the job's progress to completion; imports
into a list whose format the console created have their columns mapped by themselves,
cannot start with a required field unmapped, and name each refused row's bad value."""

from __future__ import annotations

import csv
import itertools
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from bpcc.admin_api import AdminClient
from console.importing import KINDS
from tests.browser.test_board_page import log_in
from tests.conftest import Stack

pytestmark = [pytest.mark.e2e, pytest.mark.browser]

ROWS, BAD = 5000, 50
_names = itertools.count(1)


@pytest.fixture
def list_name(api: AdminClient) -> Iterator[str]:
    """Return a fresh list name; delete the list the test creates with it afterwards."""
    name = f"Import test {next(_names)}.csv"
    yield name
    for found in api.get_lists()["records"]:
        if found["name"] == name:
            api.delete_list(found["id"])


def leads_file(path: Path) -> dict[int, str]:
    """Write 5,000 rows in the "Web leads" format, 50 of them bad; return their lines and
    the kind of error each should get."""
    bad: dict[int, str] = {}
    with path.open("w", newline="") as f:
        out = csv.writer(f)
        out.writerow(["ID", "firstName", "lastName", "Phone", "Status"])
        for n in range(1, ROWS + 1):
            line = n + 1
            row = [f"U{n}", f"First{n}", f"Last{n}", f"(415) 555-{n % 10000:04d}", "Gold"]
            if n % 100 == 0:  # every hundredth row is bad, in turn in each of four ways
                kind = ["duplicateKey", "missingKey", "missingRequired", "formatError"][
                    (n // 100) % 4
                ]
                if kind == "duplicateKey":
                    row[0] = f"U{n - 1}"  # the row before has this key already
                elif kind == "missingKey":
                    row[0] = ""
                elif kind == "missingRequired":
                    row[3] = ""
                else:
                    row[3] = "12345"  # not a US/Canada number
                bad[line] = kind
            out.writerow(row)
    assert len(bad) == BAD
    return bad


def test_an_import_adds_the_good_rows_and_reports_every_bad_one(
    page: Page, stack: Stack, api: AdminClient, list_name: str, tmp_path: Path
) -> None:
    bad = leads_file(tmp_path / "leads.csv")
    log_in(page, stack, "/console/lists/new/")
    page.get_by_label("List name").first.fill(list_name)
    page.locator('select[name="format_id"]').select_option(label="Web leads format")
    page.get_by_role("button", name="Create list", exact=True).click()
    expect(page.locator(".flash")).to_contain_text(f"The list “{list_name}” is created")

    page.get_by_role("link", name="Import CSV…").click()
    page.get_by_label("CSV file").set_input_files(tmp_path / "leads.csv")
    page.get_by_role("button", name="Upload and map columns").click()
    expect(page.get_by_label("Field for Phone")).to_have_value("Phone")
    page.get_by_role("button", name="Start import").click()

    summary = page.locator("#import-summary")
    expect(summary).to_have_text(f"{ROWS} rows: {ROWS - BAD} added, {BAD} refused.", timeout=60_000)
    expect(page.locator("#import-progress")).to_have_attribute("value", "100")
    counts = {kind: sum(1 for k in bad.values() if k == kind) for kind in set(bad.values())}
    for kind, count in counts.items():
        section = page.locator(f'section[data-kind="{kind}"]')
        expect(section.locator(".count")).to_have_text(str(count))
        lines = section.locator("tr[data-line]").evaluate_all(
            "rows => rows.map(r => Number(r.dataset.line))"
        )
        assert sorted(lines) == sorted(line for line, k in bad.items() if k == kind)
    with page.expect_download() as download:
        page.get_by_role("link", name="Download the refused rows (CSV)").click()
    refused = list(csv.DictReader(download.value.path().open()))
    assert {int(r["line"]): r["kind"] for r in refused} == bad
    list_id = next(x["id"] for x in api.get_lists()["records"] if x["name"] == list_name)
    assert api.get_list(list_id)["totalRecords"] == ROWS - BAD

    # Delete a thousand of them by filter: a job, followed to completion.
    page.get_by_role("link", name=list_name).click()
    doomed = ", ".join(f"U{n}" for n in range(1, 1001))
    form = page.locator("form", has_text="Delete records by filter")
    form.get_by_label("Key or searchable fields").fill(f"ID={doomed}")
    form.locator('input[name="confirm_name"]').fill(list_name)
    form.get_by_role("button", name="Delete matching records").click()

    expect(page.locator(".flash")).to_contain_text("Deleting records")
    page.wait_for_function(
        "() => { const p = document.getElementById('job-progress'); "
        "return p && p.value > 0 && p.value < 100; }",
        timeout=30_000,
    )
    expect(page.locator("#job-state")).to_have_attribute("data-state", "complete", timeout=60_000)
    expect(page.locator("#job-progress")).to_have_attribute("value", "100")
    expect(page.locator("#job-state")).to_contain_text("990 deleted")
    assert api.get_list(list_id)["totalRecords"] == ROWS - BAD - 990


def test_an_import_whose_worker_died_is_resumed_from_its_page(
    page: Page, stack: Stack, api: AdminClient, list_name: str
) -> None:
    web = next(x["id"] for x in api.get_lists()["records"] if x["name"] == "Web Leads.csv")
    list_id = api.create_list(list_name, api.get_list(web)["formatId"])
    source = "ID,Phone\n" + "".join(f"S{n},415555{n:04d}\n" for n in range(1, 11))
    # Two rows were sent by a worker that then died ten minutes ago.
    job_id = (
        stack.manage(
            "shell",
            "-c",
            "from datetime import timedelta\n"
            "from django.utils import timezone\n"
            "from console.models import ImportJob\n"
            "from bpcc.models import Tenant\n"
            "job = ImportJob.objects.create(tenant=Tenant.objects.get(name__contains='Demo'), "
            f"list_id={list_id!r}, list_name={list_name!r}, filename='died.csv', "
            f"source={source!r}, header=['ID', 'Phone'], mapping={{'ID': 'ID', 'Phone': 'Phone'}}, "
            "state='running', total_rows=10, sent_rows=2, "
            "heartbeat=timezone.now() - timedelta(minutes=10))\n"
            "print(job.pk)",
        )
        .strip()
        .splitlines()[-1]
    )
    log_in(page, stack, f"/console/imports/{job_id}/")
    expect(page.locator("#import-state")).to_contain_text("2 of 10 rows sent")

    page.get_by_role("button", name="Resume the import").click()

    # (The page says it goes on from row 3, then reloads to show the report when done.)
    expect(page.locator("#import-summary")).to_have_text("10 rows: 8 added, 0 refused.")
    expect(page.get_by_role("button", name="Resume the import")).to_be_hidden()
    assert api.get_list(list_id)["totalRecords"] == 8


def rules_file(path: Path) -> tuple[list[list[str]], dict[int, str]]:
    """Write 25 rows whose header names the list's fields its own way, five of them bad
    in the ways the list's format forbids; return the rows and, for each bad line, the
    words its report row must hold, made from the values written."""
    header = ["id", "Phone Number", "Contact", "Renews on", "Notes"]
    rows = [
        [f"C{n}", f" (415) 555-{n:04d} ", f"c{n}@example.com", f"2027-01-{n:02d}", f"note {n}"]
        for n in range(1, 26)
    ]
    rows[2][1], rows[4][1] = "12ab", "12345"  # letters; too few digits for the US
    rows[7][0] = ""  # no key
    rows[10][0] = rows[9][0]  # the key of the row before: the tenant refuses it
    rows[24][3] = "31/01/2027"  # past the rows whose values suggest the date field
    with path.open("w", newline="") as f:
        csv.writer(f).writerows([header, *rows])
    expected = {
        4: f"Phone: “{rows[2][1]}” is not a phone number",
        6: f"Phone: “{rows[4][1]}” is not a phone number",
        9: "ID is the list's key and is empty here",
        12: f"ID “{rows[10][0]}”: already in the list",
        26: f"Renewal: “{rows[24][3]}” is not a date in the form yyyy-MM-dd",
    }
    return rows, expected


def test_a_mapping_is_suggested_checked_before_it_starts_and_each_refusal_named(
    page: Page, stack: Stack, list_name: str, tmp_path: Path
) -> None:
    rows, expected = rules_file(tmp_path / "customers.csv")
    log_in(page, stack, "/console/lists/new/")
    form = page.locator("form", has_text="With a new format")
    form.get_by_label("List name").fill(list_name)
    form.get_by_label("Format name").fill(f"Rules of {list_name}")
    for n, (name, kind) in enumerate(
        [("ID", "OTHER"), ("Phone", "PHONE"), ("Email", "OTHER"), ("Renewal", "DATETIME")], 1
    ):
        form.get_by_label(f"Field name {n}").fill(name)
        form.get_by_label(f"Field type {n}").select_option(kind)
    form.get_by_label("Required 1").check()
    form.get_by_label("Key 1").check()
    form.get_by_label("Required 2").check()
    form.locator('select[name="field_phone_type"]').nth(1).select_option("US_CANADA")
    form.locator('select[name="field_date_format"]').nth(3).select_option("yyyy-MM-dd")
    form.get_by_role("button", name="Create list and format").click()
    expect(page.locator(".flash")).to_contain_text("are created")

    page.get_by_role("link", name="Import CSV…").click()
    page.get_by_label("CSV file").set_input_files(tmp_path / "customers.csv")
    page.get_by_role("button", name="Upload and map columns").click()

    # Mapped by themselves: by name, whatever its spelling, and by the values.
    expect(page.get_by_label("Field for Phone Number")).to_have_value("Phone")
    expect(page.get_by_label("Field for id")).to_have_value("ID")
    expect(page.get_by_label("Field for Contact")).to_have_value("Email")
    expect(page.get_by_label("Field for Renews on")).to_have_value("Renewal")
    expect(page.get_by_label("Field for Notes")).to_have_value("")
    preview = page.locator("#import-preview")
    expect(preview.locator('tr[data-line="2"]')).to_contain_text(rows[0][1].strip())
    expect(preview).to_contain_text(f"Not sent: {expected[4]}")

    start = page.get_by_role("button", name="Start import")
    page.get_by_label("Field for Phone Number").select_option("")
    expect(start).to_be_disabled()
    expect(page.locator("#mapping-problems")).to_contain_text("“Phone” is required")
    page.get_by_label("Field for Phone Number").select_option("Phone")
    expect(start).to_be_enabled()
    expect(page.locator("#mapping-problems")).to_have_count(0)
    start.click()

    good = len(rows) - len(expected)
    summary = page.locator("#import-summary")
    expect(summary).to_have_text(f"{len(rows)} rows: {good} added, {len(expected)} refused.")
    headings = page.locator("section.rejections h3").all_inner_texts()
    assert headings and not [h for h in headings if any(kind in h for kind in KINDS)]
    for line, words in expected.items():
        expect(page.locator(f'section.rejections tr[data-line="{line}"] .reason')).to_contain_text(
            words
        )
