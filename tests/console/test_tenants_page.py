"""Superusers add and edit tenants on the tenants page, whose *Test connection* tests what
is in the form, unsaved, and names what is wrong; anyone else gets the styled 403. The
tenant a user picks in the console is theirs, kept after they log out."""

from __future__ import annotations

from typing import Any

import pytest
from django.contrib.auth.models import Group, User
from django.test import Client

from accounts import roles
from bpcc.models import Tenant
from tests.support import free_port

ROOT = "console-root"


def logged_in(name: str, role: str) -> Client:
    """Return a client logged in as `name`, made with `role` if new (no password: the
    client logs in without one, and hashing one costs a second on a busy machine)."""
    user, made = User.objects.get_or_create(username=name)
    if made and role == roles.SUPERUSER:
        User.objects.filter(pk=user.pk).update(is_superuser=True, is_staff=True)
    elif made and role in roles.GROUPS:
        user.groups.add(Group.objects.get(name=roles.GROUPS[role]))
    client = Client()
    client.force_login(User.objects.get(pk=user.pk))
    return client


@pytest.fixture
def root(tenant: Tenant) -> Client:
    return logged_in(ROOT, roles.SUPERUSER)


def form(url: str, client_id: str, secret: str, **extra: str) -> dict[str, str]:
    return {
        "name": f"Tenant {client_id}",
        "base_url": url,
        "flavour": "bpcc",
        "auth_mode": "oauth",
        "client_id": client_id,
        "secret": secret,
        "poll_interval": "2",
        "time_zone": "Europe/London",
        "enabled": "on",
        **extra,
    }


def answer_of(client: Client, url: str, values: dict[str, str]) -> dict[str, Any]:
    answer: dict[str, Any] = client.post(url, values).json()
    return answer


@pytest.mark.django_db
def test_anyone_but_a_superuser_gets_the_styled_403(tenant: Tenant) -> None:
    answers = []
    for role in (roles.VIEWER, roles.SUPERVISOR, roles.CAMPAIGN_ADMIN):
        client = logged_in(f"not-root-{role}", role)
        answers += [
            client.get("/console/tenants/"),
            client.get("/console/tenants/new/"),
            client.get(f"/console/tenants/{tenant.pk}/"),
            client.post("/console/tenants/new/", form(tenant.base_url, "x", "y")),
            client.post(f"/console/tenants/{tenant.pk}/", form(tenant.base_url, "x", "y")),
            client.post("/console/tenants/new/test/", form(tenant.base_url, "x", "y")),
        ]

    assert [a.status_code for a in answers] == [403] * 18
    assert all("You may not open this page" in a.content.decode() for a in answers)
    assert list(Tenant.objects.values_list("name", flat=True)) == [tenant.name]


@pytest.mark.parametrize(
    ("client_id", "secret", "problem", "says"),
    [
        ("wallboard-demo", "demo-secret", "", "Connected: the user supervises 4 team(s)"),
        ("wallboard-demo", "wrong", "refused secret", "The tenant said: "),
        ("wallboard-noteam", "noteam-secret", "no supervised team", "supervises no team"),
        ("wallboard-nostats", "nostats-secret", "missing privilege", "lacks the privilege"),
    ],
)
def test_test_connection_names_what_is_wrong_before_saving(
    root: Client, simulator_url: str, client_id: str, secret: str, problem: str, says: str
) -> None:
    answer = answer_of(root, "/console/tenants/new/test/", form(simulator_url, client_id, secret))

    assert answer["problem"] == problem
    assert answer["headline"].startswith(problem.capitalize() or "Connected")
    assert says in " ".join([answer["headline"], *answer["details"]])
    assert not Tenant.objects.filter(client_id=client_id).exclude(name="Console test tenant")


def test_an_unreachable_tenant_is_named_by_its_address(root: Client) -> None:
    address = f"http://127.0.0.1:{free_port()}"

    answer = answer_of(root, "/console/tenants/new/test/", form(address, "x", "y"))

    assert answer["problem"] == "unreachable"
    assert answer["headline"] == f"Unreachable: Cannot reach {address}."
    assert any("ConnectError" in detail for detail in answer["details"])


def test_a_form_without_a_secret_is_not_tested_and_says_why(root: Client) -> None:
    response = root.post("/console/tenants/new/test/", form("not a url", "x", ""))

    assert response.status_code == 400
    assert set(response.json()["errors"]) == {"base_url", "secret"}


def test_an_edit_tests_and_keeps_the_secret_left_blank(
    root: Client, tenant: Tenant, simulator_url: str
) -> None:
    edit = f"/console/tenants/{tenant.pk}/"
    page = root.get(edit).content.decode()
    values = form(simulator_url, "wallboard-demo", "", name="Renamed")

    assert "demo-secret" not in page and tenant.secret_encrypted not in page
    assert answer_of(root, f"{edit}test/", values)["headline"].startswith("Connected")
    assert answer_of(root, f"{edit}test/", {**values, "secret": "wrong"})["problem"] == (
        "refused secret"
    )
    assert root.post(edit, values).status_code == 302
    tenant.refresh_from_db()
    assert (tenant.name, tenant.client_secret) == ("Renamed", "demo-secret")


def test_a_new_tenant_is_refused_with_the_admins_rules(root: Client, simulator_url: str) -> None:
    values = form(simulator_url, "wallboard-demo", "demo-secret", poll_interval="0.5")

    response = root.post("/console/tenants/new/", {**values, "time_zone": "Mars/Olympus"})

    assert response.status_code == 400
    page = response.content.decode()
    assert "greater than or equal to 1" in page and "not a time zone name" in page
    assert not Tenant.objects.filter(name=values["name"]).exists()


def test_the_picked_tenant_is_the_users_after_logging_in_again(
    root: Client, tenant: Tenant
) -> None:
    second = Tenant(name="Second centre", base_url=tenant.base_url, client_id="wallboard-demo")
    second.client_secret = "demo-secret"
    second.save()
    assert (
        "Acting on <strong>Console test tenant</strong>" in root.get("/console/").content.decode()
    )

    root.post("/console/tenant/", {"tenant": second.pk})
    root.logout()
    again = logged_in(ROOT, roles.SUPERUSER)
    other = logged_in("other-admin", roles.CAMPAIGN_ADMIN)

    assert "Acting on <strong>Second centre</strong>" in again.get("/console/").content.decode()
    assert (
        "Acting on <strong>Console test tenant</strong>" in other.get("/console/").content.decode()
    )


def test_an_unsaved_statsapi_login_is_tested_with_a_session_of_its_own(
    root: Client, simulator_url: str
) -> None:
    values = form(simulator_url, "wallboard-demo", "demo-secret", auth_mode="basic")

    answer = answer_of(root, "/console/tenants/new/test/", values)

    assert answer["headline"].startswith("Connected"), answer


def test_the_appointment_service_in_the_form_is_tested_too(
    root: Client, simulator_url: str
) -> None:
    service = {"appointments_url": simulator_url, "appointments_token": "demo-appointment-token"}
    values = form(simulator_url, "wallboard-demo", "demo-secret", **service)

    accepted = answer_of(root, "/console/tenants/new/test/", values)
    refused = answer_of(root, "/console/tenants/new/test/", {**values, "appointments_token": "x"})

    assert accepted["level"] == "ok"
    assert "Appointment service: connected, the token is accepted." in accepted["details"]
    assert refused["level"] == "error" and refused["headline"].startswith("Connected")
    assert any("the token is refused" in detail for detail in refused["details"])
