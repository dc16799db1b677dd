"""Campaign figures come from the tenant's admin API in the poll, at most once every
10 seconds per tenant, are counted forward between fetches, and a failed fetch keeps
the last figures (with their age) without failing the statistics poll. Against the
real simulator and a real Redis."""

from __future__ import annotations

import json
import time
from collections.abc import Iterator
from typing import Any

import httpx
import pytest
from django.test import Client

from boards.models import Board
from bpcc.admin_api import AdminClient
from bpcc.campaign_progress import RECOUNT_SECONDS
from bpcc.models import Tenant
from stats import store
from stats.campaign_figures import cell, refresh
from stats.poller import poll_and_publish
from tests.support import sim_counts, wait_until

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("use_redis")]

RENEWALS = "Renewals Outbound"


@pytest.fixture
def tenant(sim_board: Board) -> Tenant:
    return Tenant.objects.get(pk=sim_board.tenant_id)


@pytest.fixture
def state(tenant: Tenant) -> store.TenantState:
    return store.TenantState(store.client(), tenant.pk)


@pytest.fixture
def api(tenant: Tenant) -> Iterator[AdminClient]:
    with AdminClient(
        tenant.base_url, timeout=10, client_id=tenant.client_id, client_secret=tenant.client_secret
    ) as client:
        yield client


@pytest.fixture
def frozen(simulator_url: str) -> Iterator[None]:
    """Hold the simulator still, so its dialer completes nothing while a test counts."""
    httpx.post(f"{simulator_url}/_sim/freeze", json={"frozen": True}).raise_for_status()
    yield
    httpx.post(f"{simulator_url}/_sim/freeze", json={"frozen": False}).raise_for_status()


@pytest.fixture
def fault(simulator_url: str) -> Iterator[Any]:
    """Return a function that injects a simulator fault; every fault is cleared after."""

    def inject(**spec: Any) -> None:
        httpx.post(f"{simulator_url}/_sim/faults", json=spec).raise_for_status()

    yield inject
    httpx.delete(f"{simulator_url}/_sim/faults").raise_for_status()


def campaign_calls(simulator_url: str) -> int:
    """Return how many campaign and calling-list requests the simulator has served."""
    counts = sim_counts(simulator_url)
    return sum(n for key, n in counts.items() if "/campaign/" in key or "/callinglist/" in key)


def true_figures(api: AdminClient, name: str) -> tuple[int, int]:
    """Return (completed, total) of a campaign's enabled lists, read another way: every
    record ("Get All Records") and its `completed` flag."""
    campaign_id = next(c["id"] for c in api.get_campaigns() if c["name"] == name)
    completed = total = 0
    for instance in (i for i in api.get_campaign(campaign_id)["lists"] if i["enabled"]):
        total += instance["totalRecords"]
        cursor = None
        while True:
            page = api.get_records(campaign_id, "all", instance["instanceId"], cursor=cursor)
            completed += sum(1 for r in page["records"] if r["status"]["completed"])
            cursor = page["next_cursor"]
            if not cursor:
                break
    return completed, total


def campaign_board(tenant: Tenant, *widgets: dict[str, Any]) -> Board:
    return Board.objects.create(
        tenant=tenant, slug="outbound", title="Outbound", widgets=list(widgets)
    )


def test_it_fetches_the_state_and_completed_of_total(
    tenant: Tenant, state: store.TenantState, api: AdminClient, frozen: None
) -> None:
    cache = refresh(tenant, [RENEWALS, "No such campaign"], state, timeout=5)

    completed, total = true_figures(api, RENEWALS)
    assert total == 400
    assert cell(cache, RENEWALS) == {
        "status": "ok",
        "state": "RUNNING",
        "completed": completed,
        "total": total,
        "as_of": None,
    }
    assert cell(cache, "No such campaign")["status"] == "missing"
    assert state.campaigns() == cache  # kept in Redis, with the time it was fetched


def test_a_second_fetch_within_10_seconds_calls_nothing(
    tenant: Tenant, state: store.TenantState, simulator_url: str
) -> None:
    first = refresh(tenant, [RENEWALS], state, timeout=5, now=1000.0)
    calls = campaign_calls(simulator_url)

    again = refresh(tenant, [RENEWALS], state, timeout=5, now=1009.9)

    assert campaign_calls(simulator_url) == calls
    assert again == first
    refresh(tenant, [RENEWALS], state, timeout=5, now=1010.0)
    assert campaign_calls(simulator_url) > calls


def test_counts_are_carried_forward_and_started_again_now_and_then(
    tenant: Tenant, state: store.TenantState, api: AdminClient, frozen: None
) -> None:
    refresh(tenant, [RENEWALS], state, timeout=5, now=1000.0)
    # Mark the kept count: a fetch that reads only newer completions keeps the mark.
    saved = state.campaigns()
    assert saved is not None
    for tally in saved["tallies"][RENEWALS].values():
        tally["completed"] += 1000
    state.save_campaigns(saved)
    completed, _ = true_figures(api, RENEWALS)

    carried = refresh(tenant, [RENEWALS], state, timeout=5, now=1010.0)
    recounted = refresh(tenant, [RENEWALS], state, timeout=5, now=1000.0 + RECOUNT_SECONDS)

    assert cell(carried, RENEWALS)["completed"] == completed + 1000
    assert cell(recounted, RENEWALS)["completed"] == completed


def test_a_failed_fetch_keeps_the_last_figures_with_their_age(
    tenant: Tenant, state: store.TenantState, fault: Any
) -> None:
    fetched = refresh(tenant, [RENEWALS], state, timeout=5, now=1000.0)
    fault(path="/configapi/v3/campaign/getAll", status=500)

    failed = refresh(tenant, [RENEWALS], state, timeout=5, now=1010.0)

    assert failed is not None and failed["error"].startswith("UpstreamError: 500")
    assert cell(failed, RENEWALS) == {**cell(fetched, RENEWALS), "as_of": 1000.0}
    # The failed attempt counts for the throttle: the API is not asked again at once.
    assert failed["attempted_at"] == 1010.0


def test_a_slow_admin_api_never_fails_the_statistics_poll(
    tenant: Tenant, state: store.TenantState, fault: Any, simulator_url: str
) -> None:
    board = campaign_board(tenant, {"id": "c", "type": "campaign", "campaign": RENEWALS})
    fault(path="/configapi/v3/campaign/getAll", latency=3)
    published: list[dict[str, Any]] = []

    def poll() -> str:
        started = time.monotonic()
        return poll_and_publish(
            tenant,
            [board],
            state,
            lambda group, text, received: published.append(json.loads(text)),
            timeout=1,
            deadline=started + 2,
        )

    wait_until(lambda: poll() == "ok", timeout=15, what="a poll with data")

    snapshot = store.load_snapshot(store.client(), board.pk)
    assert snapshot is not None and snapshot["data"]["totals"] == {}
    assert snapshot["data"]["campaigns"]["c"]["status"] == "unavailable"
    assert state.health()["status"] == "ok"
    assert "Unreachable" in (state.campaigns() or {})["error"]


def test_polls_of_boards_without_campaign_widgets_fetch_no_figures(
    sim_board: Board, tenant: Tenant, state: store.TenantState, simulator_url: str
) -> None:
    calls = campaign_calls(simulator_url)

    wait_until(
        lambda: poll_and_publish(tenant, [sim_board], state, lambda *a: None, timeout=5) == "ok",
        timeout=15,
        what="a poll with data",
    )

    assert campaign_calls(simulator_url) == calls
    assert state.campaigns() is None


def test_viewing_a_board_never_fetches_campaign_figures(
    tenant: Tenant, viewer_client: Client, simulator_url: str
) -> None:
    campaign_board(
        tenant,
        {"id": "c", "type": "campaign", "campaign": RENEWALS, "x": 0, "y": 0, "w": 3, "h": 3},
    )
    calls = campaign_calls(simulator_url)

    for _ in range(3):
        assert viewer_client.get("/boards/outbound/").status_code == 200

    assert campaign_calls(simulator_url) == calls


def test_onecloud_tenants_show_the_state_and_completed_records_only(
    tenant: Tenant, state: store.TenantState, api: AdminClient, frozen: None
) -> None:
    tenant.flavour = Tenant.Flavour.ONECLOUD
    tenant.save()

    cache = refresh(tenant, [RENEWALS], state, timeout=5)

    completed, _ = true_figures(api, RENEWALS)
    shown = cell(cache, RENEWALS)
    assert (shown["state"], shown["completed"], shown["total"]) == ("RUNNING", completed, None)
