"""A viewer's board shows a campaign's state and records completed of total; when a
campaign admin starts a campaign in the console, its widget follows within a few polls
and the action appears in the board's ticker; a stop through the API follows too."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

import pytest
from playwright.sync_api import Browser, Page, expect

from bpcc.admin_api import AdminClient
from tests.browser.boards_support import delete_board, ensure_supervisor, log_in_as, put_board
from tests.browser.test_board_page import log_in
from tests.conftest import ARTIFACTS, Stack

pytestmark = [pytest.mark.e2e, pytest.mark.browser]

SLUG = "campaign-widgets"
SALES = "Outbound Sales"
VIEWER, VIEWER_PASSWORD = "campaign-viewer", "viewer-password-for-tests"
# Figures are fetched at most once every 10 s, then reach screens with the next poll.
FOLLOWS_MS = 25_000


def at(x: int, y: int, w: int, h: int) -> dict[str, int]:
    return {"x": x, "y": y, "w": w, "h": h}


WIDGETS: list[dict[str, Any]] = [
    {"id": "renewals", "type": "campaign", "campaign": "Renewals Outbound", **at(0, 0, 3, 3)},
    {"id": "sales", "type": "campaign", "campaign": SALES, **at(3, 0, 3, 3)},
    {"id": "actions", "type": "ticker", "title": "Console", "count": 5, **at(0, 11, 12, 1)},
]


@pytest.fixture
def board(stack: Stack) -> Iterator[str]:
    put_board(stack, SLUG, "Outbound", WIDGETS)
    yield f"/boards/{SLUG}/"
    delete_board(stack, SLUG)


@pytest.fixture
def sales(api: AdminClient) -> Iterator[str]:
    """Return the id of "Outbound Sales", stopped before the test and again after it."""
    campaign_id = next(c["id"] for c in api.get_campaigns() if c["name"] == SALES)
    _stop(api, campaign_id)
    try:
        yield campaign_id
    finally:
        _stop(api, campaign_id)


def _stop(api: AdminClient, campaign_id: str) -> None:
    if api.get_campaign_status(campaign_id)["state"] == "RUNNING":
        api.stop_campaign(campaign_id)


@pytest.fixture
def viewer_page(browser: Browser, stack: Stack, board: str) -> Iterator[Page]:
    stack.create_user(VIEWER, VIEWER_PASSWORD, "viewer")
    context = browser.new_context(viewport={"width": 1600, "height": 900})
    page = context.new_page()
    log_in_as(page, stack, VIEWER, VIEWER_PASSWORD, board)
    yield page
    context.close()


def start_in_the_console(browser: Browser, stack: Stack, campaign_id: str) -> str:
    """Start a campaign as the demo admin, through the console; return its audit entry id."""
    context = browser.new_context()
    try:
        page = context.new_page()
        log_in(page, stack, f"/console/campaigns/{campaign_id}/start/")
        page.get_by_role("button", name="Start campaign").click()
        expect(page.locator(".flash")).to_contain_text(f"{SALES} is now RUNNING.")
        href = page.locator(".flash").get_by_role("link", name="Audit entry").get_attribute("href")
        assert href is not None
        return href.rstrip("/").rsplit("/", 1)[-1]
    finally:
        context.close()


def test_campaign_widgets_and_the_ticker_follow_the_console(
    viewer_page: Page, browser: Browser, stack: Stack, api: AdminClient, sales: str
) -> None:
    page = viewer_page
    renewals = page.locator('.tile.campaign[data-widget="renewals"]')
    selling = page.locator('.tile.campaign[data-widget="sales"]')
    expect(renewals.get_by_role("heading")).to_have_text("Renewals Outbound")
    expect(renewals.locator(".campaign-state")).to_have_attribute(
        "data-campaign-state", "running", timeout=FOLLOWS_MS
    )
    expect(renewals.locator(".campaign-state")).to_have_text("State: RUNNING")
    expect(renewals.locator(".campaign-count")).to_have_text(re.compile(r"^\d+ of 400 completed$"))
    bar = renewals.get_by_role("progressbar", name="Renewals Outbound: records completed")
    expect(bar).to_have_attribute("aria-valuemax", "400")
    # A campaign no board showed before waits for the next fetch (at most 10 s).
    expect(selling.locator(".campaign-state")).to_have_text("State: STOPPED", timeout=FOLLOWS_MS)

    entry = start_in_the_console(browser, stack, sales)

    expect(selling.locator(".campaign-state")).to_have_text("State: RUNNING", timeout=FOLLOWS_MS)
    action = page.locator(f'.tile.ticker li[data-entry="{entry}"]')
    expect(action).to_contain_text("start campaign")
    expect(action.locator(".target")).to_have_text(SALES)
    expect(action.locator(".status")).to_have_text("200")
    expect(action.locator(".who")).to_have_text("demo")
    page.screenshot(path=ARTIFACTS / "campaign-widgets.png")

    api.stop_campaign(sales)

    expect(selling.locator(".campaign-state")).to_have_text("State: STOPPED", timeout=FOLLOWS_MS)
    # The renewals widget's progress is still drawn against its total.
    expect(bar).to_have_attribute("aria-valuenow", re.compile(r"^\d+$"))


def test_a_supervisor_adds_both_widgets_in_the_editor(browser: Browser, stack: Stack) -> None:
    context = browser.new_context(viewport={"width": 1600, "height": 900})
    page = context.new_page()
    log_in_as(page, stack, *ensure_supervisor(stack), "/boards/new/")
    expect(page.locator("body")).to_have_attribute("data-ready", "true")
    page.get_by_label("Title", exact=True).fill("Outbound in the editor")
    panel = page.locator("#panel")

    page.get_by_label("Widget type").select_option(label="Campaign progress")
    page.get_by_role("button", name="Add widget").click()
    campaign = panel.get_by_label("Campaign", exact=True)
    # The picker offers the tenant's campaigns by name; a name can also be typed.
    expect(panel.locator("datalist option[value='Outbound Sales']")).to_have_count(1)
    campaign.fill("Outbound Sales")
    page.get_by_label("Widget type").select_option(label="Console actions ticker")
    page.get_by_role("button", name="Add widget").click()
    panel.get_by_label("Actions shown").fill("3")
    page.get_by_role("button", name="Save").click()

    expect(page).to_have_url(re.compile(r"/boards/[\w-]+/edit/\?saved=1$"))
    slug = page.url.split("/boards/")[1].split("/")[0]
    try:
        widgets = {w["type"]: w for w in _exported(page, stack, slug)["widgets"]}
        assert widgets["campaign"]["campaign"] == "Outbound Sales"
        assert widgets["ticker"]["count"] == 3
        page.goto(f"{stack.web_url}/boards/{slug}/")
        tile = page.locator(".tile.campaign")
        expect(tile.get_by_role("heading")).to_have_text("Outbound Sales")
        expect(tile.locator(".campaign-count")).to_have_text(
            re.compile(r"^\d+ of \d+ completed$"), timeout=FOLLOWS_MS
        )
        expect(page.locator(".tile.ticker").get_by_role("heading")).to_have_text("Console actions")
    finally:
        context.close()
        delete_board(stack, slug)


def _exported(page: Page, stack: Stack, slug: str) -> Any:
    response = page.request.get(f"{stack.web_url}/boards/{slug}/export.json")
    assert response.ok
    return response.json()
