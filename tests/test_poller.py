"""The poller against the real simulator over HTTP and a real Redis."""

from __future__ import annotations

import json
import time

import httpx
import pytest

from boards.models import Board
from bpcc.client import Token
from bpcc.models import Tenant
from stats import store
from stats.poller import poll_and_publish
from tests.support import free_port, sim_counts, wait_until
from wallboard import metrics

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("use_redis")]


class Published(list[tuple[str, dict]]):
    """Collects what the poller publishes, decoded."""

    def __call__(self, group: str, text: str, received: float) -> None:
        self.append((group, json.loads(text)))


def poll(board: Board, published: Published) -> str:
    tenant = Tenant.objects.get(pk=board.tenant_id)
    state = store.TenantState(store.client(), tenant.pk)
    return poll_and_publish(tenant, [board], state, published, timeout=5)


def kept_token(board: Board) -> Token | None:
    """Return the poller's token of the board's tenant, if it has one."""
    tenant = Tenant.objects.get(pk=board.tenant_id)
    return (
        store.TenantState(store.client(), tenant.pk)
        .tokens(tenant.credentials_fingerprint())
        .token()
    )


def poll_until_ok(board: Board, published: Published) -> None:
    wait_until(lambda: poll(board, published) == "ok", timeout=10, what="a poll with data")


def test_first_data_is_stored_and_published_as_seq_1(sim_board: Board) -> None:
    published = Published()

    poll_until_ok(sim_board, published)

    snapshot = store.load_snapshot(store.client(), sim_board.pk)
    assert snapshot is not None and snapshot["seq"] == 1
    assert isinstance(snapshot["data"]["totals"]["agents_logged"], int)
    [(group, delta)] = published
    assert group == sim_board.group_name
    assert (delta["type"], delta["seq"], delta["epoch"]) == ("delta", 1, snapshot["epoch"])
    assert delta["changes"] == snapshot["data"]


def test_each_change_advances_seq_by_one_in_one_epoch(sim_board: Board) -> None:
    published = Published()
    poll_until_ok(sim_board, published)

    wait_until(
        lambda: poll(sim_board, published) == "ok" and len(published) >= 3,
        timeout=15,
        what="three published changes",
    )

    assert [m["seq"] for _, m in published] == list(range(1, len(published) + 1))
    assert len({m["epoch"] for _, m in published}) == 1


def test_it_resubscribes_after_404(sim_board: Board, simulator_url: str) -> None:
    published = Published()
    poll_until_ok(sim_board, published)
    token = kept_token(sim_board)
    assert token is not None
    headers = {"Authorization": f"Bearer {token.access_token}"}
    httpx.delete(f"{simulator_url}/statsapi/subscription/active", headers=headers)
    creates_before = sim_counts(simulator_url)["POST /statsapi/subscription"]

    poll_until_ok(sim_board, published)

    assert sim_counts(simulator_url)["POST /statsapi/subscription"] == creates_before + 1


def test_it_gets_a_new_token_after_401(sim_board: Board) -> None:
    published = Published()
    poll_until_ok(sim_board, published)
    state = store.TenantState(store.client(), sim_board.tenant_id)
    made_with = Tenant.objects.get(pk=sim_board.tenant_id).credentials_fingerprint()
    state.tokens(made_with).save_token(Token("REVOKED", expires_at=4_000_000_000))

    poll_until_ok(sim_board, published)

    token = state.tokens(made_with).token()
    assert token is not None and token.access_token != "REVOKED"
    assert state.health()["status"] == "ok"


def test_a_wrong_secret_is_reported_with_the_upstreams_words(sim_board: Board) -> None:
    tenant = sim_board.tenant
    tenant.client_secret = "wrong"
    tenant.save()

    assert poll(sim_board, Published()) == "auth_failed"

    health = store.TenantState(store.client(), sim_board.tenant_id).health()
    assert health["status"] == "auth_failed"
    assert health["last_error"].startswith("401: ")
    assert len(health["last_error"]) > len("401: ")


def test_an_unreachable_tenant_is_reported_as_upstream_down(sim_board: Board) -> None:
    Tenant.objects.filter(pk=sim_board.tenant_id).update(base_url=f"http://127.0.0.1:{free_port()}")

    assert poll(sim_board, Published()) == "upstream_down"

    health = store.TenantState(store.client(), sim_board.tenant_id).health()
    assert "ConnectError" in health["last_error"]
    assert "last_ok" not in health


def test_it_polls_with_the_statsapi_login_and_its_cookies(sim_board: Board) -> None:
    Tenant.objects.filter(pk=sim_board.tenant_id).update(auth_mode=Tenant.AuthMode.BASIC)
    sim_board.refresh_from_db()

    poll_until_ok(sim_board, Published())

    token = kept_token(sim_board)
    assert token is not None and token.kind == "cookie" and token.login == "wallboard-demo"


def test_each_good_poll_adds_the_totals_to_the_history(sim_board: Board) -> None:
    poll_until_ok(sim_board, Published())
    poll_until_ok(sim_board, Published())

    history = store.TenantState(store.client(), sim_board.tenant_id).history()

    assert len(history) >= 2
    at, totals = history[-1]
    assert isinstance(totals["agents_logged"], int)
    assert at <= time.time()


def test_a_missing_privilege_is_auth_failed_with_the_upstreams_words(sim_board: Board) -> None:
    tenant = sim_board.tenant
    tenant.client_id, tenant.client_secret = "wallboard-nostats", "nostats-secret"
    tenant.save()

    assert poll(sim_board, Published()) == "auth_failed"

    health = store.TenantState(store.client(), sim_board.tenant_id).health()
    assert health["last_error"].startswith("403: ")
    assert "Access Realtime Stats API" in health["last_error"]


def test_a_poll_never_runs_past_its_deadline(sim_board: Board, simulator_url: str) -> None:
    poll_until_ok(sim_board, Published())
    httpx.post(f"{simulator_url}/_sim/faults", json={"path": "/statsapi", "latency": 3})
    tenant = Tenant.objects.get(pk=sim_board.tenant_id)
    state = store.TenantState(store.client(), tenant.pk)
    try:
        started = time.monotonic()
        outcome = poll_and_publish(
            tenant, [sim_board], state, Published(), timeout=5, deadline=started + 1
        )
        took = time.monotonic() - started
    finally:
        httpx.delete(f"{simulator_url}/_sim/faults")

    assert outcome == "upstream_down"
    assert took < 1.5


def test_a_200_that_is_not_subscription_data_is_bad_response_and_keeps_the_numbers(
    sim_board: Board, simulator_url: str
) -> None:
    poll_until_ok(sim_board, Published())
    state = store.TenantState(store.client(), sim_board.tenant_id)
    before, last_ok = store.load_snapshot(store.client(), sim_board.pk), state.health()["last_ok"]
    published = Published()
    body = {"path": "/statsapi/subscription/data", "body": "<html>Maintenance</html>"}
    httpx.post(f"{simulator_url}/_sim/faults", json=body)
    try:
        outcome = poll(sim_board, published)
    finally:
        httpx.delete(f"{simulator_url}/_sim/faults")

    assert outcome == "bad_response"
    assert published == [], "nothing published, nothing blanked"
    assert store.load_snapshot(store.client(), sim_board.pk) == before
    health = state.health()
    assert health["status"] == "bad_response"
    assert health["last_error"] == "200: the tenant's answer is HTML, not JSON"
    assert health["last_ok"] == last_ok
    errors = store.client().hgetall(f"{metrics.PREFIX}counter:upstream_errors")
    assert errors.get(metrics.labels(sim_board.tenant_id, "bad_response")) == "1"
    assert metrics.labels(sim_board.tenant_id, 200) not in errors


def test_campaign_figures_read_in_the_poll_stop_at_its_deadline(
    sim_board: Board, simulator_url: str
) -> None:
    wall = Board.objects.get(slug="demo-wall")  # it has a campaign widget
    tenant = Tenant.objects.get(pk=wall.tenant_id)
    state = store.TenantState(store.client(), tenant.pk)
    took: list[float] = []

    def poll_in_two_seconds() -> bool:
        started = time.monotonic()
        outcome = poll_and_publish(
            tenant, [wall], state, Published(), timeout=5, deadline=started + 2
        )
        took.append(time.monotonic() - started)
        return outcome == "ok"  # the figures are read once the statistics are ready

    httpx.post(f"{simulator_url}/_sim/faults", json={"path": "/configapi/v3/campaign", "drip": 30})
    try:
        wait_until(poll_in_two_seconds, timeout=15, what="a poll with data")
    finally:
        httpx.delete(f"{simulator_url}/_sim/faults")

    assert max(took) < 2.5
    campaigns = state.campaigns()
    assert campaigns is not None and "out of time" in campaigns["error"]
