"""The services pickers read `cfg/services` (what Bright Pattern's own wallboard reads)
with the poller's credential, then from a cache; viewers may not ask."""

from __future__ import annotations

import pytest
from django.test import Client

from boards.models import Board
from bpcc.client import BpccClient
from bpcc.models import Tenant
from bpcc.names import services
from tests.support import sim_counts

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("use_redis")]
PATH = "GET /statsapi/cfg/services"


def upstream_calls(simulator_url: str) -> int:
    return sim_counts(simulator_url).get(PATH, 0)


def test_the_client_lists_the_supervised_services(simulator_url: str) -> None:
    with BpccClient(simulator_url, timeout=5) as client:
        token = client.get_token("wallboard-demo", "demo-secret")
        found = client.get_services(token)

    assert {"Sales", "Chat Service", "Order Tasks"} <= {s["name"] for s in found}
    assert all(s["id"] for s in found)


def test_the_names_are_read_once_then_from_the_cache(sim_board: Board, simulator_url: str) -> None:
    tenant = Tenant.objects.get(pk=sim_board.tenant_id)
    before = upstream_calls(simulator_url)

    first = services(tenant)
    second = services(tenant)

    assert first == second and first.error == ""
    assert "Technical Support" in first.names and first.names == sorted(first.names)
    assert upstream_calls(simulator_url) == before + 1


def test_an_upstream_failure_is_said_in_the_upstreams_words(sim_board: Board) -> None:
    tenant = Tenant.objects.get(pk=sim_board.tenant_id)
    tenant.client_secret = "wrong"
    tenant.save()

    found = services(tenant)

    assert found.names == [] and "401" in found.error
    assert found.error.startswith("The tenant did not list its services")


def test_the_picker_endpoint_is_for_supervisors(
    supervisor_client: Client, viewer_client: Client, sim_board: Board
) -> None:
    query = {"tenant": sim_board.tenant_id}

    response = supervisor_client.get("/boards/services/", query)

    assert response.status_code == 200 and "Billing" in response.json()["services"]
    assert viewer_client.get("/boards/services/", query).status_code == 403
