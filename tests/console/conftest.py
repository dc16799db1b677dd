"""Fixtures for the console's tests: a tenant on the session's simulator, and users."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

import httpx
import pytest
from django.contrib.auth.models import User
from django.core.management import call_command
from django.test import Client

from bpcc.admin_api import AdminClient
from bpcc.models import Tenant
from tests.support import sim_counts

ADMIN, VIEWER = "console-admin", "console-viewer"
PASSWORD = "pw-console-123"


def user(name: str, role: str) -> User:
    call_command("add_user", name, "--password", PASSWORD, "--role", role)
    return User.objects.get(username=name)


@pytest.fixture
def tenant(db: None, use_redis: str, simulator_url: str) -> Tenant:
    """Return a BPCC tenant on the session's simulator (the demo credentials)."""
    found = Tenant(name="Console test tenant", base_url=simulator_url, client_id="wallboard-demo")
    found.client_secret = "demo-secret"
    found.save()
    return found


@pytest.fixture
def api(tenant: Tenant) -> Iterator[AdminClient]:
    """Return a List Management client of the test tenant, as the tests' own hands."""
    with AdminClient(
        tenant.base_url, timeout=10, client_id="wallboard-demo", client_secret="demo-secret"
    ) as client:
        yield client


@pytest.fixture
def admin(tenant: Tenant) -> Client:
    client = Client()
    client.force_login(user(ADMIN, "campaign_admin"))
    return client


class Sim:
    """The session simulator's control API and a List Management client."""

    def __init__(self, url: str) -> None:
        self.url = url

    def counts(self) -> dict[str, int]:
        return sim_counts(self.url)

    def control(self, path: str, body: Any = None) -> Any:
        response = httpx.post(f"{self.url}/_sim/{path}", json=body, timeout=10)
        response.raise_for_status()
        return response.json()


@pytest.fixture
def sim(simulator_url: str) -> Iterator[Sim]:
    yield Sim(simulator_url)


def key(html: str, n: int = 0) -> str:
    """Return the nth idempotency key of a page's forms."""
    return re.findall(r'name="idempotency_key" value="([^"]+)"', html)[n]


def signed(html: str, n: int = 0) -> str:
    """Return the nth typed confirmation's signed expected name."""
    return re.findall(r'name="confirm_expected" value="([^"]+)"', html)[n]


def flashes(response: Any) -> list[str]:
    return [str(m) for m in response.context["messages"]] if response.context else []


def describe(
    admin: Client,
    list_id: str,
    types: dict[str, str],
    keys: tuple[str, ...] = (),
    required: tuple[str, ...] = (),
    us_canada: tuple[str, ...] = (),
) -> list[str]:
    """Describe a list's fields on its page (their types, key, required and US or Canada
    phone fields, by name), as an admin does; return what the page then says."""
    url = f"/console/lists/{list_id}/"
    names = re.findall(r"<code>([^<]+)</code>", admin.get(url).content.decode())
    data: dict[str, Any] = {f"describe_type_{names.index(n)}": t for n, t in types.items()}
    data |= {f"describe_phone_{names.index(n)}": "1" for n in us_canada}
    data["describe_key"] = [str(names.index(n)) for n in keys]
    data["describe_required"] = [str(names.index(n)) for n in required]
    return flashes(admin.post(f"{url}fields/", data, follow=True))
