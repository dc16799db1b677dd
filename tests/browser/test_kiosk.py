"""Acceptance 3 and 6, and the kiosk's own behaviour: a display link shows its board with
no login at 1080p, 4K and portrait with no scrollbars and text scaled to the screen; a
revoked link says so and its socket is refused; the screens page sees every kiosk and
can identify or reload it; a kiosk reloads itself when the app is upgraded."""

from __future__ import annotations

import asyncio
import re
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
import websockets
from playwright.sync_api import Browser, Page, Route, expect

from tests.browser.boards_support import (
    ensure_supervisor,
    kiosk_path,
    log_in_as,
    no_scrollbars,
    put_rotation,
)
from tests.conftest import ARTIFACTS, Stack

HOUR = timedelta(hours=1)

pytestmark = [pytest.mark.e2e, pytest.mark.browser]

SCREENS = {"1080p": (1920, 1080), "4k": (3840, 2160), "portrait": (1080, 1920)}


@pytest.fixture(scope="module")
def wall_path(stack: Stack) -> str:
    """A display link to the demo wall, which has a widget of every type."""
    return kiosk_path(stack, "Wall TV", board="demo-wall")


@pytest.fixture
def supervisor_page(browser: Browser, stack: Stack) -> Iterator[Page]:
    context = browser.new_context(viewport={"width": 1600, "height": 900})
    page = context.new_page()
    log_in_as(page, stack, *ensure_supervisor(stack), "/screens/")
    yield page
    context.close()


def open_kiosk(browser: Browser, url: str, size: tuple[int, int]) -> Page:
    context = browser.new_context(viewport={"width": size[0], "height": size[1]})
    page = context.new_page()
    page.goto(url)
    return page


def wait_until_drawn(page: Page) -> None:
    expect(page.locator("#freshness")).to_have_attribute("data-state", "live")
    expect(page.locator("#connection")).to_have_attribute("data-state", "online")
    expect(page.locator('.tile[data-widget="queues"] tbody tr:not([hidden])').first).to_be_visible()
    # On a portrait screen the floor may be on the half not shown yet.
    expect(page.locator('.tile[data-widget="floor"] tbody tr').first).to_be_attached()


def value_font_px(page: Page) -> float:
    size = page.locator('.tile[data-widget="waiting"] .tile-value').evaluate(
        "node => getComputedStyle(node).fontSize"
    )
    return float(size.removesuffix("px"))


def test_the_kiosk_fills_1080p_4k_and_portrait_screens_without_scrollbars(
    browser: Browser, stack: Stack, wall_path: str
) -> None:
    ARTIFACTS.mkdir(exist_ok=True)
    fonts = {}
    for name, size in SCREENS.items():
        page = open_kiosk(browser, stack.web_url + wall_path, size)
        try:
            wait_until_drawn(page)
            assert page.locator('input[type="password"]').count() == 0, "no login form, ever"
            assert no_scrollbars(page), f"scrollbars at {name}"
            outside = page.evaluate(
                """() => [...document.querySelectorAll('.tile')].filter(tile => {
                  const r = tile.getBoundingClientRect();
                  return r.left < 0 || r.top < 0 || r.right > innerWidth || r.bottom > innerHeight;
                }).map(tile => tile.dataset.widget)"""
            )
            assert outside == [], f"tiles off the {name} screen: {outside}"
            fonts[name] = value_font_px(page)
            page.screenshot(path=ARTIFACTS / f"kiosk-{name}.png")
        finally:
            page.context.close()

    assert 1.8 <= fonts["4k"] / fonts["1080p"] <= 2.2, f"text follows the screen: {fonts}"


def test_the_cursor_hides_when_the_mouse_rests(
    browser: Browser, stack: Stack, wall_path: str
) -> None:
    page = open_kiosk(browser, stack.web_url + wall_path, (1280, 720))
    try:
        body = page.locator("body")
        expect(body).to_have_class(re.compile(r"\bidle\b"))
        page.mouse.move(300, 300)
        expect(body).not_to_have_class(re.compile(r"\bidle\b"))
        expect(body).to_have_class(re.compile(r"\bidle\b"), timeout=6_000)
        assert page.evaluate("getComputedStyle(document.body).cursor") == "none"
    finally:
        page.context.close()


def test_static_chrome_moves_a_little_every_minute(
    browser: Browser, stack: Stack, wall_path: str
) -> None:
    context = browser.new_context(viewport={"width": 1280, "height": 720})
    page = context.new_page()
    page.clock.install()
    try:
        page.goto(stack.web_url + wall_path)
        kiosk = page.locator("#kiosk")
        before = kiosk.bounding_box()

        page.clock.fast_forward("01:01")

        expect(kiosk).to_have_attribute("style", re.compile(r"--shift-x: -?\dpx"))
        after = kiosk.bounding_box()
        assert before and after
        moved = max(abs(after["x"] - before["x"]), abs(after["y"] - before["y"]))
        assert 0 < moved <= 2
    finally:
        context.close()


def test_outside_its_opening_hours_a_kiosk_shows_only_a_dim_clock(
    browser: Browser, stack: Stack
) -> None:
    zone = ZoneInfo(
        stack.manage(
            "shell",
            "-c",
            "from boards.models import Board; "
            "print(Board.objects.get(slug='demo').tenant.time_zone)",
        )
        .strip()
        .splitlines()[-1]
    )
    now = datetime.now(zone)
    later, day = now + timedelta(hours=2), f"{now - HOUR:%H:%M}-{now + HOUR:%H:%M}"
    night = open_kiosk(
        browser,
        stack.web_url
        + kiosk_path(stack, "Night TV", board="demo", hours=f"{later:%H:%M}-{later + HOUR:%H:%M}"),
        (1280, 720),
    )
    daytime = open_kiosk(
        browser, stack.web_url + kiosk_path(stack, "Day TV", board="demo", hours=day), (1280, 720)
    )
    try:
        expect(night.locator("body")).to_have_attribute("data-closed", "true")
        expect(night.locator("#closed")).to_be_visible()
        expect(night.locator("#closed-note")).to_have_text(f"Back at {later:%H:%M}")
        expect(night.locator("#closed-clock")).to_have_text(re.compile(r"\d"))
        # The stream stays open: at opening time the board is there, current.
        expect(night.locator("#connection")).to_have_attribute("data-state", "online")

        expect(daytime.locator("body")).to_have_attribute("data-closed", "false")
        expect(daytime.locator("#closed")).to_be_hidden()
        expect(daytime.locator("#freshness")).to_have_attribute("data-state", "live")
        expect(daytime.locator(".tile").first).to_be_visible()

        # A supervisor moves the Day TV's hours on the screens page: the TV takes them
        # by itself, at the same address.
        daytime.evaluate("window.beforeHours = true")
        desk = daytime.context.browser.new_context().new_page()  # type: ignore[union-attr]
        log_in_as(desk, stack, *ensure_supervisor(stack), "/screens/")
        desk.get_by_label("Day TV: on from").fill(f"{later:%H:%M}")
        desk.get_by_label("Day TV: until").fill(f"{later + HOUR:%H:%M}")
        desk.get_by_role("button", name="Save the hours of Day TV").click()
        expect(desk.get_by_label("Day TV: on from")).to_have_value(f"{later:%H:%M}")
        desk.context.close()
        daytime.wait_for_function("window.beforeHours === undefined")  # it reloaded
        expect(daytime.locator("body")).to_have_attribute("data-closed", "true")
    finally:
        night.context.close()
        daytime.context.close()


def test_a_rotation_shows_each_board_in_turn_on_one_page(browser: Browser, stack: Stack) -> None:
    put_rotation(stack, "Quick rotation", [("demo", 5), ("demo-wall", 5)])
    tv = open_kiosk(
        browser, stack.web_url + kiosk_path(stack, "Rotation TV", rotation="Quick rotation"),
        (1280, 720),
    )  # fmt: skip
    try:
        title = tv.locator("#kiosk-title")
        expect(title).to_have_text("Contact centre overview")
        expect(tv.locator("#freshness")).to_have_attribute("data-state", "live")
        tv.evaluate("window.sameDocument = true")

        expect(title).to_have_text("Service floor", timeout=8_000)
        wall = tv.locator('.board[data-board]:not([hidden]) .tile[data-widget="queues"]')
        expect(wall.locator("tbody tr:not([hidden])").first).to_be_visible()
        expect(tv.locator("#freshness")).to_have_attribute("data-state", "live")
        expect(title).to_have_text("Contact centre overview", timeout=8_000)

        assert tv.evaluate("window.sameDocument") is True, "rotated without reloading"
        assert tv.locator(".board[data-board]").count() == 2, "each board built once"
    finally:
        tv.context.close()


def refused_with(stack: Stack, path: str) -> int | None:
    async def connect() -> int | None:
        url = stack.web_url.replace("http", "ws", 1) + path
        async with websockets.connect(url, origin=stack.web_url) as ws:  # type: ignore[arg-type]
            try:
                await asyncio.wait_for(ws.recv(), 5)
            except websockets.ConnectionClosed as closed:
                return closed.rcvd.code if closed.rcvd else None
        return None

    # Playwright's sync API runs an event loop in this thread: use another one.
    with ThreadPoolExecutor(1) as pool:
        return pool.submit(asyncio.run, connect()).result()


def test_a_revoked_link_says_so_and_its_socket_is_refused(
    browser: Browser, stack: Stack, supervisor_page: Page
) -> None:
    desk = supervisor_page
    desk.get_by_label("Screen name").fill("Revoked TV")
    desk.get_by_label("Shows").select_option(label="Contact centre overview")
    desk.get_by_role("button", name="Make display link").click()
    url = desk.locator("#new-link").inner_text()
    token_path = url.removeprefix("http://").split("/", 1)[1]
    tv = open_kiosk(browser, url, (1280, 720))
    try:
        expect(tv.locator("#freshness")).to_have_attribute("data-state", "live")
        desk.once("dialog", lambda dialog: dialog.accept())

        desk.get_by_role("button", name="Revoke Revoked TV").click()

        expect(tv.get_by_role("heading", name="This display link was revoked")).to_be_visible()
        response = tv.goto(url)
        assert response is not None and response.status == 410
    finally:
        tv.context.close()
    assert refused_with(stack, f"/ws/{token_path}") == 4410


def test_the_screens_page_sees_a_kiosk_and_can_identify_and_reload_it(
    browser: Browser, stack: Stack, supervisor_page: Page
) -> None:
    path = kiosk_path(stack, "Screens page TV", board="demo")
    tv = open_kiosk(browser, stack.web_url + path, (1280, 720))
    try:
        expect(tv.locator("#connection")).to_have_attribute("data-state", "online")
        tv.evaluate("window.sameDocument = true")
        row = supervisor_page.locator("#screens tbody tr", has_text="Screens page TV")
        expect(row).to_contain_text("Contact centre overview")
        expect(row).to_contain_text("1280x720")
        expect(row.locator("td").nth(3)).to_have_text(re.compile(r"^\d+$"))  # seq lag

        row.get_by_role("button", name="Identify Screens page TV").click()
        expect(tv.locator("#identify")).to_be_visible()
        expect(tv.locator("#identify")).to_have_text("Screens page TV")

        row.get_by_role("button", name="Reload Screens page TV").click()
        tv.wait_for_function("window.sameDocument === undefined")
        expect(tv.locator("#connection")).to_have_attribute("data-state", "online")
    finally:
        tv.context.close()


def test_a_kiosk_reloads_itself_when_the_app_is_upgraded(
    browser: Browser, stack: Stack, wall_path: str
) -> None:
    context = browser.new_context(viewport={"width": 1280, "height": 720})
    page = context.new_page()
    loads: list[str] = []
    page.on("load", lambda p: loads.append(p.url))

    def old_script(route: Route) -> None:
        # As if this page were from before an upgrade: it believes in an older version.
        response = route.fetch()
        older = (
            "const configEl = document.getElementById('kiosk-config');\n"
            "configEl.textContent = configEl.textContent.replace("
            '/"app_version": "[^"]*"/, \'"app_version": "0.0.1-old"\');\n'
        )
        route.fulfill(response=response, body=older + response.text())

    # Only the first load runs the "old" script; the reload gets the real one.
    page.route("**/static/js/kiosk.js", old_script, times=1)
    try:
        page.goto(stack.web_url + wall_path)

        page.wait_for_function("performance.getEntriesByType('navigation')[0].type === 'reload'")
        expect(page.locator("#connection")).to_have_attribute("data-state", "online")
        expect(page.locator("#freshness")).to_have_attribute("data-state", "live")
        assert len(loads) == 2, "one reload, then the page agrees with the server"
    finally:
        context.close()
