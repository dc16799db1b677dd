"""Acceptance 1: a supervisor builds a board in the editor (places a widget by dragging
it, picks a statistic), saves it, and sees it live; an open board page redraws itself
when the board is saved again. Issue 13, acceptance 4: the editor's canvas shows live
numbers, changes can be undone and redone, and problems are marked on their widgets."""

from __future__ import annotations

import json
import re
import time
from collections.abc import Iterator
from typing import Any

import pytest
import redis
from playwright.sync_api import Browser, Page, expect

from tests.browser.boards_support import delete_board, ensure_supervisor, log_in_as
from tests.conftest import ARTIFACTS, Stack

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


def canvas_number(page: Page, widget: str) -> tuple[str, float | None]:
    """Return the number a widget's tile shows on the canvas, and the time of the poll
    the canvas's numbers come from."""
    return page.evaluate(
        """(id) => [
          document.querySelector(`.box[data-widget="${id}"] .tile .number`).textContent,
          Number(document.getElementById("live-status").dataset.time) || null,
        ]""",
        widget,
    )


def stored_total(stack: Stack, tenant: str, stat: str) -> tuple[str, float] | None:
    """Return a total of the tenant's last good poll as the live store keeps it, and when
    the tenant answered."""
    with redis.Redis.from_url(stack.env["WALLBOARD_REDIS_URL"], decode_responses=True) as r:
        text = r.get(f"wb:tenant:{tenant}:latest")
    if not text:
        return None
    latest = json.loads(text)
    return str(latest["raw"]["wallboard"]["stats_totals"][stat]), latest["received"]


def canvas_state(page: Page) -> list[dict[str, Any]]:
    """Return each widget as the canvas shows it: id, place, the tile's title and the
    statistics its numbers show."""
    return page.evaluate(
        """() => [...document.querySelectorAll("#canvas .box")].map((box) => {
          const [y, x, h, w] = getComputedStyle(box).gridArea.match(/\\d+/g).map(Number);
          return {
            id: box.dataset.widget, x: x - 1, y: y - 1, w, h,
            title: box.querySelector(".tile-title").textContent,
            stats: [...box.querySelectorAll(".number[data-stat]")].map((n) => n.dataset.stat),
          };
        })"""
    )


def test_the_editor_shows_live_numbers_undoes_and_marks_problems_on_widgets(
    supervisor_page: Page, stack: Stack
) -> None:
    page = supervisor_page
    panel = page.locator("#panel")
    title = f"Live editor {int(time.time())}"
    page.get_by_label("Title", exact=True).fill(title)
    tenant = page.locator("#board-tenant").input_value()
    # A stray click on the canvas adds nothing.
    page.locator("#canvas").click(position={"x": 30, "y": 30})
    expect(page.locator("#canvas .box")).to_have_count(0)

    page.get_by_label("Widget type").select_option(label="Single statistic")
    page.get_by_role("button", name="Add widget").click()
    waiting = page.locator('.box[data-widget="w1"]')
    # Live: the number on the canvas is the one of the live store's latest poll.
    expect(waiting.locator(".tile .number")).to_have_text(re.compile(r"^\d+$"))
    expect(page.locator("#live-status")).to_have_attribute("data-state", "live")
    deadline = time.monotonic() + 15
    while True:
        shown, shown_at = canvas_number(page, "w1")
        stored = stored_total(stack, tenant, "in_calls_waiting")
        if stored and stored[1] == shown_at:
            assert shown == stored[0]
            break
        assert time.monotonic() < deadline, "the canvas never showed the store's latest poll"
        page.wait_for_timeout(100)  # the next reading of both: not a stand-in for an event

    # A new grid widget has a title of its own; no saved board shows its columns, so
    # the tenant's subscription has no rows for it until it is saved, and it says so.
    page.get_by_label("Widget type").select_option(label="Agent grid")
    page.get_by_role("button", name="Add widget").click()
    grid = page.locator('.box[data-widget="w2"]')
    expect(grid.locator(".tile-title")).to_have_text("Agent grid")
    expect(grid).to_have_attribute("data-pending", "true")
    expect(waiting).not_to_have_attribute("data-pending", "true")

    # Move, undo (keyboard), redo (button).
    place = waiting.evaluate("(b) => getComputedStyle(b).gridArea")
    drag_box(page, '.box[data-widget="w1"]', columns=0, rows=6)
    expect(waiting).to_have_css("grid-area", "7 / 1 / span 2 / span 2")
    page.keyboard.press("Control+z")
    expect(waiting).to_have_css("grid-area", place)
    page.get_by_role("button", name="Redo").click()
    expect(waiting).to_have_css("grid-area", "7 / 1 / span 2 / span 2")

    # A refused move says why on the widget itself.
    waiting.focus()
    page.keyboard.press("ArrowLeft")
    expect(waiting.locator(".box-note")).to_have_text("Not moved: that would leave the grid.")
    expect(waiting).to_have_css("grid-area", "7 / 1 / span 2 / span 2")

    # Delete, then undo brings the widget back as it was.
    grid.focus()
    page.keyboard.press("Delete")
    expect(grid).to_have_count(0)
    page.keyboard.press("Control+z")
    expect(grid.locator(".tile-title")).to_have_text("Agent grid")
    expect(grid).to_be_focused()

    # A threshold the server refuses is marked on its widget, which gets the focus.
    waiting.click()
    thresholds = panel.locator("fieldset.thresholds")
    thresholds.get_by_label("Warning").fill("10")
    thresholds.get_by_label("Critical").fill("5")
    page.get_by_role("button", name="Save").click()
    expect(page.locator("#editor-status")).to_have_text("Not saved")
    expect(waiting).to_have_attribute("data-problem", "true")
    expect(waiting.locator(".box-problem")).to_contain_text(
        "the critical level must be above the warning level"
    )
    expect(grid).not_to_have_attribute("data-problem", "true")
    expect(waiting).to_be_focused()
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=ARTIFACTS / "editor-problem-on-widget.png")

    thresholds.get_by_label("Critical").fill("20")
    expect(waiting).not_to_have_attribute("data-problem", "true")
    shown_before_save = canvas_state(page)
    page.get_by_role("button", name="Save").click()
    expect(page).to_have_url(re.compile(r"/boards/[\w-]+/edit/\?saved=1$"))
    slug = page.url.split("/boards/")[1].split("/")[0]
    try:
        code = (
            "import json; from boards.boardconfig import board_config; "
            f"from boards.models import Board; print(json.dumps(board_config("
            f"Board.objects.get(slug='{slug}'))['widgets']))"
        )
        saved = json.loads(stack.manage("shell", "--no-imports", "-c", code).strip())
        assert [
            {
                "id": w["id"],
                **{k: w[k] for k in ("x", "y", "w", "h")},
                "title": w["title"] or "Waiting",
                "stats": [w["stat"]] if "stat" in w else [],
            }
            for w in saved
        ] == shown_before_save
        assert saved[0]["thresholds"] == {"direction": "above", "warning": 10, "critical": 20}
        # Opened again, the canvas shows the same board; once the poller subscribed to
        # the saved grid, its rows come too.
        expect(page.locator("#live-status")).to_have_attribute("data-state", "live")
        expect(waiting.locator(".tile .number")).to_have_text(re.compile(r"^\d+$"))
        assert canvas_state(page) == shown_before_save
        rows = grid.locator(".tile tbody")
        expect(rows.locator("tr").first).to_be_visible(timeout=15_000)
        expect(grid).not_to_have_attribute("data-pending", "true")
        # The numbers move while the editor is open: agents' time in state, every poll.
        first = rows.evaluate("(body) => body.textContent")
        page.wait_for_function(
            """([id, first]) => document.querySelector(
              `.box[data-widget="${id}"] .tile tbody`).textContent !== first""",
            arg=["w2", first],
            timeout=10_000,
        )
        page.screenshot(path=ARTIFACTS / "editor-live-canvas.png")
    finally:
        delete_board(stack, slug)
