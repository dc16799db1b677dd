"""A tenant's changed secret, auth mode or login is used by the next poll and the next
console call, not when the token got with the old one expires (up to an hour later)."""

from __future__ import annotations

import html
from typing import Any

import pytest
from django.contrib.auth.models import User
from django.test import Client

from boards.models import Board
from bpcc.client import Token
from bpcc.models import Tenant
from stats import store
from stats.poller import poll_and_publish
from tests.console.conftest import user
from tests.support import sim_counts, wait_until

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("use_redis")]

LOGIN = "POST /statsapi/auth"


def poll(board: Board) -> str:
    tenant = Tenant.objects.get(pk=board.tenant_id)
    state = store.TenantState(store.client(), tenant.pk)
    return poll_and_publish(tenant, [board], state, lambda *_: None, timeout=5)


def poll_until_ok(board: Board) -> None:
    wait_until(lambda: poll(board) == "ok", timeout=10, what="a poll with data")


def kept_token(tenant: Tenant) -> Token | None:
    tenant.refresh_from_db()
    return (
        store.TenantState(store.client(), tenant.pk)
        .tokens(tenant.credentials_fingerprint())
        .token()
    )


@pytest.fixture
def root() -> Client:
    client = Client()
    client.force_login(User.objects.create_superuser("root", password="x"))
    return client


def change_in_admin(root: Client, tenant: Tenant, **changed: str) -> None:
    """Save the tenant's admin form with `changed` fields (an empty secret keeps it)."""
    form: dict[str, Any] = {
        "name": tenant.name,
        "base_url": tenant.base_url,
        "flavour": tenant.flavour,
        "auth_mode": tenant.auth_mode,
        "client_id": tenant.client_id,
        "secret": "",
        "poll_interval": str(tenant.poll_interval),
        "time_zone": tenant.time_zone,
        "enabled": "on",
        **changed,
    }
    response = root.post(f"/admin/bpcc/tenant/{tenant.pk}/change/", form)
    assert response.status_code == 302, response.content.decode()[:2000]


def test_a_wrong_secret_fails_the_very_next_poll(sim_board: Board, root: Client) -> None:
    poll_until_ok(sim_board)

    change_in_admin(root, sim_board.tenant, secret="not-the-secret")

    assert poll(sim_board) == "auth_failed"
    health = store.TenantState(store.client(), sim_board.tenant_id).health()
    assert health["last_error"].startswith("401: ")


def test_a_new_auth_mode_is_used_by_the_very_next_poll(
    sim_board: Board, root: Client, simulator_url: str
) -> None:
    poll_until_ok(sim_board)
    logins = sim_counts(simulator_url).get(LOGIN, 0)

    change_in_admin(root, sim_board.tenant, auth_mode=Tenant.AuthMode.BASIC)
    outcome = poll(sim_board)

    assert outcome in ("ok", "waiting")
    token = kept_token(sim_board.tenant)
    assert token is not None and token.kind == "cookie"
    assert sim_counts(simulator_url).get(LOGIN, 0) == logins + 1


def test_the_console_uses_a_changed_secret_at_its_next_call(sim_board: Board, root: Client) -> None:
    console = Client()
    console.force_login(user("lists-admin", "campaign_admin"))
    assert console.get("/console/lists/").status_code == 200

    change_in_admin(root, sim_board.tenant, secret="not-the-secret")
    page = console.get("/console/lists/")

    assert page.status_code == 502
    assert "The tenant refused the console's credentials" in html.unescape(page.content.decode())
