"""The beat scheduler: one active beat at a time, and polls on a fixed grid."""

from __future__ import annotations

import time

import pytest

from stats import store
from stats.scheduler import LEADER_KEY, Leader, claim_slot, next_slot

pytestmark = pytest.mark.usefixtures("use_redis")


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
