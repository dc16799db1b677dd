"""Acceptance 1 and 6 of issue 13, readable from across the room: on a kiosk showing the
demo wall, and one showing a grid of all 40 agents of the simulator, at 1080p, 4K and
portrait, every visible text is at least 2.5 % of the screen's height (the status line
2 %), none is clipped or overlaps another, nothing scrolls; a grid too long for its
tile pages, and its pages together show every agent. The screenshots of the demo wall
are the README's (`WALLBOARD_SCREENSHOTS_TO_DOCS=1` copies them to docs/)."""

from __future__ import annotations

import os
import re
import shutil
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Browser, Page, expect

from simulator.roster import agents
from tests.browser.boards_support import kiosk_path, put_board
from tests.conftest import ARTIFACTS, Stack

pytestmark = [pytest.mark.e2e, pytest.mark.browser]

SCREENS = {"1080p": (1920, 1080), "4k": (3840, 2160), "portrait": (1080, 1920)}
NO_DATA = "\u2013"  # static/js/format.js, NO_DATA
DOCS = Path(__file__).resolve().parents[2] / "docs"

# Every visible text node of the page, each checked where it is drawn: its font size
# against the screen's height, its lines against every box that hides overflow around
# it (an ellipsis or a cut), and against the lines of every other text. A ticker's line
# crawls through its window by design: it is checked for size, and only where it shows.
WALK = """() => {
  const problems = [];
  const least = (node) => (node.closest('.kiosk-status') ? 0.02 : 0.025) * innerHeight;
  const lines = [];
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  for (let text = walker.nextNode(); text; text = walker.nextNode()) {
    const node = text.parentElement;
    if (!text.textContent.trim() || node.closest('.sr-only, script, style')) continue;
    if (!node.checkVisibility({ opacityProperty: true, visibilityProperty: true })) continue;
    const range = document.createRange();
    range.selectNodeContents(text);
    let rects = [...range.getClientRects()].filter((r) => r.width > 0 && r.height > 0);
    if (!rects.length) continue;
    const where = (node.closest('[data-widget]') || node.closest('[id]') || node).dataset?.widget
      || node.closest('[id]')?.id || node.tagName;
    const said = `${where}: "${text.textContent.trim().slice(0, 30)}"`;
    const size = parseFloat(getComputedStyle(node).fontSize);
    if (size < least(node) - 0.01) {
      problems.push(`${said} is ${size.toFixed(1)}px, below ${least(node).toFixed(1)}px`);
    }
    const crawl = node.closest('.ticker-viewport');
    if (crawl) {
      const view = crawl.getBoundingClientRect();
      rects = rects.map((r) => new DOMRect(
        Math.max(r.left, view.left), r.top,
        Math.min(r.right, view.right) - Math.max(r.left, view.left), r.height,
      )).filter((r) => r.width > 0);
    } else {
      const style = getComputedStyle(node);
      if (!style.display.startsWith('inline') && style.overflowX !== 'visible'
          && node.scrollWidth > node.clientWidth + 1) {
        problems.push(`${said} is cut: ${node.scrollWidth}px in ${node.clientWidth}px`);
      }
      for (let box = node; box && box !== document.documentElement; box = box.parentElement) {
        const s = getComputedStyle(box);
        const shows = s.overflowX === 'visible' && s.overflowY === 'visible';
        if (shows && box !== document.body) continue;
        const b = box.getBoundingClientRect();
        const left = b.left + parseFloat(s.borderLeftWidth);
        const right = b.right - parseFloat(s.borderRightWidth);
        const top = b.top + parseFloat(s.borderTopWidth);
        const bottom = b.bottom - parseFloat(s.borderBottomWidth);
        // A line's box is its font's full height: a fifth of it may pass the edge unseen.
        const cut = rects.some((r) => r.left < left - 1 || r.right > right + 1
          || r.top < top - 0.2 * r.height || r.bottom > bottom + 0.2 * r.height);
        if (cut) {
          problems.push(`${said} is clipped by ${box.className || box.tagName}`);
          break;
        }
      }
    }
    for (const r of rects) lines.push({ said, r });
  }
  for (let i = 0; i < lines.length; i++) {
    for (let j = i + 1; j < lines.length; j++) {
      const a = lines[i].r, b = lines[j].r;
      const w = Math.min(a.right, b.right) - Math.max(a.left, b.left);
      const h = Math.min(a.bottom, b.bottom) - Math.max(a.top, b.top);
      if (w > 1 && h > 0.25 * Math.min(a.height, b.height)) {
        problems.push(`${lines[i].said} overlaps ${lines[j].said}`);
      }
    }
  }
  const root = document.scrollingElement;
  const scrolls = root.scrollWidth > innerWidth || root.scrollHeight > innerHeight;
  if (scrolls) problems.push('a scrollbar');
  return [...new Set(problems)];
}"""

EVERYONE: list[dict[str, Any]] = [
    {
        "id": "everyone",
        "type": "agent_grid",
        "title": "Everyone on the floor",
        "columns": ["first_last_name", "acd_state", "reason", "state_duration"],
        "order_by": "first_last_name",
        "order_dir": "ASC",
        "limit": 50,
        "logged_in_only": False,
        "page_seconds": 2,
        "x": 0, "y": 0, "w": 6, "h": 12,
    },
    {
        "id": "services",
        "type": "service_grid",
        "title": "Services",
        "columns": ["name", "in_calls_waiting", "service_level"],
        "order_by": "in_calls_waiting",
        "limit": 10,
        "x": 6, "y": 0, "w": 6, "h": 6,
    },
    {"id": "ready", "type": "total", "stat": "agents_ready", "title": "Ready",
     "x": 6, "y": 6, "w": 3, "h": 3},
    {"id": "waiting", "type": "total", "stat": "in_calls_waiting", "title": "Waiting",
     "x": 9, "y": 6, "w": 3, "h": 3},
    {"id": "summary", "type": "agent_summary", "title": "Agent states",
     "x": 6, "y": 9, "w": 6, "h": 3},
]  # fmt: skip


def open_kiosk(browser: Browser, url: str) -> Page:
    width, height = SCREENS["1080p"]
    page = browser.new_context(viewport={"width": width, "height": height}).new_page()
    page.goto(url)
    expect(page.locator("#freshness")).to_have_attribute("data-state", "live")
    expect(page.locator("#connection")).to_have_attribute("data-state", "online")
    return page


def show_at(page: Page, size: tuple[int, int]) -> None:
    """Give the kiosk the screen `size`, and wait until it has drawn itself for it (a
    resize event, then two frames)."""
    page.set_viewport_size({"width": size[0], "height": size[1]})
    page.wait_for_function(f"innerWidth === {size[0]} && innerHeight === {size[1]}")
    page.evaluate("() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r)))")


def illegible(page: Page) -> list[str]:
    problems: list[str] = page.evaluate(WALK)
    return problems


def test_every_text_of_the_demo_wall_reads_from_across_the_room(
    browser: Browser, stack: Stack
) -> None:
    page = open_kiosk(browser, stack.web_url + kiosk_path(stack, "Legible wall", board="demo-wall"))
    ARTIFACTS.mkdir(exist_ok=True)
    try:
        for widget in ("queues", "floor", "leaders", "available"):
            tile = page.locator(f'.tile[data-widget="{widget}"]')
            expect(tile.locator("tbody tr:not([hidden]), li:not([hidden])").first).to_be_visible()
        expect(page.locator('.tile[data-widget="waiting"] .number')).not_to_have_text(NO_DATA)
        for name, size in SCREENS.items():
            show_at(page, size)
            # A portrait screen shows each half of the board in turn: both are walked.
            for half in ("0", "1") if name == "portrait" else ("",):
                if half:
                    board = page.locator(".board[data-board]")
                    # A half shows for 10 s (static/js/boardview.js), counted in 1 s ticks.
                    expect(board).to_have_attribute("data-half", half, timeout=20_000)
                    page.evaluate("() => new Promise((r) => requestAnimationFrame(r))")
                shot = ARTIFACTS / f"kiosk-wall-{name}{'-' + half if half == '1' else ''}.png"
                page.screenshot(path=shot)
                problems = illegible(page)
                assert problems == [], f"at {name} {half}: " + "\n".join(problems)
                if os.environ.get("WALLBOARD_SCREENSHOTS_TO_DOCS") and half != "1":
                    shutil.copyfile(shot, DOCS / f"kiosk-{name}.png")
    finally:
        page.context.close()


def test_a_grid_of_40_agents_pages_legibly_and_shows_every_agent(
    browser: Browser, stack: Stack
) -> None:
    put_board(stack, "everyone", "Everyone", EVERYONE)
    page = open_kiosk(browser, stack.web_url + kiosk_path(stack, "Everyone TV", board="everyone"))
    everyone = {f"{agent.first} {agent.last}" for agent in agents()}
    assert len(everyone) == 40
    grid = page.locator('.tile[data-widget="everyone"]')
    try:
        for name, size in SCREENS.items():
            show_at(page, size)
            expect(grid).to_have_attribute("data-pages", re.compile(r"^\d+$"))
            pages = int(grid.get_attribute("data-pages") or 0)
            assert pages >= 2, f"40 agents at a legible size take more than one page at {name}"
            seen: set[str] = set()
            # Every page at 1080p, each as it comes round; the page shown at the others.
            for number in range(1, pages + 1) if name == "1080p" else (None,):
                if number:
                    expect(grid).to_have_attribute("data-page", str(number), timeout=5_000)
                    expect(grid.locator(".pager")).to_have_text(f"page {number} of {pages}")
                shown = grid.locator("tbody tr:not([hidden])")
                seen |= set(shown.evaluate_all("rows => rows.map((row) => row.dataset.name)"))
                problems = illegible(page)
                assert problems == [], f"at {name}, page {number}: " + "\n".join(problems)
            page.screenshot(path=ARTIFACTS / f"kiosk-everyone-{name}.png")
            if name == "1080p":
                assert seen == everyone
    finally:
        page.context.close()
