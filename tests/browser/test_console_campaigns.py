"""A campaign admin starts and stops a campaign, on its page and from the list, whose
progress is the board widget's; binds a list with custom sorting; a double click on
Start sends one start request; each change is in the audit log. A campaign's results
fit a laptop's window and name the campaign."""

from __future__ import annotations

import re
import time
from collections.abc import Iterator
from contextlib import contextmanager

import pytest
from playwright.sync_api import Browser, Page, expect

from bpcc.admin_api import AdminClient
from stats import campaign_figures
from stats.snapshot import CampaignCell
from tests.browser.test_board_page import log_in
from tests.conftest import ARTIFACTS, Stack

pytestmark = [pytest.mark.e2e, pytest.mark.browser]

SALES = "Outbound Sales"
RENEWALS = "Renewals Outbound"  # running from the start, 400 records


@pytest.fixture
def sales(api: AdminClient) -> Iterator[str]:
    """Return the id of "Outbound Sales", stopped before and after the test."""
    campaign_id = next(c["id"] for c in api.get_campaigns() if c["name"] == SALES)
    before = {i["instanceId"] for i in api.get_campaign(campaign_id)["lists"]}
    _stop(api, campaign_id)
    yield campaign_id
    _stop(api, campaign_id)
    for instance in api.get_campaign(campaign_id)["lists"]:
        if instance["instanceId"] not in before:
            api.unbind_list(campaign_id, instance["instanceId"])


def _stop(api: AdminClient, campaign_id: str) -> None:
    if api.get_campaign_status(campaign_id)["state"] == "RUNNING":
        api.stop_campaign(campaign_id)


def test_an_admin_starts_then_stops_a_campaign(page: Page, stack: Stack, sales: str) -> None:
    log_in(page, stack, "/console/campaigns/")
    page.get_by_role("link", name=SALES).click()
    state = page.locator(f'[data-campaign-state="{sales}"]')
    expect(state).to_have_text("STOPPED")

    page.get_by_role("link", name="Start…").click()
    expect(page.get_by_role("heading")).to_have_text(f"Start “{SALES}”?")
    page.get_by_role("button", name="Start campaign").click()
    expect(page.locator(".flash")).to_have_text(f"{SALES} is now RUNNING. Audit entry")
    expect(state).to_have_text("RUNNING")

    page.get_by_role("link", name="Stop…").click()
    page.get_by_role("button", name="Stop campaign").click()
    expect(page.locator(".flash")).to_have_text(f"{SALES} is now STOPPED. Audit entry")
    expect(state).to_have_text("STOPPED")

    page.goto(f"{stack.web_url}/console/audit/?target={SALES}")
    rows = page.locator(".audit-table tbody tr")
    expect(rows.nth(0).locator('[data-col="action"]')).to_have_text("stop campaign")
    expect(rows.nth(0).locator('[data-col="status"]')).to_have_text("200")
    expect(rows.nth(1).locator('[data-col="action"]')).to_have_text("start campaign")
    expect(rows.nth(1).locator('[data-col="status"]')).to_have_text("200")


def test_a_double_click_on_start_sends_one_start_request(
    page: Page, stack: Stack, sales: str
) -> None:
    log_in(page, stack, f"/console/campaigns/{sales}/start/")
    start = f"POST /configapi/v3/campaign/start/{sales}"
    before = stack.sim("/_sim/counters")["counts"].get(start, 0)

    page.get_by_role("button", name="Start campaign").dblclick()

    expect(page.locator(".flash")).to_contain_text(f"{SALES} is now RUNNING.")
    expect(page.locator(f'[data-campaign-state="{sales}"]')).to_have_text("RUNNING")
    assert stack.sim("/_sim/counters")["counts"].get(start, 0) - before == 1


def test_the_same_form_sent_twice_at_once_starts_the_campaign_once(
    page: Page, stack: Stack, sales: str
) -> None:
    """Both submissions reach the server here (no browser or script stops the second):
    its idempotency key makes the second an answer, not a call."""
    log_in(page, stack, f"/console/campaigns/{sales}/start/")
    start = f"POST /configapi/v3/campaign/start/{sales}"
    before = stack.sim("/_sim/counters")["counts"].get(start, 0)

    answers = page.evaluate(
        """async () => {
            const form = document.querySelector("form[data-once]");
            const send = () => fetch(location.href, {method: "POST", body: new FormData(form)});
            const answers = await Promise.all([send(), send()]);
            return Promise.all(answers.map((a) => a.text()));
        }"""
    )

    assert stack.sim("/_sim/counters")["counts"].get(start, 0) - before == 1
    # Which page shows which answer is up to the race between the two: Django keeps the
    # flash messages in one cookie, which each answer sets. Both answers are the same
    # outcome (the repeat's adds "not sent again", tests/console/test_exactly_once.py),
    # and at least one page shows it; neither shows an error.
    assert " ".join(answers).count(f"{SALES} is now RUNNING.") >= 1
    assert not any("flash-error" in answer for answer in answers)


def test_an_admin_binds_a_list_with_custom_sorting(
    page: Page, stack: Stack, sales: str, api: AdminClient
) -> None:
    log_in(page, stack, f"/console/campaigns/{sales}/")
    page.get_by_role("link", name="Bind a list…").click()
    page.locator('select[name="list_id"]').select_option(label="Web Leads.csv (3 records)")
    page.get_by_label("Instance name").fill("Newest surnames first")
    page.get_by_label("Enabled").check()
    page.get_by_label("Order", exact=True).fill("3")
    page.locator('select[name="sorting"]').select_option("CUSTOM")
    page.get_by_label("Sort field 1").fill("lastName")
    page.get_by_label("Sort order 1").select_option("DESC")
    page.get_by_label("Sort field 2").fill("firstName")

    page.get_by_role("button", name="Bind list").click()

    expect(page.locator(".flash")).to_contain_text("The list is bound")
    row = page.locator("tr", has_text="Newest surnames first")
    expect(row.locator('[data-col="sorting"]')).to_have_text("CUSTOM: lastName DESC, firstName ASC")
    bound = [
        i for i in api.get_campaign(sales)["lists"] if i["instanceName"] == "Newest surnames first"
    ]
    assert [(i["enabled"], i["order"], i["sortingOrder"]["type"]) for i in bound] == [
        (True, 3, "CUSTOM")
    ]
    assert [f["fieldName"] for f in bound[0]["sortingOrder"]["sortingFields"]] == [
        "lastName",
        "firstName",
    ]


@pytest.fixture
def wide_page(browser: Browser) -> Iterator[Page]:
    """Return a page in a window 1440 by 900 pixels, a laptop's."""
    context = browser.new_context(viewport={"width": 1440, "height": 900})
    yield context.new_page()
    context.close()


@contextmanager
def frozen_simulator(stack: Stack) -> Iterator[None]:
    """Hold the simulator still, so that no record completes between two readings."""
    stack.sim("/_sim/freeze", {"frozen": True})
    try:
        yield
    finally:
        stack.sim("/_sim/freeze", {"frozen": False})


def board_figures(stack: Stack, names: list[str]) -> dict[str, CampaignCell]:
    """Return what the boards' campaign widgets of `names` are sent, computed as the poll
    computes it (stats/campaign_figures.py: fetch, then the widget's cell)."""
    with AdminClient(
        stack.simulator_url, timeout=10, client_id="wallboard-demo", client_secret="demo-secret"
    ) as api:
        figures, tallies = campaign_figures.fetch(api, "v3", names, {}, time.time())
    cache: campaign_figures.Cache = {
        "attempted_at": 0.0,
        "fetched_at": 0.0,
        "error": "",
        "wanted": sorted(names),
        "campaigns": figures,
        "tallies": tallies,
    }
    return {name: campaign_figures.cell(cache, name) for name in names}


def test_an_admin_starts_and_stops_a_campaign_from_the_list_where_progress_is_the_boards(
    wide_page: Page, stack: Stack, sales: str
) -> None:
    page = wide_page
    log_in(page, stack, "/console/campaigns/")
    row = page.locator(f'tr[data-campaign="{sales}"]')
    expect(row.locator(".state")).to_have_text("STOPPED")
    expect(row.get_by_text("Stop…")).to_be_hidden()
    start = f"POST /configapi/v3/campaign/start/{sales}"
    before = stack.sim("/_sim/counters")["counts"].get(start, 0)

    row.get_by_text("Start…").click()
    expect(row.locator("form", has_text="Start “Outbound Sales”?")).to_contain_text(
        "Agents of its service get calls at once."
    )
    row.get_by_role("button", name="Start campaign").dblclick()

    expect(page.locator(".flash")).to_have_text(f"{SALES} is now RUNNING. Audit entry")
    assert page.url == f"{stack.web_url}/console/campaigns/"
    assert stack.sim("/_sim/counters")["counts"].get(start, 0) - before == 1
    expect(row.locator(".state")).to_have_text("RUNNING")
    expect(row.get_by_text("Start…")).to_be_hidden()

    row.get_by_text("Stop…").click()
    row.get_by_role("button", name="Stop campaign").click()
    expect(page.locator(".flash")).to_have_text(f"{SALES} is now STOPPED. Audit entry")
    expect(row.locator(".state")).to_have_text("STOPPED")

    with frozen_simulator(stack):
        page.reload()
        shown = {
            name: page.locator("tr", has=page.get_by_role("link", name=name)).locator(
                "[data-campaign-progress]"
            )
            for name in (SALES, RENEWALS)
        }
        cells = board_figures(stack, [SALES, RENEWALS])
        for name, figure in shown.items():
            completed, total = cells[name]["completed"], cells[name]["total"]
            expect(figure).to_have_text(f"{completed} of {total} completed")
        assert cells[RENEWALS]["completed"] and cells[RENEWALS]["total"] == 400
        page.screenshot(path=ARTIFACTS / "console-campaign-list.png")

        # The campaign's page shows the same figures, and each enabled list's share.
        page.get_by_role("link", name=RENEWALS).click()
        completed, total = cells[RENEWALS]["completed"], cells[RENEWALS]["total"]
        expect(page.locator(".campaign-figures [data-campaign-progress]")).to_have_text(
            f"{completed} of {total} completed"
        )
        expect(page.locator('[data-col="completed"]')).to_have_text([str(completed)])


def test_a_campaigns_results_fit_a_laptop_and_show_names(
    wide_page: Page, stack: Stack, api: AdminClient
) -> None:
    page = wide_page
    renewals = next(c["id"] for c in api.get_campaigns() if c["name"] == RENEWALS)
    log_in(page, stack, f"/console/campaigns/{renewals}/results/")
    page.goto(f"{stack.web_url}/console/campaigns/{renewals}/results/?kind=completed")

    expect(page.get_by_role("heading", level=1)).to_have_text(f"Results of {RENEWALS}")
    assert renewals not in page.title() and RENEWALS in page.title()
    headings = page.locator("table.results thead th")
    expect(headings).to_contain_text(["Firstname", "Completed", "Completed at", "More"])
    first = page.locator("table.results tbody tr").first
    expect(first.locator("td").nth(5)).to_have_text("yes")
    expect(first.locator("td").nth(9)).to_have_text(re.compile(r"^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d$"))
    overflow = page.evaluate(
        "() => document.documentElement.scrollWidth - document.documentElement.clientWidth"
    )
    page.screenshot(path=ARTIFACTS / "console-results-1440.png", full_page=True)
    assert overflow <= 0
