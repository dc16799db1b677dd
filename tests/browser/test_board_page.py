"""A supervisor logs in, opens the demo board, and watches its numbers move."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect

from tests.conftest import ARTIFACTS, DEMO_PASSWORD, Stack

pytestmark = [pytest.mark.e2e, pytest.mark.browser]


def log_in(page: Page, stack: Stack, next_path: str) -> None:
    page.goto(f"{stack.web_url}{next_path}")
    expect(page).to_have_url(f"{stack.web_url}/accounts/login/?next={next_path}")
    page.get_by_label("Username").fill("demo")
    page.get_by_label("Password").fill(DEMO_PASSWORD)
    page.get_by_role("button", name="Log in").click()
    expect(page).to_have_url(f"{stack.web_url}{next_path}")


def test_the_demo_board_updates_in_place_without_a_reload(page: Page, stack: Stack) -> None:
    log_in(page, stack, "/boards/demo/")
    expect(page.locator("#freshness")).to_have_attribute("data-state", "live")
    expect(page.locator('[data-stat="agents_logged"]').first).to_have_text(re.compile(r"^\d+$"))
    expect(page.locator('table[data-grid="agents"] tbody tr:not([hidden])').first).to_be_visible()
    # A marker on the window survives only if the page is never reloaded.
    page.evaluate("window.sameDocument = true")
    before = page.locator("#board").inner_text()

    page.wait_for_function(
        "before => document.getElementById('board').innerText !== before",
        arg=before,
        timeout=15_000,
    )

    assert page.evaluate("window.sameDocument") is True
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=ARTIFACTS / "demo-board.png", full_page=True)


def test_a_wrong_password_is_refused_with_a_clear_message(page: Page, stack: Stack) -> None:
    page.goto(f"{stack.web_url}/accounts/login/")
    page.get_by_label("Username").fill("demo")
    page.get_by_label("Password").fill("not-the-password")
    page.get_by_role("button", name="Log in").click()

    expect(page.get_by_role("alert")).to_contain_text("didn't match")
