"""The beat scheduler: one active beat at a time, polls on a fixed grid of Redis' clock,
and a poll that comes after its slot is dropped by the worker."""

from __future__ import annotations

import time
from typing import Any

import pytest

from stats import store
from stats.scheduler import LEADER_KEY, Leader, PollScheduler, claim_slot, next_slot
from stats.tasks import poll_tenant, poll_tenants
from tests.test_one_clock import Skew, redis_time, skew
from wallboard.celery import app

pytestmark = pytest.mark.usefixtures("use_redis")
__all__ = ["skew"]  # a fixture shared with test_one_clock

TENANT = 7
INTERVAL = 2.0


@pytest.fixture
def sent(monkeypatch: pytest.MonkeyPatch) -> list[tuple[Any, Any]]:
    """Return the polls the beat sends: (args, kwargs) of each, in order."""
    polls: list[tuple[Any, Any]] = []
    monkeypatch.setattr(poll_tenants, "apply_async", lambda *call: polls.append(call))
    return polls


def test_slots_are_a_fixed_grid_from_the_epoch() -> None:
    assert next_slot(100.0, 2.0) == (50, 2.0)
    assert next_slot(101.5, 2.0) == (50, 0.5)
    assert next_slot(102.0, 2.0) == (51, 2.0)


def test_a_slot_is_claimed_once() -> None:
    r = store.client()

    claims = [claim_slot(r, 1, 50, 2.0) for _ in range(3)]

    assert claims == [True, False, False]
    assert claim_slot(r, 1, 51, 2.0) and claim_slot(r, 2, 50, 2.0)


def test_one_beat_leads_and_the_other_stands_by() -> None:
    first, second = Leader(store.client(), "a"), Leader(store.client(), "b")

    assert first.hold() is True
    assert second.hold() is False
    assert first.hold() is True, "the leader renews its lease"
    assert store.client().get(LEADER_KEY) == "a"


def test_the_standby_takes_over_when_the_lease_runs_out() -> None:
    first = Leader(store.client(), "a", ttl=0.3)
    second = Leader(store.client(), "b", ttl=0.3)
    assert first.hold() and not second.hold()

    time.sleep(0.4)  # the leader died without a word: its lease lapses by itself

    assert second.hold() is True
    assert first.hold() is False


def test_each_poll_carries_the_end_of_its_slot(sent: list[tuple[Any, Any]]) -> None:
    beat = PollScheduler(app=app)
    beat.tenants = lambda: [(TENANT, INTERVAL)]  # type: ignore[method-assign]

    wait = beat.dispatch_polls(101.5)

    assert sent == [(([TENANT],), {"until": 102.0})]
    assert wait == 0.5


def test_each_round_of_polls_puts_other_tenants_first(sent: list[tuple[Any, Any]]) -> None:
    """With more tenants than the workers can poll, the polls sent last are the ones
    dropped: the front of the rounds must go round the tenants, not stay on a few."""
    beat = PollScheduler(app=app)
    tenants = list(range(1, 11))
    beat.tenants = lambda: [(t, INTERVAL) for t in tenants]  # type: ignore[method-assign]

    for slot_start in (100.0, 102.0, 104.0, 106.0):
        beat.dispatch_polls(slot_start)
        beat.dispatch_polls(slot_start + 0.5)  # a later tick of the same slot sends nothing

    # Batches of 3 (at least 4 tasks a slot): 4 tasks a round.
    rounds = [[t for args, _ in sent[i : i + 4] for t in args[0]] for i in range(0, len(sent), 4)]
    assert len(rounds) == 4 and all(sorted(r) == tenants for r in rounds), "all, once a slot"
    # Workers that get through 3 polls a slot: a fixed order would reach 3 tenants in
    # these 4 slots, a start one further each slot 6.
    assert len({t for r in rounds for t in r[:3]}) >= 9


def test_the_beat_reads_its_slots_from_redis_clock(sent: list[tuple[Any, Any]], skew: Skew) -> None:
    skew(30)
    beat = PollScheduler(app=app)
    beat.tenants = lambda: [(TENANT, INTERVAL)]  # type: ignore[method-assign]

    before = redis_time()
    beat.tick()
    after = redis_time()

    [(args, kwargs)] = sent
    assert args == ([TENANT],)
    assert before < kwargs["until"] <= after + INTERVAL, "the slot of Redis' time, not ours"


def test_a_poll_that_comes_after_its_slot_ended_is_dropped_and_counted() -> None:
    assert poll_tenant(TENANT, until=redis_time() - 0.001) == "expired"

    skipped = store.client().hget("wb:metrics:counter:polls_skipped", str(TENANT))
    assert skipped == "1"


@pytest.mark.django_db
def test_a_worker_whose_clock_is_ahead_still_polls_in_time(skew: Skew) -> None:
    skew(30)
    # No such tenant: a poll in time goes as far as looking it up.
    assert poll_tenant(TENANT, until=redis_time() + 5) == "disabled"


def test_a_poll_sent_without_a_slot_end_is_never_dropped(db: None) -> None:
    assert poll_tenant(TENANT) == "disabled"
