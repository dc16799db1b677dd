"""Pages sit behind login, show the board's configuration, and never its secrets."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import User
from django.test import Client

from boards.models import Board
from stats import store

pytestmark = pytest.mark.django_db


@pytest.fixture
def logged_in(client: Client) -> Client:
    client.force_login(User.objects.create_user("supervisor"))
    return client


@pytest.mark.parametrize("url", ["/boards/", "/boards/demo/"])
def test_pages_send_anonymous_visitors_to_login(
    client: Client, demo_board: Board, url: str
) -> None:
    response = client.get(url)

    assert response.status_code == 302
    assert response["Location"] == f"/accounts/login/?next={url}"


def test_login_page_renders(client: Client) -> None:
    assert b'name="password"' in client.get("/accounts/login/").content


def test_board_list_links_each_board(logged_in: Client, demo_board: Board) -> None:
    assert b'href="/boards/demo/"' in logged_in.get("/boards/").content


def test_board_page_carries_its_widgets_but_not_the_tenant_secret(
    logged_in: Client, demo_board: Board
) -> None:
    response = logged_in.get("/boards/demo/")

    assert response.status_code == 200
    assert b'id="board-config"' in response.content
    assert b'"first_last_name"' in response.content
    assert demo_board.tenant.client_secret.encode() not in response.content


def test_unknown_board_is_404(logged_in: Client) -> None:
    assert logged_in.get("/boards/nope/").status_code == 404


@pytest.mark.usefixtures("use_redis")
def test_healthz_reports_each_tenant_state_and_data_age(
    ops_client: Client, demo_board: Board
) -> None:
    store.TenantState(store.client(), demo_board.tenant_id).record("ok")

    body = ops_client.get("/healthz").json()

    tenant = body["tenants"][str(demo_board.tenant_id)]
    assert body["ok"] is True
    assert tenant["state"] == "ok"
    assert 0 <= tenant["data_age_seconds"] < 5


@pytest.mark.usefixtures("use_redis")
def test_healthz_is_503_while_a_tenant_is_failing(ops_client: Client, demo_board: Board) -> None:
    store.TenantState(store.client(), demo_board.tenant_id).record("auth_failed", "401: bad")

    response = ops_client.get("/healthz")

    assert response.status_code == 503
    assert response.json()["tenants"][str(demo_board.tenant_id)]["last_error"] == "401: bad"
