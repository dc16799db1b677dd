"""/healthz and the screens read a tenant's freshness the same way."""

from __future__ import annotations

import json
import logging
from typing import Any

import pytest
from django.test import Client

from boards.models import Board
from stats import store
from stats.health import freshness, stale_after
from stats.scheduler import LEADER_KEY

NOW = 1_000_000.0


@pytest.mark.parametrize(
    ("health", "state", "stale"),
    [
        ({}, "starting", True),
        ({"status": "ok", "last_ok": NOW - 2}, "ok", False),
        ({"status": "ok", "last_ok": NOW - stale_after(2) - 1}, "stale", True),
        ({"status": "waiting", "last_ok": NOW - 1}, "waiting", False),
        (
            {"status": "upstream_down", "last_ok": NOW - 3, "last_error": "503: x"},
            "upstream_down",
            False,
        ),
        ({"status": "auth_failed", "last_error": "401: bad"}, "auth_failed", True),
        ({"status": "subscription_limit", "last_ok": NOW - 60}, "subscription_limit", True),
        ({"status": "bad_response", "last_ok": NOW - 60}, "bad_response", True),
    ],
)
def test_freshness_says_what_state_the_data_is_in(health: dict, state: str, stale: bool) -> None:
    result = freshness(health, interval=2, now=NOW)

    assert (result["state"], result["stale"]) == (state, stale)


def test_data_goes_stale_after_twice_the_interval_plus_5_s() -> None:
    assert stale_after(2) == 9
    assert stale_after(1) == 7


@pytest.mark.django_db
@pytest.mark.usefixtures("use_redis")
def test_healthz_is_503_until_every_tenant_is_ok(ops_client: Client, demo_board: Board) -> None:
    state = store.TenantState(store.client(), demo_board.tenant_id)
    state.record("upstream_down", "503: maintenance")

    down = ops_client.get("/healthz")
    state.record("ok")
    up = ops_client.get("/healthz")

    assert down.status_code == 503
    [tenant] = down.json()["tenants"].values()
    assert (tenant["state"], tenant["last_error"]) == ("upstream_down", "503: maintenance")
    assert up.status_code == 200 and up.json()["ok"] is True


@pytest.mark.django_db
@pytest.mark.usefixtures("use_redis")
def test_a_503_from_healthz_is_not_logged_as_a_server_error(
    client: Client, demo_board: Board, caplog: pytest.LogCaptureFixture
) -> None:
    store.TenantState(store.client(), demo_board.tenant_id).record("upstream_down", "503: x")

    with caplog.at_level(logging.INFO, logger="django.request"):
        assert client.get("/healthz").status_code == 503
        assert client.get("/no-such-page/").status_code == 404

    logged = [r.getMessage() for r in caplog.records if r.name == "django.request"]
    assert logged == ["Not Found: /no-such-page/"]


def test_accepted_sockets_are_not_logged_one_by_one_but_refused_ones_are() -> None:
    logger = logging.getLogger("uvicorn.error")
    seen: list[str] = []
    handler = logging.Handler()
    handler.emit = lambda record: seen.append(record.getMessage())  # type: ignore[method-assign]
    logger.addHandler(handler)
    try:
        logger.info('%s - "WebSocket %s" [accepted]', "127.0.0.1:5000", "/ws/kiosk/x/")
        logger.info("connection open")
        logger.info("connection closed")
        logger.info('%s - "WebSocket %s" 403', "127.0.0.1:5001", "/ws/boards/demo/")
        logger.info("Started server process [%d]", 42)
    finally:
        logger.removeHandler(handler)

    assert seen == [
        '127.0.0.1:5001 - "WebSocket /ws/boards/demo/" 403',
        "Started server process [42]",
    ]


@pytest.mark.parametrize("words", ["m" * 2_000_000, "維護中" * 700_000])
def test_a_huge_last_error_leaves_the_freshness_small(words: str) -> None:
    health = {"status": "upstream_down", "last_ok": NOW - 3, "last_error": f"503: {words}"}

    result = freshness(health, interval=2, now=NOW)

    assert result["last_error"] is not None and len(result["last_error"]) <= 300
    assert len(json.dumps(result)) < 1400, "a heartbeat carrying it stays under 2 KB"


@pytest.mark.django_db
@pytest.mark.usefixtures("use_redis")
def test_anonymous_callers_learn_only_ok_or_not_per_tenant_id(
    client: Client, demo_board: Board
) -> None:
    store.TenantState(store.client(), demo_board.tenant_id).record("upstream_down", "503: at 10.1")
    store.client().set(LEADER_KEY, "beat-host:4242:ab")

    response = client.get("/healthz")

    assert response.status_code == 503
    assert response.json() == {"ok": False, "tenants": {str(demo_board.tenant_id): {"ok": False}}}
    for secret in (demo_board.tenant.name, "10.1", "beat-host", "upstream_down"):
        assert secret not in response.content.decode()


@pytest.mark.django_db
@pytest.mark.usefixtures("use_redis")
def test_the_metrics_token_or_staff_read_the_details_and_a_wrong_token_does_not(
    client: Client, ops_client: Client, demo_board: Board, settings: Any
) -> None:
    settings.WALLBOARD_METRICS_TOKEN = "s3cret-token"
    store.TenantState(store.client(), demo_board.tenant_id).record("upstream_down", "503: x")

    def details(client: Client, token: str = "") -> set[str]:
        headers = {"Authorization": f"Bearer {token}"} if token else {}
        [tenant] = client.get("/healthz", headers=headers).json()["tenants"].values()
        return set(tenant)

    full = {"ok", "name", "state", "stale", "last_ok", "data_age_seconds", "last_error"}
    assert details(client, "s3cret-token") == full
    assert details(ops_client) == full
    assert details(client, "wrong-token") == {"ok"}
    assert details(client) == {"ok"}
