"""A screen that misses a delta notices the gap in seq, asks for the snapshot, and
carries on from it: no reload, and the numbers match the server's again."""

from __future__ import annotations

import json
import re

import pytest
from playwright.sync_api import Page, WebSocketRoute

from tests.browser.test_board_page import log_in
from tests.conftest import Stack
from tests.support import wait_until

pytestmark = [pytest.mark.e2e, pytest.mark.browser]

# Counts the page's resync requests, so the test can wait for the first one.
COUNT_RESYNCS = """
const send = WebSocket.prototype.send;
window.resyncs = 0;
WebSocket.prototype.send = function (data) {
  if (JSON.parse(data).type === "resync") window.resyncs += 1;
  return send.call(this, data);
};
"""


class DropOneDelta:
    """Sit on the wire between the page and the server and drop the second delta."""

    def __init__(self) -> None:
        self.deltas = 0
        self.dropped: int | None = None
        self.latest_seq = 0

    def __call__(self, ws: WebSocketRoute) -> None:
        server = ws.connect_to_server()
        server.on_message(lambda message: self.from_server(ws, message))
        ws.on_message(server.send)

    def from_server(self, ws: WebSocketRoute, message: str | bytes) -> None:
        data = json.loads(message)
        if data["type"] in ("delta", "snapshot"):
            self.latest_seq = max(self.latest_seq, data["seq"])
        if data["type"] == "delta":
            self.deltas += 1
            if self.deltas == 2:
                self.dropped = data["seq"]
                return
        ws.send(message)


def gaps_healed(stack: Stack) -> float:
    found = re.search(r"^wallboard_gaps_healed_total (\S+)$", stack.metrics(), re.MULTILINE)
    return float(found.group(1)) if found else 0.0


def test_a_missed_delta_is_healed_by_a_resync(page: Page, stack: Stack) -> None:
    healed_before = gaps_healed(stack)
    proxy = DropOneDelta()
    page.add_init_script(COUNT_RESYNCS)
    page.route_web_socket(re.compile(r".*/ws/boards/demo/$"), proxy)
    log_in(page, stack, "/boards/demo/")
    page.evaluate("window.sameDocument = true")

    page.wait_for_function("() => window.resyncs === 1", timeout=20_000)
    page.wait_for_function(
        "seq => Number(document.body.dataset.seq) >= seq", arg=proxy.dropped or 0, timeout=5_000
    )

    assert proxy.dropped is not None
    assert int(page.evaluate("document.body.dataset.seq")) > proxy.dropped
    assert page.evaluate("window.sameDocument") is True
    wait_until(
        lambda: gaps_healed(stack) > healed_before, timeout=10, what="the healed gap counted"
    )


class DropEveryDelta:
    """Lose every delta on the wire, as a screen whose group membership lapsed would:
    no gap ever shows, only the heartbeats say the board moved on."""

    def __call__(self, ws: WebSocketRoute) -> None:
        server = ws.connect_to_server()
        server.on_message(lambda message: self.from_server(ws, message))
        ws.on_message(server.send)

    def from_server(self, ws: WebSocketRoute, message: str | bytes) -> None:
        if json.loads(message)["type"] != "delta":
            ws.send(message)


def test_silently_lost_deltas_are_healed_by_the_heartbeats(page: Page, stack: Stack) -> None:
    page.add_init_script(COUNT_RESYNCS)
    page.route_web_socket(re.compile(r".*/ws/boards/demo/$"), DropEveryDelta())
    log_in(page, stack, "/boards/demo/")
    page.wait_for_function("() => document.body.dataset.seq !== undefined")
    first = int(page.evaluate("document.body.dataset.seq"))

    page.wait_for_function(
        "first => window.resyncs >= 2 && Number(document.body.dataset.seq) > first",
        arg=first,
        timeout=20_000,
    )
