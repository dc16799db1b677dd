"""When boards change, the poller replaces the tenant's one subscription, and screens
keep their numbers while the new subscription's first data is not ready."""

from __future__ import annotations

import json

import httpx
import pytest

from boards.models import Board
from bpcc.models import Tenant
from stats import store
from stats.poller import poll_and_publish
from tests.support import sim_counts, wait_until

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("use_redis")]

CREATE = "POST /statsapi/subscription"


class Published(list[dict]):
    def __call__(self, group: str, text: str, received: float) -> None:
        self.append(json.loads(text))


def poll(board: Board, published: Published) -> str:
    tenant = Tenant.objects.get(pk=board.tenant_id)
    state = store.TenantState(store.client(), tenant.pk)
    return poll_and_publish(tenant, [board], state, published, timeout=5)


def creates(simulator_url: str) -> int:
    return sim_counts(simulator_url).get(CREATE, 0)


def test_a_new_widget_replaces_the_subscription_and_keeps_the_numbers(
    sim_board: Board, simulator_url: str
) -> None:
    published = Published()
    wait_until(lambda: poll(sim_board, published) == "ok", timeout=10, what="first data")
    before = store.load_snapshot(store.client(), sim_board.pk)
    assert before is not None
    created = creates(simulator_url)

    sim_board.widgets = [
        *sim_board.widgets,
        {"id": "new", "type": "total", "stat": "in_calls_received_per_day"},
    ]
    sim_board.save()
    # The new subscription's first data takes a while (204 until then).
    httpx.post(f"{simulator_url}/_sim/config", json={"data_delay": 3600})
    try:
        outcome = poll(sim_board, published)
        kept = store.load_snapshot(store.client(), sim_board.pk)
    finally:
        httpx.post(f"{simulator_url}/_sim/config", json={"data_delay": 1})  # the default

    assert creates(simulator_url) == created + 1, "the subscription was replaced"
    assert outcome == "waiting"
    assert kept == before, "the screen keeps its numbers meanwhile"
    wait_until(lambda: poll(sim_board, published) == "ok", timeout=10, what="new data")
    after = store.load_snapshot(store.client(), sim_board.pk)
    assert after is not None and after["epoch"] == before["epoch"]
    assert isinstance(after["data"]["totals"]["in_calls_received_per_day"], int)
    assert after["data"]["totals"]["agents_ready"] is not None


def test_an_unchanged_board_does_not_resubscribe(sim_board: Board, simulator_url: str) -> None:
    wait_until(lambda: poll(sim_board, Published()) == "ok", timeout=10, what="first data")
    created = creates(simulator_url)

    for _ in range(3):
        poll(sim_board, Published())

    assert creates(simulator_url) == created
