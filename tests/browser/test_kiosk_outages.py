"""Acceptance 4 and 5: a kiosk rides out outages by itself and says what is wrong, and
(issue 13, acceptance 2) says it so nobody can miss it: a band across the whole width
in large text, since when and why, every tile's numbers dimmed, gone by itself once
all is well again.

- The web server stops for 20 s: the kiosk shows "offline since" within 10 s, and is
  back (online, live data, same page) within 30 s of the restart.
- The simulator (the tenant) stops, or only its data endpoint fails: the kiosk shows
  its data stale within 2 x interval + 5 s, while its own connection stays online all
  along.
Whatever is stopped is started again, and every fault cleared, in a `finally`."""

from __future__ import annotations

import re
import time
from collections.abc import Iterator

import pytest
from playwright.sync_api import Browser, Page, expect

from tests.browser.boards_support import kiosk_path
from tests.conftest import Stack
from tests.e2e.test_upstream_faults import DATA
from tests.support import wait_until

pytestmark = [pytest.mark.e2e, pytest.mark.browser]

OUTAGE = 20.0
OFFLINE_WITHIN = 10.0
BACK_WITHIN = 30.0
# The screen checks the data's age every 250 ms, and Playwright looks every 100 ms.
TICKS = 0.5
VIEWPORT = {"width": 1280, "height": 720}
LARGE = 0.025  # of the viewport's height: the band's text is at least this large


@pytest.fixture
def tv(browser: Browser, stack: Stack) -> Iterator[Page]:
    context = browser.new_context(viewport=VIEWPORT)
    page = context.new_page()
    # The demo wall: every kind of tile, a campaign's among them.
    page.goto(stack.web_url + kiosk_path(stack, "Outage TV", board="demo-wall"))
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


def band_shows(page: Page, problem: str, headline: str) -> None:
    """Assert the problem band is up across the whole width in large text, says
    `problem` in its `headline`, and every tile's numbers are dimmed."""
    band = page.locator("#problem-band")
    expect(band).to_have_attribute("data-problem", problem)
    expect(band.locator(".problem-headline")).to_have_text(
        re.compile(rf"^{headline} since \d\d:\d\d:\d\d")
    )
    box = band.bounding_box()
    assert box is not None and box["x"] == 0 and box["width"] == VIEWPORT["width"], box
    for part in (".problem-headline", ".problem-detail"):
        size = band.locator(part).evaluate("node => parseFloat(getComputedStyle(node).fontSize)")
        assert size >= LARGE * VIEWPORT["height"], f"{part}: {size} px"
    page.screenshot(path=f"test-artifacts/problem-band-{problem}.png")
    assert dimmed(page) == {"all": True, "campaign": True}


def dimmed(page: Page) -> dict[str, bool]:
    """Return whether every tile's contents, and the campaign tile's, are dimmed."""
    return dict(
        page.evaluate(
            """() => {
              const faded = (tile) =>
                Number(getComputedStyle(tile.querySelector(".tile-body")).opacity) <= 0.5;
              const tiles = [...document.querySelectorAll(".board:not([hidden]) .tile")];
              const campaign = tiles.filter((tile) => tile.classList.contains("campaign"));
              return {all: tiles.length > 0 && tiles.every(faded),
                      campaign: campaign.length > 0 && campaign.every(faded)};
            }"""
        )
    )


def band_gone(page: Page) -> None:
    expect(page.locator("#problem-band")).to_be_hidden()
    assert dimmed(page) == {"all": False, "campaign": False}


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
        band_shows(tv, "offline", "Offline")
        assert time.monotonic() - stopped <= OFFLINE_WITHIN
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
    band_gone(tv)
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


def test_a_failing_data_endpoint_puts_a_stale_band_across_the_screen_until_it_recovers(
    tv: Page, stack: Stack
) -> None:
    expect(tv.locator("#problem-band")).to_be_hidden()
    limit = 2 * stack.poll_interval + 5
    fault = {"path": DATA, "status": 503, "message": "Statistics under maintenance"}
    try:
        stack.sim("/_sim/faults", fault)
        failing = time.monotonic()
        expect(tv.locator("#problem-band")).to_be_visible(timeout=(limit + 5) * 1000)
        took = time.monotonic() - failing
        band_shows(tv, "stale", "Data stale")
        assert took <= limit + TICKS, f"the band came after {took:.1f} s"
        detail = tv.locator("#problem-band .problem-detail")
        expect(detail).to_contain_text("the contact centre's statistics do not answer")
        expect(tv.locator("#connection")).to_have_attribute("data-state", "online")
    finally:
        stack.sim("/_sim/faults", method="DELETE")

    expect(tv.locator("#freshness")).to_have_attribute("data-state", "live", timeout=15_000)
    band_gone(tv)
    assert tv.evaluate("window.sameDocument") is True
