"""Acceptance 1: a supervisor builds a board in the editor (places a widget by dragging
it, picks a statistic), saves it, and sees it live; an open board page redraws itself
when the board is saved again."""

from __future__ import annotations

import re
import time
from collections.abc import Iterator

import pytest
from playwright.sync_api import Browser, Page, expect

from tests.browser.boards_support import delete_board, ensure_supervisor, log_in_as
from tests.conftest import Stack

pytestmark = [pytest.mark.e2e, pytest.mark.browser]


@pytest.fixture
def supervisor_page(browser: Browser, stack: Stack) -> Iterator[Page]:
    context = browser.new_context(viewport={"width": 1600, "height": 900})
    page = context.new_page()
    log_in_as(page, stack, *ensure_supervisor(stack), "/boards/new/")
    expect(page.locator("body")).to_have_attribute("data-ready", "true")
    yield page
    context.close()


def drag_box(page: Page, box_selector: str, columns: int, rows: int) -> None:
    """Drag a widget's box by whole cells of the editor's 12-by-12 canvas."""
    canvas = page.locator("#canvas").bounding_box()
    box = page.locator(box_selector).bounding_box()
    assert canvas and box
    cell_w, cell_h = canvas["width"] / 12, canvas["height"] / 12
    start_x, start_y = box["x"] + cell_w / 2, box["y"] + cell_h / 2
    page.mouse.move(start_x, start_y)
    page.mouse.down()
    page.mouse.move(start_x + columns * cell_w, start_y + rows * cell_h, steps=8)
    page.mouse.up()


def test_a_board_built_in_the_editor_goes_live(
    supervisor_page: Page, browser: Browser, stack: Stack
) -> None:
    page = supervisor_page
    title = f"Built in the editor {int(time.time())}"
    page.get_by_label("Title", exact=True).fill(title)
    page.get_by_label("Widget type").select_option(label="Single statistic")
    page.get_by_role("button", name="Add widget").click()
    drag_box(page, ".box >> nth=0", columns=4, rows=3)
    panel = page.locator("#panel")
    panel.get_by_label("Statistic", exact=True).select_option(label="Agents logged in")
    page.get_by_label("Widget type").select_option(label="Agent grid")
    page.get_by_role("button", name="Add widget").click()

    page.get_by_role("button", name="Save").click()

    expect(page).to_have_url(re.compile(r"/boards/[\w-]+/edit/\?saved=1$"))
    slug = page.url.split("/boards/")[1].split("/")[0]
    try:
        board_page = page.context.new_page()
        board_page.goto(f"{stack.web_url}/boards/{slug}/")
        tile = board_page.locator('.tile.total[data-widget="w1"]')
        expect(tile).to_have_css("grid-area", "4 / 5 / span 2 / span 2")
        expect(tile.locator('[data-stat="agents_logged"]')).to_have_text(re.compile(r"^\d+$"))
        expect(board_page.locator("#freshness")).to_have_attribute("data-state", "live")
        expect(board_page.locator(".tile.agent_grid tbody tr:not([hidden])").first).to_be_visible()
        # Live: deltas keep arriving in the page as it is (time in state moves every poll).
        board_page.evaluate("window.sameDocument = true")
        seq = int(board_page.evaluate("document.body.dataset.seq"))
        board_page.wait_for_function(f"Number(document.body.dataset.seq) > {seq}")
        assert board_page.evaluate("window.sameDocument") is True

        # Saved again from the editor: the open board page redraws itself.
        page.get_by_role("button", name="Single statistic: Agents logged in", exact=False).click()
        panel.get_by_label("Title", exact=True).fill("Logged in now")
        page.get_by_role("button", name="Save").click()
        expect(page.locator("#editor-status")).to_have_text(re.compile("^Saved at"))
        expect(tile.locator(".tile-title")).to_have_text("Logged in now", timeout=10_000)
    finally:
        delete_board(stack, slug)


def test_a_widget_is_limited_to_services_ticked_from_the_tenants_list(
    supervisor_page: Page, stack: Stack
) -> None:
    page = supervisor_page
    page.get_by_label("Title", exact=True).fill(f"Sales only {int(time.time())}")
    page.get_by_label("Widget type").select_option(label="Single statistic")
    page.get_by_role("button", name="Add widget").click()
    panel = page.locator("#panel")
    panel.get_by_label("Statistic", exact=True).select_option(label="Agents logged in")
    services = panel.locator("fieldset.services")
    expect(services.get_by_label("Technical Support", exact=True)).to_be_visible()

    services.get_by_label("Sales", exact=True).check()
    services.get_by_label("Billing", exact=True).check()
    services.get_by_label("Billing", exact=True).uncheck()
    page.get_by_role("button", name="Save").click()

    expect(page).to_have_url(re.compile(r"/boards/[\w-]+/edit/\?saved=1$"))
    slug = page.url.split("/boards/")[1].split("/")[0]
    try:
        exported = page.request.get(f"{stack.web_url}/boards/{slug}/export.json").json()
        assert [w.get("services") for w in exported["widgets"]] == [["Sales"]]
        # Opened again, the widget's services are ticked, the others not.
        page.reload()
        page.get_by_role("button", name="Single statistic: Agents logged in", exact=False).click()
        expect(services.get_by_label("Sales", exact=True)).to_be_checked()
        expect(services.get_by_label("Billing", exact=True)).not_to_be_checked()
    finally:
        delete_board(stack, slug)


def test_a_viewer_gets_no_editor(page: Page, stack: Stack) -> None:
    stack.create_user("viewer-only", "viewer-password-for-tests", "viewer")

    log_in_as(page, stack, "viewer-only", "viewer-password-for-tests", "/boards/")

    expect(page.get_by_role("link", name="New board")).to_have_count(0)
    assert page.goto(f"{stack.web_url}/boards/new/").status == 403  # type: ignore[union-attr]
