"""A campaign admin schedules a video appointment, adds its moderator and two customers,
sees it on a board's "Today's appointments", and finishes it; cancels another; a double
click on Schedule makes one appointment; refusals are shown next to their field; every
step is in the audit log."""

from __future__ import annotations

import re
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import httpx
import pytest
from playwright.sync_api import Locator, Page, expect

from tests.browser.boards_support import put_board
from tests.browser.test_board_page import log_in
from tests.conftest import ARTIFACTS, Stack

pytestmark = [pytest.mark.e2e, pytest.mark.browser]

WIDGET = {"id": "today", "type": "appointments", "x": 0, "y": 0, "w": 4, "h": 4}
WIDGET["thresholds"] = {"direction": "above", "warning": 1, "critical": None}


def created(stack: Stack) -> int:
    """Return how many appointments the simulator's service has created."""
    count: int = httpx.get(f"{stack.simulator_url}/_sim/appointments", timeout=10).json()["created"]
    return count


def local_time(page: Page, hours: float) -> str:
    """Return now plus `hours` in the tenant's time zone (the form names it), as the
    time field takes it."""
    label = page.locator('[data-field="when"]').inner_text()
    zone = re.search(r"\(([^)]+)\)", label)
    assert zone, label
    moment = datetime.now(ZoneInfo(zone.group(1))) + timedelta(hours=hours)
    return moment.strftime("%Y-%m-%dT%H:%M")


def schedule(page: Page, *, branch: str, room: str = "realtime", when: str = "") -> Locator:
    form = page.locator("form.schedule-appointment")
    form.locator('select[name="room_type"]').select_option(room)
    form.locator('input[name="when"]').fill(when)
    form.get_by_label("Branch code").fill(branch)
    return form.get_by_role("button", name="Schedule")


def end(page: Page, status: str) -> None:
    form = page.locator("form.end-appointment")
    form.locator(f'input[name="status"][value="{status}"]').check()
    task_num = form.locator(".confirm-name").inner_text()
    form.locator('input[name="confirm_name"]').fill(task_num)
    form.get_by_role("button", name="Change the status").click()


def test_an_admin_schedules_staffs_shows_finishes_and_cancels_appointments(
    page: Page, stack: Stack
) -> None:
    put_board(stack, "appointments-wall", "Appointments", [WIDGET])
    log_in(page, stack, "/console/appointments/")
    board = page.context.new_page()
    board.goto(f"{stack.web_url}/boards/appointments-wall/")
    tile = board.locator('[data-widget="today"]')
    # Polled: the widget's subscription lists the agents the moderator picker offers.
    expect(tile.locator('[data-phase="in progress"]')).to_have_text("0")
    before = created(stack)

    # Refusals of the service, shown next to the field with the service's own words.
    schedule(page, branch="").click()
    expect(page.locator('[data-field="branch_code"] .errorlist')).to_contain_text(
        "The service said: branch_code is required"
    )
    schedule(page, branch="943", room="normal", when=local_time(page, -2)).click()
    expect(page.locator('[data-field="when"] .errorlist')).to_contain_text(
        "The service said: task_time is in the past"
    )
    expect(page.get_by_label("Branch code")).to_have_value("943")  # nothing is lost

    # A double click on Schedule: one appointment.
    schedule(page, branch="943").dblclick()
    expect(page.locator(".flash").first).to_contain_text("is scheduled")
    expect(page.locator("h1")).to_have_text(re.compile(r"^Appointment \d{15}$"))
    assert created(stack) == before + 1
    task_num = page.locator("h1").inner_text().split()[-1]

    agent = page.locator("datalist#agents option").first.get_attribute("value") or ""
    assert agent, "the picker offers the tenant's agents"
    page.get_by_label("Agent who hosts the room").fill(agent)
    page.get_by_role("button", name="Add moderator").click()
    expect(page.locator('[data-col="moderator"]')).to_have_text(agent)

    customers = page.locator("form.add-customers fieldset.customer")
    for row, (name, id_num) in enumerate([("Grace Hopper", "C-1"), ("Alan Turing", "C-2")]):
        fields = customers.nth(row)
        fields.get_by_label("Name").fill(name)
        fields.get_by_label("Id").fill(id_num)
        fields.get_by_label("Country code").fill("+44")
        fields.get_by_label("Phone").fill("7700 900123")
        fields.get_by_label("Email").fill(f"{id_num.lower()}@example.com")
    page.get_by_role("button", name="Add customers").click()
    expect(page.locator('[data-col="customers"]')).to_contain_text("Grace Hopper (C-1)")
    expect(page.locator('[data-col="customers"]')).to_contain_text("Alan Turing (C-2)")
    detail = page.url

    expect(tile.locator('[data-phase="in progress"]')).to_have_text("1")
    expect(tile).to_have_attribute("data-level", "warning")

    end(page, "finished")
    expect(page.locator('[data-col="status"]')).to_have_text("finished")
    expect(tile.locator('[data-phase="finished"]')).to_have_text("1")
    expect(tile.locator('[data-phase="in progress"]')).to_have_text("0")

    page.goto(f"{stack.web_url}/console/appointments/")
    schedule(page, branch="943", room="normal", when=local_time(page, 1)).click()
    expect(page.locator(".flash").first).to_contain_text("is scheduled")
    end(page, "canceled")
    expect(page.locator('[data-col="status"]')).to_have_text("canceled")
    expect(tile.locator('[data-phase="canceled"]')).to_have_text("1")
    ARTIFACTS.mkdir(exist_ok=True)
    board.screenshot(path=ARTIFACTS / "appointments-widget.png")
    assert created(stack) == before + 2
    assert detail != page.url

    page.goto(f"{stack.web_url}/console/audit/?action=appointment")
    rows = page.locator(".audit-table tbody tr")
    expect(rows).to_have_count(8)
    actions = [
        (
            r.locator('[data-col="action"]').inner_text(),
            r.locator('[data-col="action"] + td').inner_text(),
        )
        for r in rows.all()
    ]
    assert [action for action, _ in actions] == [
        "cancel appointment",
        "schedule appointment",
        "finish appointment",
        "add appointment customers",
        "add appointment moderator",
        "schedule appointment",
        "schedule appointment",
        "schedule appointment",
    ]
    assert actions[2][1] == task_num
