"""A superuser adds a second tenant on the tenants page, testing its connection before
saving it; switches the console to it and sees that tenant's own campaigns; starts one,
and the audit log names the tenant; the console is still on it after logging in again.

The second tenant is tenant 2 of a simulator of its own hosting two (`--tenants 2`,
simulator/hosting.py): its own seed, ids and credentials."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from playwright.sync_api import Page, expect

from bpcc.admin_api import AdminClient
from tests.conftest import ARTIFACTS, DEMO_PASSWORD, Stack
from tests.support import Process, free_port, http_ok, simulator_command, wait_until

pytestmark = [pytest.mark.e2e, pytest.mark.browser]

SECOND = "Second centre"


class Hosted:
    """A simulator hosting two tenants, started in the background: the browser starts
    meanwhile, and `url()` waits for it."""

    def __init__(self, logs: Path, env: dict[str, str]) -> None:
        port = free_port()
        command = simulator_command(port, "--tenants", "2", "--warmup", "0", "--speed", "5")
        self.process = Process("simulator", command, logs, env)
        self.base = f"http://127.0.0.1:{port}/t/tenant-2"

    def url(self) -> str:
        """Return the base URL of tenant 2 once it answers."""
        state = http_ok(f"{self.base}/_sim/state")
        wait_until(state, timeout=30, what="tenant 2", processes=[self.process])
        return self.base


@pytest.fixture(scope="module")
def hosted(tmp_path_factory: pytest.TempPathFactory, base_env: dict[str, str]) -> Iterator[Hosted]:
    hosted = Hosted(tmp_path_factory.mktemp("second-tenant"), base_env)
    yield hosted
    hosted.process.stop()


@pytest.fixture
def cleanup(stack: Stack) -> Iterator[None]:
    """Delete the tenant the test adds, through the admin as the demo user, so that the
    stack's other tests see one tenant again (its audit entries keep its name)."""
    yield
    with httpx.Client(base_url=stack.web_url, cookies=stack.login_cookies()) as client:
        listed = client.get("/console/tenants/").text
        for pk in re.findall(rf'href="/console/tenants/(\d+)/">{SECOND}<', listed):
            token = {"csrfmiddlewaretoken": client.cookies["csrftoken"], "post": "yes"}
            deleted = client.post(f"/admin/bpcc/tenant/{pk}/delete/", data=token)
            assert deleted.status_code == 302, deleted.text[:500]


def log_in(page: Page, stack: Stack, next_path: str) -> None:
    page.goto(f"{stack.web_url}{next_path}")
    page.get_by_label("Username").fill("demo")
    page.get_by_label("Password").fill(DEMO_PASSWORD)
    page.get_by_role("button", name="Log in").click()
    expect(page).to_have_url(f"{stack.web_url}{next_path}")


@pytest.mark.usefixtures("cleanup")
def test_a_second_tenant_is_added_tested_picked_and_audited(
    hosted: Hosted, page: Page, stack: Stack, api: AdminClient
) -> None:
    log_in(page, stack, "/console/tenants/")
    second_url = hosted.url()
    with AdminClient(
        second_url, timeout=10, client_id="wallboard-demo-2", client_secret="demo-secret-2"
    ) as second_api:
        second_campaigns = second_api.get_campaigns()
    first_ids = {c["id"] for c in api.get_campaigns()}
    assert second_campaigns and not first_ids & {c["id"] for c in second_campaigns}
    console_nav = page.get_by_role("navigation", name="Console")
    first_name = page.locator(".acting-on strong").inner_text()

    # Test connection sends the form as it is, unsaved: a wrong secret first.
    page.get_by_role("link", name="Add a tenant").click()
    page.get_by_label("Name", exact=True).fill(SECOND)
    page.get_by_label("Base URL").fill(second_url)
    page.get_by_label("Client ID").fill("wallboard-demo-2")
    page.get_by_label("API secret (or password)", exact=True).fill("wrong")
    page.get_by_role("button", name="Test connection").click()
    result = page.locator("[data-connection-result]")
    expect(result.locator(".connection-headline")).to_have_text(
        "Refused secret: The tenant refused the credentials."
    )
    expect(result).to_contain_text("The tenant said: ")
    page.get_by_label("API secret (or password)", exact=True).fill("demo-secret-2")
    page.get_by_role("button", name="Test connection").click()
    expect(result.locator(".connection-headline")).to_have_text(
        re.compile(r"^Connected: the user supervises \d+ team\(s\)")
    )
    page.screenshot(path=ARTIFACTS / "console-tenant-form.png", full_page=True)
    page.get_by_role("button", name="Save tenant").click()

    expect(page.locator(".flash")).to_have_text(f"Tenant “{SECOND}” saved.")
    rows = page.locator(".tenants-table tbody tr")
    expect(rows.locator("td:first-child")).to_have_text(sorted([first_name, SECOND]))
    first_row = page.locator("tr", has_text=first_name)
    expect(first_row.locator('[data-col="health"]')).to_have_text(re.compile(r"^ok, data "))
    page.screenshot(path=ARTIFACTS / "console-tenants.png")

    # The console switches to it, and shows its own campaigns.
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Console").click()
    expect(page.locator(".acting-on strong")).to_have_text(first_name)
    page.get_by_label("Switch to").select_option(label=SECOND)
    expect(page.locator(".acting-on strong")).to_have_text(SECOND)
    console_nav.get_by_role("link", name="Campaigns").click()
    expect(page.locator(".acting-on strong")).to_have_text(SECOND)
    shown = page.locator("table.campaigns tbody tr")
    expect(shown).to_have_count(len(second_campaigns))
    for campaign in second_campaigns:
        expect(page.locator(f'tr[data-campaign="{campaign["id"]}"]')).to_contain_text(
            campaign["name"]
        )

    stopped = next(c for c in second_campaigns if c["state"] == "STOPPED")
    row = page.locator(f'tr[data-campaign="{stopped["id"]}"]')
    row.get_by_text("Start…").click()
    row.get_by_role("button", name="Start campaign").click()
    expect(page.locator(".flash")).to_have_text(f"{stopped['name']} is now RUNNING. Audit entry")
    with AdminClient(
        second_url, timeout=10, client_id="wallboard-demo-2", client_secret="demo-secret-2"
    ) as second_api:
        assert second_api.get_campaign_status(stopped["id"])["state"] == "RUNNING"

    console_nav.get_by_role("link", name="Audit log").click()
    newest = page.locator(".audit-table tbody tr").first
    expect(newest.locator('[data-col="action"]')).to_have_text("start campaign")
    expect(newest.locator('[data-col="tenant"]')).to_have_text(SECOND)
    expect(newest).to_contain_text(stopped["name"])

    # The pick is the user's: still the second tenant after logging out and in.
    page.get_by_role("button", name="Log out").click()
    log_in(page, stack, "/console/")
    expect(page.locator(".acting-on strong")).to_have_text(SECOND)
    expect(page.locator("select[name=tenant] option:checked")).to_have_text(SECOND)
