"""A tenant's appointment service: its token is encrypted at rest and never shown back,
and "Test connection" tests it too, in plain words."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import User
from django.db import connection
from django.test import Client

from bpcc.models import Tenant
from tests.support import free_port
from tests.test_tenant_admin import add_tenant, run_connection_test

pytestmark = pytest.mark.django_db
TOKEN = "demo-appointment-token"


@pytest.fixture
def admin(client: Client) -> Client:
    client.force_login(User.objects.create_superuser("root", password="x"))
    return client


def with_service(admin: Client, simulator_url: str, url: str, token: str) -> Tenant:
    extra = {"appointments_url": url, "appointments_token": token}
    return add_tenant(admin, simulator_url, "wallboard-demo", "demo-secret", **extra)


def test_the_token_is_encrypted_at_rest_and_never_shown_back(
    admin: Client, simulator_url: str
) -> None:
    tenant = with_service(admin, simulator_url, simulator_url, TOKEN)

    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT appointments_token_encrypted FROM stats_tenant WHERE id = %s", [tenant.pk]
        )
        [stored] = cursor.fetchone()
    page = admin.get(f"/admin/bpcc/tenant/{tenant.pk}/change/").content.decode()
    assert TOKEN not in stored and TOKEN not in page and stored not in page
    assert Tenant.objects.get(pk=tenant.pk).appointments_token == TOKEN


@pytest.mark.parametrize(
    ("token", "says"),
    [
        (TOKEN, "Appointment service: connected, the token is accepted."),
        ("wrong", "Appointment service: the token is refused."),
    ],
)
def test_test_connection_tests_the_appointment_service(
    admin: Client, simulator_url: str, token: str, says: str
) -> None:
    tenant = with_service(admin, simulator_url, simulator_url, token)

    message = run_connection_test(admin, tenant)

    assert "Connected: the user supervises" in message and says in message


def test_test_connection_reports_an_unreachable_appointment_service(
    admin: Client, simulator_url: str
) -> None:
    tenant = with_service(admin, simulator_url, f"http://127.0.0.1:{free_port()}", TOKEN)

    assert "Appointment service: cannot reach" in run_connection_test(admin, tenant)
