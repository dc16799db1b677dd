"""A campaign admin queues a task, looks it up by its external id, raises its priority
and cancels it; each step is in the audit log with the tenant's status."""

from __future__ import annotations

import itertools
from collections.abc import Iterator

import pytest
from playwright.sync_api import Page, expect

from tests.browser.test_board_page import log_in
from tests.conftest import Stack

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
    form.get_by_label("Service name").fill("Order Tasks")
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


def test_a_task_service_error_is_explained_in_plain_words(page: Page, stack: Stack) -> None:
    log_in(page, stack, "/console/tasks/")
    form = page.locator("form.queue-task")
    form.get_by_label("First name").fill("Ada")
    form.get_by_label("Case category").fill("Orders")
    form.get_by_label("Task subject").fill("Nowhere")
    form.get_by_label("Service name").fill("Voice Inbound")
    form.get_by_role("button", name="Queue task").click()

    expect(page.get_by_role("alert")).to_contain_text(
        "There is no service of the Task type with this name. (Task Routing error 6.)"
    )
