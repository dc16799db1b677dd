"""A kiosk's alert strip keeps to one line of its status line, however many alerts there
are (static/js/alertstrip.js): the alerts that do not fit are counted ("+ 3 more"). A
strip of several lines took the board's height, and its tiles' texts were cut. Where not even
one alert fits beside the count (a portrait screen), the line only counts them."""

from __future__ import annotations

import pytest
from playwright.sync_api import Browser, expect

from tests.browser.boards_support import delete_board, kiosk_path, put_board
from tests.browser.test_alerts import longest_login
from tests.conftest import Stack

pytestmark = [pytest.mark.e2e, pytest.mark.browser]

SLUG = "many-alerts"
# Every agent logged in alerts: the agents logged in longest, at least a few whatever
# the simulated time of day.
EVERY_ROW = {"direction": "above", "warning": 0}

LINES = """() => {
  const items = [...document.querySelectorAll('.kiosk-status .alert-strip > li')];
  return {
    tops: items.map((item) => item.offsetTop),
    texts: items.map((item) => item.textContent),
    alerting: Number(document.body.dataset.alerting || 0),
  };
}"""


def test_many_alerts_keep_to_one_line_and_the_rest_are_counted(
    browser: Browser, stack: Stack
) -> None:
    grid = {**longest_login(EVERY_ROW, limit=4), "title": "Login"}  # one alert fits a line
    put_board(stack, SLUG, "Many alerts", [grid])
    context = browser.new_context(viewport={"width": 1920, "height": 1080})
    page = context.new_page()
    try:
        page.goto(stack.web_url + kiosk_path(stack, "Many alerts TV", board=SLUG))
        page.wait_for_function("Number(document.body.dataset.alerting || 0) >= 2", timeout=30_000)
        expect(page.locator(".kiosk-status .alert-strip > li.more")).to_be_visible()
        strip = page.evaluate(LINES)

        assert len(set(strip["tops"])) == 1, strip  # one line
        *alerts, more = strip["texts"]
        assert alerts and all(" for " in text for text in alerts), strip
        assert more == f"+ {strip['alerting'] - len(alerts)} more", strip
    finally:
        context.close()
        delete_board(stack, SLUG)
