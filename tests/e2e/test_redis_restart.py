"""Redis is allowed to restart: in a deployment like `make run` (two web processes, two
workers, two beats), `kill -9` of Redis and a restart 5 s later stop no process; every
socket gets deltas again within 15 s of the restart; no screen ever says "live" over
numbers older than it may show; and no alert is logged twice."""

from __future__ import annotations

import asyncio
import json
import shutil
import signal
import time
from collections.abc import Iterator
from typing import Any

import pytest
from playwright.async_api import Browser, Page, async_playwright
from playwright.async_api import TimeoutError as PlaywrightTimeout

from stats.health import stale_after
from tests.conftest import CHROMIUM_ARGS, Stack, start_stack, stop_all
from tests.e2e.clients import Screen, open_screens, until
from tests.support import wait_until

pytestmark = pytest.mark.e2e

SOCKETS = 100
OUTAGE = 5.0
BACK_WITHIN = 15.0
# A widget that is always at "warning" (some agent is always logged in): a restart
# that forgot its level would log it again.
ALERTING = [
    {"id": "on", "type": "total", "stat": "agents_logged", "x": 0, "y": 0, "w": 3, "h": 2,
     "thresholds": {"direction": "above", "warning": 0}},
]  # fmt: skip
# Every 100 ms, what the page shows: its data's state and time, and the data it holds.
SAMPLER = """
window.samples = [];
setInterval(() => {
  if (!document.body) return;
  const d = document.body.dataset;
  window.samples.push({t: Date.now() / 1000, state: d.freshness, time: d.dataTime,
                       epoch: d.epoch, seq: d.seq});
}, 100);
"""


@pytest.fixture(scope="module")
def deployment(
    tmp_path_factory: pytest.TempPathFactory, base_env: dict[str, str]
) -> Iterator[Stack]:
    """Every process of `make run`, with two web processes, for this module alone."""
    processes: dict[str, Any] = {}
    try:
        stack = start_stack(tmp_path_factory.mktemp("restart"), base_env, processes, webs=2)
        stack.manage("shell", "--no-imports", "-c", alerting_board_code())
        yield stack
    finally:
        stop_all(processes)


def alerting_board_code() -> str:
    return (
        "from boards.models import Board; from bpcc.models import Tenant; "
        "Board.objects.create(tenant=Tenant.objects.get(), slug='alerting', "
        f"title='Alerting', widgets={json.dumps(ALERTING)})"
    )


def alert_events(stack: Stack) -> list[tuple[str, str, str, str]]:
    """Return the alert history as (board, widget, from, to), oldest first."""
    code = (
        "import json; from boards.models import AlertEvent; print(json.dumps(list("
        "AlertEvent.objects.order_by('at', 'pk').values_list("
        "'board__slug', 'widget_id', 'from_level', 'to_level'))))"
    )
    rows = json.loads(stack.manage("shell", "--no-imports", "-c", code))
    return [tuple(row) for row in rows]


async def open_page(browser: Browser, stack: Stack, url: str, heard: list[Any]) -> Page:
    """Open `url` and wait for live data; add the messages its sockets get to `heard`."""
    context = await browser.new_context(viewport={"width": 1600, "height": 900})
    site = url.split("/", 3)[:3]  # the cookies are for every path of the site
    await context.add_cookies(
        [{"name": k, "value": v, "url": "/".join(site)} for k, v in stack.login_cookies().items()]
    )
    page = await context.new_page()
    page.on("websocket", lambda ws: ws.on("framereceived", lambda text: heard.append(text)))
    await page.add_init_script(SAMPLER)
    said: list[str] = []
    page.on("console", lambda message: said.append(message.text))
    await page.goto(url)
    try:
        await page.wait_for_function("document.body?.dataset.freshness === 'live'", timeout=30_000)
    except PlaywrightTimeout:
        shown = await page.evaluate("JSON.stringify(document.body?.dataset)")
        raise AssertionError(f"{url} never showed live data: {shown}, console: {said}") from None
    return page


def confirmations(screens: list[Screen], heard: list[Any]) -> dict[tuple[str, int], float]:
    """Return, for each (epoch, seq) of the board, the latest time the server said it
    was current, to the test's sockets or the pages' (`heard`): its poll's time, or a
    heartbeat's last good poll while it was the board's latest.

    The pages' own messages count: a page that asks for the board again (a gap, a
    reconnect) gets a snapshot the test's sockets, which never ask, may never see."""
    latest: dict[tuple[str, int], float] = {}

    def saw(epoch: str, seq: int, at: float | None) -> None:
        if at is not None:
            latest[(epoch, seq)] = max(at, latest.get((epoch, seq), 0.0))

    said: list[dict[str, Any]] = [json.loads(text) for text in heard if isinstance(text, str)]
    for screen in screens:
        said += screen.got.snapshots + screen.got.heartbeats
        said += [
            {"type": "delta", "epoch": d.epoch, "seq": d.seq, "upstream_time": d.upstream_time}
            for d in screen.got.deltas
        ]
    for message in said:
        if message.get("type") in ("delta", "snapshot"):
            saw(message["epoch"], message["seq"], message["upstream_time"])
        elif message.get("type") == "heartbeat" and "epoch" in message:
            saw(message["epoch"], message["seq"], message["data"]["last_ok"])
    return latest


def untruthful(
    samples: list[dict[str, Any]], confirmed: dict[tuple[str, int], float], limit: float
) -> list[dict[str, Any]]:
    """Return the samples where the page said "live" over data older than `limit`, or
    dated its data later than the server ever vouched for the numbers it held."""
    wrong = []
    for sample in samples:
        if sample["state"] != "live":
            continue
        shown = float(sample["time"])
        vouched = confirmed.get((sample["epoch"], int(sample["seq"])), 0.0)
        if shown > vouched + 0.01 or sample["t"] - shown > limit:
            wrong.append({**sample, "vouched": vouched})
    return wrong


def delta_since(screen: Screen, moment: float) -> bool:
    return bool(screen.got.deltas) and screen.got.deltas[-1].at > moment


async def test_a_redis_restart_stops_nothing_and_no_screen_lies(deployment: Stack) -> None:
    stack = deployment
    cookie = stack.cookie_header()
    kiosk = stack.kiosk_path("By the door", board="demo")
    screens: list[Screen] = []
    for url in stack.web_urls:
        screens += await open_screens(url, "/ws/boards/demo/", SOCKETS // 2, cookie=cookie)
    chromium = shutil.which("chromium") or shutil.which("chromium-browser")
    async with async_playwright() as playwright:
        browser = await playwright.chromium.launch(executable_path=chromium, args=CHROMIUM_ARGS)
        heard: list[Any] = []  # what the pages' sockets got
        pages = [
            await open_page(browser, stack, f"{stack.web_urls[0]}/boards/demo/", heard),
            await open_page(browser, stack, f"{stack.web_urls[1]}{kiosk}", heard),
        ]
        await asyncio.to_thread(
            wait_until, lambda: alert_events(stack), timeout=30, what="an alert"
        )

        stack.processes["redis"].stop(signal.SIGKILL)
        await asyncio.sleep(OUTAGE)  # the outage itself
        stack.start("redis")
        restarted = time.time()

        await until(lambda: all(delta_since(s, restarted) for s in screens), BACK_WITHIN)
        for page in pages:
            await page.wait_for_function(
                "document.body?.dataset.freshness === 'live'", timeout=30_000
            )
        samples = [sample for page in pages for sample in await page.evaluate("window.samples")]
        await browser.close()
    for screen in screens:
        screen.close()

    for name, process in stack.processes.items():
        assert process.popen.poll() is None, f"{name} stopped\n{process.log_tail()}"
    limit = stale_after(stack.poll_interval) + 0.5  # a page checks its data's age every 250 ms
    assert untruthful(samples, confirmations(screens, heard), limit) == []
    assert any(s["t"] > restarted and s["state"] == "live" for s in samples)
    events = [e for e in alert_events(stack) if e[0] == "alerting"]
    assert events == [("alerting", "on", "normal", "warning")], events
