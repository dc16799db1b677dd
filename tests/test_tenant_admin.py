"""Superusers manage tenants: the secret is encrypted at rest and never shown back, and
"Test connection" says precisely what is wrong."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import User
from django.db import connection
from django.test import Client

from bpcc.models import Tenant
from tests.support import free_port

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin(client: Client) -> Client:
    client.force_login(User.objects.create_superuser("root", password="x"))
    return client


def add_tenant(admin: Client, url: str, client_id: str, secret: str, **extra: str) -> Tenant:
    form = {
        "name": f"Tenant {client_id}",
        "base_url": url,
        "flavour": "bpcc",
        "auth_mode": "oauth",
        "client_id": client_id,
        "secret": secret,
        "poll_interval": "2",
        "enabled": "on",
        **extra,
    }
    response = admin.post("/admin/bpcc/tenant/add/", form)
    assert response.status_code == 302, response.content.decode()[:2000]
    return Tenant.objects.get(client_id=client_id)


def test_the_secret_is_encrypted_at_rest(admin: Client, simulator_url: str) -> None:
    tenant = add_tenant(admin, simulator_url, "wallboard-demo", "demo-secret")

    with connection.cursor() as cursor:
        cursor.execute("SELECT secret_encrypted FROM stats_tenant WHERE id = %s", [tenant.pk])
        [stored] = cursor.fetchone()
    assert "demo-secret" not in stored
    assert Tenant.objects.get(pk=tenant.pk).client_secret == "demo-secret"


def test_the_secret_is_never_shown_back_and_an_empty_field_keeps_it(
    admin: Client, simulator_url: str
) -> None:
    tenant = add_tenant(admin, simulator_url, "wallboard-demo", "demo-secret")

    page = admin.get(f"/admin/bpcc/tenant/{tenant.pk}/change/").content.decode()
    admin.post(
        f"/admin/bpcc/tenant/{tenant.pk}/change/",
        {
            "name": "Renamed",
            "base_url": simulator_url,
            "flavour": "bpcc",
            "auth_mode": "oauth",
            "client_id": "wallboard-demo",
            "secret": "",
            "poll_interval": "3",
            "enabled": "on",
        },
    )

    assert "demo-secret" not in page and tenant.secret_encrypted not in page
    tenant.refresh_from_db()
    assert (tenant.name, tenant.client_secret) == ("Renamed", "demo-secret")


def test_a_poll_interval_below_one_second_is_refused(admin: Client, simulator_url: str) -> None:
    response = admin.post(
        "/admin/bpcc/tenant/add/",
        {
            "name": "Fast",
            "base_url": simulator_url,
            "flavour": "bpcc",
            "auth_mode": "oauth",
            "client_id": "x",
            "secret": "y",
            "poll_interval": "0.5",
        },
    )

    assert response.status_code == 200
    assert "greater than or equal to 1" in response.content.decode()


def run_connection_test(admin: Client, tenant: Tenant) -> str:
    response = admin.post(f"/admin/bpcc/tenant/{tenant.pk}/test-connection/", follow=True)
    return " ".join(str(m) for m in response.context["messages"])


@pytest.mark.parametrize(
    ("client_id", "secret", "says"),
    [
        ("wallboard-demo", "demo-secret", "Connected: the user supervises 4 team(s)"),
        ("wallboard-demo", "wrong", "The tenant refused the credentials."),
        ("wallboard-noteam", "noteam-secret", "the user supervises no team"),
        ("wallboard-nostats", "nostats-secret", "may not read real-time statistics"),
    ],
)
def test_test_connection_says_what_is_wrong(
    admin: Client, simulator_url: str, client_id: str, secret: str, says: str
) -> None:
    tenant = add_tenant(admin, simulator_url, client_id, secret)

    assert says in run_connection_test(admin, tenant)


def test_test_connection_reports_an_unreachable_tenant(admin: Client) -> None:
    tenant = add_tenant(admin, f"http://127.0.0.1:{free_port()}", "x", "y")

    message = run_connection_test(admin, tenant)

    assert "Cannot reach" in message and "ConnectError" in message


@pytest.mark.usefixtures("use_redis")  # it tests with the poller's session, kept there
def test_test_connection_works_with_the_statsapi_login(admin: Client, simulator_url: str) -> None:
    tenant = add_tenant(admin, simulator_url, "wallboard-demo", "demo-secret", auth_mode="basic")

    assert "Connected" in run_connection_test(admin, tenant)
