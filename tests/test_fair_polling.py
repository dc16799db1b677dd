"""Past the workers' capacity every tenant is still polled, in turn: the beat sends
each slot's polls in batches, the longest unpolled first (stats/scheduler.py), so the
polls that expire unstarted at the back of one slot are at the front of the next. The
product says how far behind it is (/healthz `polling`, wallboard_slots_missed_total).
Twenty tenants of one real simulator, polled for real against a real Redis."""

from __future__ import annotations

import time
from collections import Counter
from collections.abc import Iterator
from typing import Any

import httpx
import pytest
from django.test import Client

from boards.models import Board
from bpcc.models import Tenant
from screens.demo import DEMO_WIDGETS
from stats import store
from stats.scheduler import PollScheduler
from stats.tasks import poll_tenants
from tests.support import start_simulator
from tests.test_one_clock import redis_time
from wallboard import clock
from wallboard.celery import app

# Committed: the worker's poll threads read and write with connections of their own.
pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.usefixtures("use_redis")]

TENANTS, CAPACITY = 20, 5  # workers that get through 5 polls a slot, for 20 tenants
INTERVAL = 1.0


@pytest.fixture(scope="module")
def many(tmp_path_factory: pytest.TempPathFactory, base_env: dict[str, str]) -> Iterator[str]:
    """Start a simulator hosting TENANTS tenants; return its URL."""
    extra = ["--tenants", str(TENANTS), "--warmup", "0"]
    process, url = start_simulator(tmp_path_factory.mktemp("many"), base_env, *extra)
    yield url
    process.stop()


def make_tenants(url: str) -> list[int]:
    ids = []
    for k in range(1, TENANTS + 1):
        tenant = Tenant(
            name=f"tenant-{k}", base_url=f"{url}/t/tenant-{k}", client_id=f"wallboard-demo-{k}"
        )
        tenant.client_secret = f"demo-secret-{k}"
        tenant.save()
        Board.objects.create(slug=f"t{k}", title=f"T{k}", tenant=tenant, widgets=DEMO_WIDGETS)
        ids.append(tenant.pk)
    return ids


def next_round(beat: PollScheduler, sent: list[Any]) -> list[int]:
    """Return the tenants the beat sends at the next slot, in the order sent."""
    sent.clear()
    while not sent:
        wait = beat.dispatch_polls(clock.now(store.client()))
        if not sent:
            time.sleep(wait)  # the beat's own answer: the time to its next slot
    return [pk for (batch,), _ in sent for pk in batch]


def data_requests(url: str, k: int) -> int:
    counts = httpx.get(f"{url}/t/tenant-{k}/_sim/counters", timeout=10).json()["counts"]
    return int(counts.get("GET /statsapi/subscription/data", 0))


def test_past_capacity_every_tenant_is_polled_in_turn(
    many: str, ops_client: Client, monkeypatch: pytest.MonkeyPatch
) -> None:
    tenants = make_tenants(many)
    sent: list[Any] = []
    monkeypatch.setattr(poll_tenants, "apply_async", lambda *call: sent.append(call))
    beat = PollScheduler(app=app)
    beat.tenants = lambda: [(pk, INTERVAL) for pk in tenants]  # type: ignore[method-assign]
    before = [data_requests(many, k) for k in range(1, TENANTS + 1)]

    rounds, outcomes = [], Counter[str]()
    for _ in range(TENANTS // CAPACITY + 1):
        order = next_round(beat, sent)
        assert sorted(order) == tenants, "every tenant is due at every slot"
        # The workers start the first CAPACITY polls; the rest expire unstarted.
        outcomes += Counter(poll_tenants(order[:CAPACITY]))
        rounds.append(order[:CAPACITY])

    first_turn = [pk for polled in rounds[:-1] for pk in polled]
    assert sorted(first_turn) == tenants, "each tenant once in the first four slots"
    assert sorted(rounds[-1]) == sorted(rounds[0]), "then the longest unpolled again"
    assert set(outcomes) <= {"ok", "waiting"} and outcomes.total() == len(rounds) * CAPACITY
    after = [data_requests(many, k) for k in range(1, TENANTS + 1)]
    polls = Counter(tenants[i] for i in range(TENANTS) for _ in range(after[i] - before[i]))
    assert polls == Counter(pk for polled in rounds for pk in polled), "polled for real"

    polling = ops_client.get("/healthz").json()["polling"]
    # Slot 3 found the tenants of slot 1 unpolled in slot 2, and so on.
    missed = store.client().hget("wb:metrics:counter:slots_missed", "")
    assert int(missed or 0) >= 3 * CAPACITY
    assert polling["tenants_due"] == TENANTS
    # At the last slot, the first slot's tenants had waited four slots.
    assert polling["wait_max_seconds"] > 3 * INTERVAL
    metrics = ops_client.get("/metrics").content.decode()
    assert "wallboard_poll_wait_max_seconds " in metrics


def test_a_batch_after_its_slot_ended_is_dropped_and_counted() -> None:
    assert poll_tenants([101, 102], until=redis_time() - 0.001) == {"expired": 2}

    skipped = store.client().hgetall("wb:metrics:counter:polls_skipped")
    assert skipped == {"101": "1", "102": "1"}


def test_a_poll_that_fails_leaves_the_rest_of_its_batch_polled(
    many: str, caplog: pytest.LogCaptureFixture
) -> None:
    first, broken, last = make_tenants(many)[:3]
    # Its secret was encrypted under a key this deployment no longer has: reading it
    # raises, a fault no upstream answer explains.
    Tenant.objects.filter(pk=broken).update(secret_encrypted="not-a-fernet-token")
    before = [data_requests(many, k) for k in (1, 2, 3)]

    outcomes = poll_tenants([first, broken, last])

    assert outcomes["failed"] == 1 and sum(outcomes.values()) == 3
    after = [data_requests(many, k) for k in (1, 2, 3)]
    assert after[0] > before[0] and after[2] > before[2]  # its neighbours were polled
    assert after[1] == before[1]
    assert f"tenant {broken}: the poll failed" in caplog.text
