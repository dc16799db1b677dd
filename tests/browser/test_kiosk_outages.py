"""Acceptance 4 and 5: a kiosk rides out outages by itself and says what is wrong.

- The web server stops for 20 s: the kiosk shows "offline since" within 10 s, and is
  back (online, live data, same page) within 30 s of the restart.
- The simulator (the tenant) stops: the kiosk shows its data stale within 2 x interval
  + 5 s, while its own connection stays online all along.
Whatever is stopped is started again in a `finally`."""

from __future__ import annotations

import re
import time
from collections.abc import Iterator

import pytest
from playwright.sync_api import Browser, Page, expect

from tests.browser.boards_support import kiosk_path
from tests.conftest import Stack
from tests.support import wait_until

pytestmark = [pytest.mark.e2e, pytest.mark.browser]

OUTAGE = 20.0
OFFLINE_WITHIN = 10.0
BACK_WITHIN = 30.0
# The screen checks the data's age every 250 ms, and Playwright looks every 100 ms.
TICKS = 0.5


@pytest.fixture
def tv(browser: Browser, stack: Stack) -> Iterator[Page]:
    context = browser.new_context(viewport={"width": 1280, "height": 720})
    page = context.new_page()
    page.goto(stack.web_url + kiosk_path(stack, "Outage TV", board="demo"))
    expect(page.locator("#connection")).to_have_attribute("data-state", "online")
    expect(page.locator("#freshness")).to_have_attribute("data-state", "live")
    # Every connection state the screen shows, in order; and a mark a reload would lose.
    page.evaluate(
        """() => {
          const pill = document.getElementById("connection");
          window.connectionStates = [pill.dataset.state];
          window.sameDocument = true;
          new MutationObserver(() => window.connectionStates.push(pill.dataset.state))
            .observe(pill, {attributes: true, attributeFilter: ["data-state"]});
        }"""
    )
    yield page
    context.close()


def healthy(stack: Stack) -> None:
    wait_until(lambda: _ok(stack), timeout=30, what="the stack to poll successfully again")


def _ok(stack: Stack) -> bool:
    try:
        return bool(stack.health()["ok"])
    except Exception:
        return False


def test_a_kiosk_comes_back_by_itself_after_the_web_server_restarts(tv: Page, stack: Stack) -> None:
    connection = tv.locator("#connection")
    stopped = time.monotonic()
    try:
        stack.processes["web"].stop()
        expect(connection).to_have_attribute("data-state", "offline", timeout=OFFLINE_WITHIN * 1000)
        assert time.monotonic() - stopped <= OFFLINE_WITHIN
        expect(connection).to_have_text(re.compile(r"^Offline since \d"))
        time.sleep(max(0.0, OUTAGE - (time.monotonic() - stopped)))  # the outage itself
    finally:
        restarted = time.monotonic()
        stack.start("web")

    expect(connection).to_have_attribute("data-state", "online", timeout=BACK_WITHIN * 1000)
    expect(tv.locator("#freshness")).to_have_attribute("data-state", "live")
    seq = int(tv.evaluate("document.body.dataset.seq"))
    tv.wait_for_function(f"Number(document.body.dataset.seq) > {seq}")
    assert time.monotonic() - restarted <= BACK_WITHIN
    assert tv.evaluate("window.sameDocument") is True, "it reconnected; it did not reload"
    healthy(stack)


def test_a_kiosk_says_the_data_is_stale_while_its_connection_stays_up(
    tv: Page, stack: Stack
) -> None:
    freshness = tv.locator("#freshness")
    limit = 2 * stack.poll_interval + 5
    try:
        stack.processes["simulator"].stop()
        stopped = time.monotonic()  # down for sure: its process has exited
        expect(freshness).to_have_attribute("data-state", "stale", timeout=(limit + 5) * 1000)
        took = time.monotonic() - stopped
        expect(freshness).to_have_text(re.compile(r"^Data stale since \d.*upstream_down"))
        expect(tv.locator("#connection")).to_have_attribute("data-state", "online")
        assert took <= limit + TICKS, f"stale after {took:.1f} s"
        assert set(tv.evaluate("window.connectionStates")) == {"online"}
    finally:
        stack.start("simulator")
        healthy(stack)

    expect(freshness).to_have_attribute("data-state", "live", timeout=15_000)
    assert tv.evaluate("window.sameDocument") is True
