"""A campaign admin queues a task, looks it up by its external id, raises its priority
and cancels it; each step is in the audit log with the tenant's status."""

from __future__ import annotations

import itertools
from collections.abc import Iterator

import pytest
from playwright.sync_api import Page, expect

from tests.browser.test_board_page import log_in
from tests.conftest import ARTIFACTS, Stack

pytestmark = [pytest.mark.e2e, pytest.mark.browser]

_ids = itertools.count(1)


@pytest.fixture
def frozen(stack: Stack) -> Iterator[None]:
    """Freeze the simulated centre, so no agent takes the task while the test uses it."""
    stack.sim("/_sim/freeze", {"frozen": True})
    yield
    stack.sim("/_sim/freeze", {"frozen": False})


def test_an_admin_queues_looks_up_updates_and_cancels_a_task(
    page: Page, stack: Stack, frozen: None
) -> None:
    external = f"crm-order-{next(_ids)}-{id(page)}"
    log_in(page, stack, "/console/tasks/")
    form = page.locator("form.queue-task")
    form.get_by_label("First name").fill("Ada")
    form.get_by_label("Case category").fill("Orders")
    form.get_by_label("Task subject").fill("Refund order 1234")
    form.get_by_label("Service", exact=True).select_option("Order Tasks")
    form.get_by_label("Priority (0.01 to 100)").fill("2")
    form.get_by_label("Task", exact=True).fill(external)
    form.get_by_role("button", name="Queue task").click()
    expect(page.locator(".flash")).to_contain_text("The task is queued")

    page.get_by_role("link", name="All tasks").click()
    page.get_by_label("Task id").fill(external)
    page.get_by_label("it is an external id").check()
    page.get_by_role("button", name="Look up").click()
    state = page.locator(".task-state")
    expect(state.locator('[data-col="taskStatus"]')).to_have_text("QUEUED")
    expect(state.locator('[data-col="priority"]')).to_have_text("2")

    page.get_by_label("Priority (0.01 to 100)").fill("42")
    page.get_by_role("button", name="Update task").click()
    expect(page.locator(".flash")).to_contain_text("The task is updated")
    expect(state.locator('[data-col="priority"]')).to_have_text("42")

    page.get_by_label("Note").fill("Customer cancelled the order")
    page.get_by_role("button", name="Cancel task").click()
    expect(page.locator(".flash")).to_contain_text("The task is cancelled (Abandoned)")
    expect(state.locator('[data-col="taskStatus"]')).to_have_text("DEFERRED")
    expect(state.locator('[data-col="dispositionName"]')).to_have_text("Abandoned")

    page.goto(f"{stack.web_url}/console/audit/?action=task")
    rows = page.locator(".audit-table tbody tr")
    actions = [
        (
            r.locator('[data-col="action"]').inner_text(),
            r.locator('[data-col="status"]').inner_text(),
        )
        for r in rows.all()[:3]
    ]
    assert actions == [("cancel task", "204"), ("update task", "200"), ("queue task", "200")]


def test_a_task_goes_to_a_picked_service_and_a_refused_form_keeps_what_was_typed(
    page: Page, stack: Stack, frozen: None
) -> None:
    external = f"crm-pick-{next(_ids)}-{id(page)}"
    log_in(page, stack, "/console/tasks/")
    form = page.locator("form.queue-task")
    picker = form.get_by_label("Service", exact=True)
    offered = picker.locator("option").all_inner_texts()
    assert offered[1:] == sorted(stack.sim("/_sim/state")["queues"])  # after "none"

    def typed(n: int) -> dict[str, str]:
        return {
            "First name": f"Grace {n}",
            "Last name": "Hopper",
            "Email": f"grace{n}@example.com",
            "Case category": "Orders",
            "Task subject": f"Replace order 7{n}",
            "Priority (0.01 to 100)": f"3.{n}",
            "Task": f"{external}-{n}",
            "Case": f"{external}-case-{n}",
            "Contact": f"{external}-contact-{n}",
            "URL": f"https://crm.example.com/orders/7{n}",
        }

    for label, value in typed(1).items():
        form.get_by_label(label, exact=True).fill(value)
    form.get_by_label("Order").select_option("lifo")
    form.get_by_label("Open in a new tab").check()
    picker.select_option("Order Tasks")
    form.get_by_role("button", name="Queue task").click()
    expect(page.locator(".flash")).to_contain_text("The task is queued")
    upstream = [t for t in stack.sim("/_sim/tasks")["tasks"] if t["extTaskId"] == f"{external}-1"]
    assert [(t["serviceName"], t["taskStatus"]) for t in upstream] == [("Order Tasks", "QUEUED")]

    # The task's page: moving it to a service that takes no tasks is refused, and the
    # update form keeps the new priority and the service, marked.
    update = page.locator("form.task-update")
    update.get_by_label("Priority (0.01 to 100)").fill("42")
    update.get_by_label("Move to service").select_option("Chat Service")
    update.get_by_role("button", name="Update task").click()
    expect(page.get_by_role("alert")).to_contain_text("(Task Routing error 6.)")
    expect(update.get_by_label("Priority (0.01 to 100)")).to_have_value("42")
    expect(update.get_by_label("Move to service")).to_have_value("Chat Service")
    expect(update.get_by_label("Move to service")).to_have_attribute("aria-invalid", "true")

    # The same form again, queued in a voice service: the tenant refuses it (error 6)
    # in plain words and its own, and everything typed is still there.
    page.get_by_role("link", name="All tasks").click()
    for label, value in typed(2).items():
        form.get_by_label(label, exact=True).fill(value)
    form.get_by_label("Order").select_option("lifo")
    form.get_by_label("Open in a new tab").check()
    picker.select_option("Voice Inbound")
    form.get_by_role("button", name="Queue task").click()

    alert = page.get_by_role("alert")
    expect(alert).to_contain_text(
        "There is no service of the Task type with this name. (Task Routing error 6.)"
    )
    expect(alert).to_contain_text("Service not found or invalid")
    for label, value in typed(2).items():
        expect(form.get_by_label(label, exact=True)).to_have_value(value)
    expect(form.get_by_label("Order")).to_have_value("lifo")
    expect(form.get_by_label("Open in a new tab")).to_be_checked()
    expect(picker).to_have_value("Voice Inbound")
    expect(picker).to_have_attribute("aria-invalid", "true")
    expect(form.locator('[data-field="service"]')).to_contain_text("The tenant refused this")
    assert form.locator('[aria-invalid="true"]').count() == 1
    assert not [t for t in stack.sim("/_sim/tasks")["tasks"] if t["extTaskId"] == f"{external}-2"]
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "console-task-refused.png"), full_page=True)

    # Put right, the kept form is a new change (a fresh idempotency key): it is queued.
    picker.select_option("Order Tasks")
    form.get_by_role("button", name="Queue task").click()
    expect(page.locator(".flash")).to_contain_text("The task is queued")
    upstream = [t for t in stack.sim("/_sim/tasks")["tasks"] if t["extTaskId"] == f"{external}-2"]
    assert [(t["serviceName"], t["order"], t["priority"]) for t in upstream] == [
        ("Order Tasks", "lifo", 3.2)
    ]
