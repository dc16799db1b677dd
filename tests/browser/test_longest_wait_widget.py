"""The widget type added to prove the registry, end to end: a supervisor adds the
longest waiting service in the editor, and the board page and a kiosk draw it live from
the simulator, though no other script names it."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Browser, Page, expect

from tests.browser.boards_support import delete_board, ensure_supervisor, kiosk_path, log_in_as
from tests.conftest import ARTIFACTS, Stack

pytestmark = [pytest.mark.e2e, pytest.mark.browser]

LABEL = "Longest waiting service"


def expect_live_tile(page: Page) -> None:
    tile = page.locator(".tile.longest_wait")
    expect(tile.get_by_role("heading")).to_have_text(LABEL)
    expect(tile.locator('[data-stat="in_max_wait_time"]')).to_have_text(re.compile(r"^\d+:\d\d$"))
    expect(tile.locator(".tile-secondary")).to_have_text(re.compile(r"waiting$"))


def test_a_supervisor_adds_it_and_boards_and_kiosks_draw_it(browser: Browser, stack: Stack) -> None:
    context = browser.new_context(viewport={"width": 1600, "height": 900})
    page = context.new_page()
    log_in_as(page, stack, *ensure_supervisor(stack), "/boards/new/")
    expect(page.locator("body")).to_have_attribute("data-ready", "true")
    page.get_by_label("Title", exact=True).fill("Queues at a glance")
    page.get_by_label("Widget type").select_option(label=LABEL)
    page.get_by_role("button", name="Add widget").click()
    panel = page.locator("#panel")
    expect(panel.get_by_role("heading", name=LABEL)).to_be_visible()
    expect(panel.locator("fieldset.services")).to_be_visible()
    page.get_by_role("button", name="Save").click()
    expect(page).to_have_url(re.compile(r"/boards/[\w-]+/edit/\?saved=1$"))
    slug = page.url.split("/boards/")[1].split("/")[0]
    try:
        page.goto(f"{stack.web_url}/boards/{slug}/")
        expect_live_tile(page)
        page.screenshot(path=ARTIFACTS / "longest-wait-widget.png")

        kiosk = browser.new_context(viewport={"width": 1280, "height": 720}).new_page()
        kiosk.goto(stack.web_url + kiosk_path(stack, "Queue TV", board=slug))
        expect_live_tile(kiosk)
        kiosk.context.close()
    finally:
        context.close()
        delete_board(stack, slug)
