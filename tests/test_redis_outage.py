"""Redis is allowed to restart: a beat stands by while it is away and leads again after,
and a poll that meets the outage fails with one log line for the whole outage rather
than a traceback per poll. Against a real redis-server, killed and started again."""

from __future__ import annotations

import logging
import signal
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from channels.layers import channel_layers

from boards.models import Board
from stats import store
from stats.scheduler import LEADER_KEY, PollScheduler
from stats.tasks import poll_tenant
from tests.support import Process, start_redis
from wallboard.celery import app
from wallboard.outage import RETRY_CAP, RETRY_FIRST
from wallboard.settings import channel_layer


@dataclass
class Redis:
    """A redis-server of the test's own, which it may kill and start again."""

    log_dir: Path
    env: dict[str, str]
    port: int
    process: Process

    def kill(self) -> None:
        self.process.stop(signal.SIGKILL)

    def start_again(self) -> None:
        self.process, _ = start_redis(self.log_dir, self.env, self.port)


@pytest.fixture
def own_redis(tmp_path: Path, base_env: dict[str, str], settings: Any) -> Iterator[Redis]:
    """Point the store and the channel layer at a redis-server of the test's own."""
    process, url = start_redis(tmp_path, base_env)
    settings.REDIS_URL = url
    settings.CHANNEL_LAYERS = {"default": channel_layer(url)}
    _forget_clients()
    redis = Redis(tmp_path, base_env, int(url.rsplit(":", 1)[1].split("/")[0]), process)
    yield redis
    redis.process.stop()
    _forget_clients()


def _forget_clients() -> None:
    store.client.cache_clear()
    store.async_client.cache_clear()
    channel_layers.backends.clear()


def outage_lines(caplog: pytest.LogCaptureFixture, words: str) -> list[str]:
    """Return the lines wallboard/outage.py logged that contain `words`."""
    lines = [r.getMessage() for r in caplog.records if r.name == "wallboard.outage"]
    return [line for line in lines if words in line]


@pytest.mark.django_db
def test_a_beat_stands_by_while_redis_is_away_and_leads_again_after(
    own_redis: Redis, caplog: pytest.LogCaptureFixture
) -> None:
    beat = PollScheduler(app=app)
    beat.tick()
    assert beat.leader.leading

    own_redis.kill()
    with caplog.at_level(logging.WARNING):
        waits = [beat.tick() for _ in range(4)]

    assert waits == [RETRY_FIRST, 2 * RETRY_FIRST, RETRY_CAP, RETRY_CAP], "backoff, capped"
    assert not beat.leader.leading
    assert len(outage_lines(caplog, "standing by")) == 1, "one line for the whole outage"

    own_redis.start_again()
    with caplog.at_level(logging.WARNING):
        beat.tick()

    assert beat.leader.leading
    assert store.client().get(LEADER_KEY) == beat.leader.identity
    assert len(outage_lines(caplog, "outage over")) == 1


def test_polls_during_an_outage_fail_with_one_line_and_resume_after(
    own_redis: Redis, sim_board: Board, caplog: pytest.LogCaptureFixture
) -> None:
    tenant_id = sim_board.tenant_id
    assert poll_tenant(tenant_id) != "redis_down"

    own_redis.kill()
    with caplog.at_level(logging.WARNING):
        during = [poll_tenant(tenant_id), poll_tenant(tenant_id)]

    assert during == ["redis_down", "redis_down"]
    assert len(outage_lines(caplog, "polls fail until Redis answers")) == 1
    assert not [r for r in caplog.records if r.exc_info], "no traceback"

    own_redis.start_again()
    with caplog.at_level(logging.WARNING):
        after = poll_tenant(tenant_id)

    assert after != "redis_down", "the poll reached Redis and the tenant"
    assert len(outage_lines(caplog, "outage over")) == 1
