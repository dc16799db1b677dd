"""Times that cross machines are on Redis' clock: a process whose own clock is 30 s off
stamps the data, ages it, and shares tokens as if it were right."""

from __future__ import annotations

import time
from collections.abc import Callable

import pytest
from django.test import Client

from boards.models import Board
from bpcc.client import Token
from stats import store
from wallboard import clock

pytestmark = pytest.mark.usefixtures("use_redis")

Skew = Callable[[float], None]


@pytest.fixture
def skew(monkeypatch: pytest.MonkeyPatch) -> Skew:
    """Return a function that puts this process's clock `seconds` off (0: right again)."""
    real = time.time
    # Readings taken while skewed leave the clock module's offset skewed: restore it.
    monkeypatch.setattr(clock, "_offset", clock._offset)

    def to(seconds: float) -> None:
        monkeypatch.setattr(time, "time", lambda: real() + seconds)

    return to


def redis_time() -> float:
    seconds, microseconds = store.client().time()
    return seconds + microseconds / 1_000_000


@pytest.mark.parametrize("seconds", [30, -30])
def test_the_deployment_time_is_redis_time_whatever_this_clock_says(
    skew: Skew, seconds: float
) -> None:
    skew(seconds)

    assert abs(clock.now(store.client()) - redis_time()) < 1
    assert abs(clock.estimate() - redis_time()) < 1, "the offset is remembered"


@pytest.mark.django_db
@pytest.mark.parametrize("seconds", [30, -30])
def test_data_stamped_by_a_skewed_worker_is_fresh_on_a_right_web_process(
    skew: Skew, seconds: float, ops_client: Client, demo_board: Board
) -> None:
    skew(seconds)
    store.TenantState(store.client(), demo_board.tenant_id).record("ok")
    skew(0)

    [tenant] = ops_client.get("/healthz").json()["tenants"].values()

    assert tenant["state"] == "ok"
    assert abs(tenant["data_age_seconds"]) < 1


@pytest.mark.django_db
@pytest.mark.parametrize("seconds", [30, -30])
def test_a_skewed_web_process_ages_the_data_right(
    skew: Skew, seconds: float, ops_client: Client, demo_board: Board
) -> None:
    store.TenantState(store.client(), demo_board.tenant_id).record("ok")
    skew(seconds)

    [tenant] = ops_client.get("/healthz").json()["tenants"].values()

    assert tenant["state"] == "ok"
    assert abs(tenant["data_age_seconds"]) < 1


@pytest.mark.parametrize("seconds", [30, -30])
def test_a_token_saved_by_a_skewed_process_lasts_as_long_as_it_really_does(
    skew: Skew, seconds: float
) -> None:
    state = store.TenantState(store.client(), 1)
    skew(seconds)
    issued = time.time()
    state.tokens("made-with").save_token(Token("t", issued + 3600, issued_at=issued))
    skew(0)

    token = state.tokens("made-with").token()

    assert token is not None
    assert abs(token.expires_at - (time.time() + 3600)) < 1
    assert token.expires_at - token.issued_at == pytest.approx(3600)
    assert token.is_fresh()


def test_a_token_is_kept_no_longer_than_it_lasts() -> None:
    state = store.TenantState(store.client(), 1)
    state.tokens("made-with").save_token(Token("t", time.time() + 0.2, issued_at=time.time()))

    time.sleep(0.3)

    assert state.tokens("made-with").token() is None
