"""Acceptance 2: a threshold crossing turns a tile critical within one poll interval, and
acknowledging the alert from a second browser stops its flashing and sound on the first.
Issue 13, acceptance 3: the crossing appears in the alert strip of both screens by the
widget's title and the grid's row, and the acknowledgement and the alert history name
the same.

The crossing is made deterministic with a statistic that grows steadily whatever the
simulated traffic: the `login_time` of one agent in the middle of a shift (5 s per
second at the stack's speed 5; the shift ends hours of simulated time later, and an agent
logged out would reset it). The threshold is set a few seconds ahead of its value."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

import pytest
from playwright.sync_api import Browser, Page, expect

from tests.browser.boards_support import (
    delete_board,
    ensure_supervisor,
    kiosk_path,
    log_in_as,
    put_board,
)
from tests.conftest import Stack

pytestmark = [pytest.mark.e2e, pytest.mark.browser]

SLUG = "alert-test"
AHEAD = 75  # seconds of login time, about 15 s at the simulator's speed 5 (a reload takes a few)
# The agent watched has been logged in this long (seconds): far from both ends of a shift.
MID_SHIFT = (3600, 7 * 3600)
SECONDS = "text => text.split(':').reduce((total, part) => total * 60 + Number(part), 0)"


def longest_login(
    thresholds: dict[str, Any] | None = None, agent: str | None = None, limit: int = 40
) -> dict[str, Any]:
    """Return the alert board's agent grid: the agents by login time, longest first, or
    the one `agent` only."""
    grid: dict[str, Any] = {
        "id": "oldest",
        "type": "agent_grid",
        "title": "Logged in longest",
        "columns": ["first_last_name", "login_time"],
        "order_by": "login_time",
        "order_dir": "DESC",
        "limit": 1 if agent else limit,
        "logged_in_only": False,
        "alert": {"flash": True, "sound": True, "repeat": 30},
        "x": 0,
        "y": 0,
        "w": 6,
        "h": 4,
    }
    if agent:
        grid["filter"] = {"stat": "first_last_name", "op": "EQ", "value": agent}
    if thresholds:
        grid["column_thresholds"] = {"login_time": thresholds}
    return grid


@pytest.fixture
def tv(browser: Browser, stack: Stack) -> Iterator[Page]:
    """A kiosk showing the alert board, as a TV on the wall would."""
    put_board(stack, SLUG, "Alerts", [longest_login()])
    context = browser.new_context(viewport={"width": 1280, "height": 720})
    page = context.new_page()
    page.goto(stack.web_url + kiosk_path(stack, "Alert TV", board=SLUG))
    try:
        yield page
    finally:
        context.close()
        delete_board(stack, SLUG)


def agent_mid_shift(page: Page) -> str:
    """Return the name of an agent logged in for a while, whose shift is far from over."""
    rows = page.locator('.tile[data-widget="oldest"] tbody tr')
    expect(rows.first.locator('td[data-stat="login_time"]')).to_have_text(re.compile(r"\d:\d\d"))
    for name, login in page.evaluate(
        f"""() => [...document.querySelectorAll('.tile[data-widget="oldest"] tbody tr')]
          .map(row => [row.cells[0].textContent, ({SECONDS})(row.cells[1].textContent)])"""
    ):
        if MID_SHIFT[0] <= login <= MID_SHIFT[1]:
            return str(name)
    raise AssertionError("no agent of the simulator is in the middle of a shift")


def login_seconds(page: Page) -> int:
    cell = page.locator('.tile[data-widget="oldest"] td[data-stat="login_time"]')
    expect(cell).to_have_text(re.compile(r"^\d+:\d\d"))
    return int(page.evaluate(SECONDS, cell.inner_text()))


def watch_crossing(page: Page, limit: int) -> None:
    """Record, in the page, when the value first reaches `limit` and when the tile turns
    critical, both on the page's clock."""
    page.evaluate(
        f"""limit => {{
          const seconds = {SECONDS};
          const tile = document.querySelector('.tile[data-widget="oldest"]');
          window.crossing = {{}};
          const all = {{subtree: true, childList: true, characterData: true, attributes: true}};
          new MutationObserver(() => {{
            const cell = tile.querySelector('td[data-stat="login_time"]');
            const now = performance.now();
            if (cell && seconds(cell.textContent) >= limit) window.crossing.value ??= now;
            if (tile.dataset.level === "critical") window.crossing.critical ??= now;
          }}).observe(tile, all);
        }}""",
        limit,
    )


def test_a_crossing_alerts_and_one_acknowledgement_silences_every_screen(
    tv: Page, browser: Browser, stack: Stack
) -> None:
    tile = tv.locator('.tile[data-widget="oldest"]')
    agent = agent_mid_shift(tv)
    tv.evaluate("window.beforeThresholds = true")
    put_board(stack, SLUG, "Alerts", [longest_login(agent=agent)])
    tv.wait_for_function("window.beforeThresholds === undefined")  # it reloaded by itself
    expect(tile.locator("tbody tr")).to_have_count(1)
    expect(tile.locator("tbody td").first).to_have_text(agent)
    limit = login_seconds(tv) + AHEAD
    tv.evaluate("window.beforeThresholds = true")

    put_board(
        stack,
        SLUG,
        "Alerts",
        [longest_login({"direction": "above", "critical": limit}, agent=agent)],
    )

    tv.wait_for_function("window.beforeThresholds === undefined")  # it reloaded by itself
    expect(tile.locator("tbody tr")).to_have_count(1)
    assert login_seconds(tv) < limit, "the threshold is still ahead of the value"
    expect(tile).not_to_have_attribute("data-level", "critical")
    watch_crossing(tv, limit)

    expect(tile).to_have_attribute("data-level", "critical", timeout=30_000)
    crossing = tv.evaluate("window.crossing")
    assert crossing["critical"] - crossing["value"] <= 1000 * stack.poll_interval
    expect(tile).to_have_class(re.compile(r"\bflashing\b"))
    subject = f"Logged in longest · {agent}"
    strip = re.compile(rf"^{re.escape(subject)} — Logged in for [\d:]+ — critical for \d+ s$")
    expect(tv.locator('#alert-strip li[data-level="critical"]')).to_have_text(strip)
    expect(tv.locator("body")).to_have_attribute("data-sounding", "1")
    tv.wait_for_function("Number(document.body.dataset.beeps) >= 1")  # the sound played

    # A supervisor acknowledges it from another browser.
    context = browser.new_context(viewport={"width": 1600, "height": 900})
    try:
        desk = context.new_page()
        log_in_as(desk, stack, *ensure_supervisor(stack), f"/boards/{SLUG}/")
        expect(desk.locator('#alert-strip li[data-level="critical"]')).to_have_text(strip)
        desk.get_by_role("button", name="Acknowledge alert: Logged in longest").click()

        expect(tile).not_to_have_class(re.compile(r"\bflashing\b"))
        expect(tv.locator("body")).to_have_attribute("data-sounding", "0")
        expect(tile).to_have_attribute("data-level", "critical")  # the number still is
        expect(tile.locator(".ack-note")).to_have_text(re.compile(r"^Acknowledged by sup until"))
        expect(
            desk.get_by_role("button", name="Acknowledge alert: Logged in longest")
        ).to_be_hidden()

        # The board's alert history has the crossing, as the poll saw it, and the ack.
        desk.get_by_role("link", name="Alerts").click()
        crossing = desk.locator('#alert-history tr[data-kind="level"][data-level="critical"]')
        expect(crossing).to_have_count(1)
        expect(crossing.locator("td").nth(1)).to_have_text(subject)
        expect(crossing).to_contain_text(re.compile(r"normal → critical at \d+:\d\d:\d\d"))
        acknowledged = desk.locator('#alert-history tr[data-kind="ack"]')
        expect(acknowledged).to_contain_text("acknowledged by sup")
        expect(acknowledged.locator("td").nth(1)).to_have_text(subject)
    finally:
        context.close()
    log = stack.manage(
        "shell",
        "-c",
        "from boards.models import AlertAck; "
        f"print(list(AlertAck.objects.filter(board__slug='{SLUG}')"
        ".values_list('username', 'widget_id', 'widget_title')))",
    )
    assert log.strip().splitlines()[-1] == str([("sup", "oldest", subject)])
