"""*Test connection* of a statsapi-login tenant never ends the poller's session: a user
has one session cookie, and a new login ends the previous one (seed 003, "How to Use")."""

from __future__ import annotations

import httpx
import pytest
from django.contrib.auth.models import User
from django.test import Client

from boards.models import Board
from bpcc.models import Tenant
from stats import store
from stats.poller import poll_and_publish
from tests.support import sim_counts, wait_until

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("use_redis")]

LOGIN, SUBSCRIBE = "POST /statsapi/auth", "POST /statsapi/subscription"


@pytest.fixture
def cookie_board(sim_board: Board) -> Board:
    """Return the demo board, its tenant polling with the statsapi login, and polled."""
    Tenant.objects.filter(pk=sim_board.tenant_id).update(auth_mode=Tenant.AuthMode.BASIC)
    sim_board.refresh_from_db()
    wait_until(lambda: poll(sim_board) == "ok", timeout=10, what="a poll with data")
    return sim_board


def poll(board: Board) -> str:
    tenant = Tenant.objects.get(pk=board.tenant_id)
    state = store.TenantState(store.client(), tenant.pk)
    return poll_and_publish(tenant, [board], state, lambda *_: None, timeout=5)


def run_connection_test(board: Board) -> str:
    root = Client()
    root.force_login(User.objects.create_superuser("root", password="x"))
    url = f"/admin/bpcc/tenant/{board.tenant_id}/test-connection/"
    return " ".join(str(m) for m in root.post(url, follow=True).context["messages"])


def calls(simulator_url: str) -> tuple[int, int]:
    counts = sim_counts(simulator_url)
    return counts.get(LOGIN, 0), counts.get(SUBSCRIBE, 0)


def test_the_poll_after_a_test_has_data_with_no_new_login(
    cookie_board: Board, simulator_url: str
) -> None:
    before = calls(simulator_url)

    said = run_connection_test(cookie_board)

    assert "Connected" in said
    assert poll(cookie_board) == "ok", "the poller's session and subscription still work"
    assert calls(simulator_url) == before, "no login, no new subscription"


def test_a_session_ended_elsewhere_is_replaced_for_the_poller_too(
    cookie_board: Board, simulator_url: str
) -> None:
    # Another wallboard logs in as the same user, which ends the poller's session.
    other = {"tenant_url": "127.0.0.1", "username": "wallboard-demo", "password": "demo-secret"}
    httpx.post(f"{simulator_url}/statsapi/auth", json=other, timeout=10).raise_for_status()
    logins, subscriptions = calls(simulator_url)

    said = run_connection_test(cookie_board)

    assert "Connected" in said
    assert poll(cookie_board) == "ok"
    assert calls(simulator_url) == (logins + 1, subscriptions), "one login, by the test"
