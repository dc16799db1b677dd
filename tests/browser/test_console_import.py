"""A campaign admin imports 5,000 rows of which 50 are bad in 4 ways, reads the report,
then deletes records by filter and watches the job's progress to completion."""

from __future__ import annotations

import csv
import itertools
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from bpcc.admin_api import AdminClient
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
