"""The leaderboard's disposition picker reads `cfg/dispositions` through the typed
client, with the poller's credential, and then from a cache: editors never multiply
upstream calls."""

from __future__ import annotations

import pytest
from django.test import Client

from boards.models import Board
from bpcc.client import BpccClient
from bpcc.models import Tenant
from bpcc.names import dispositions
from stats import store
from tests.support import sim_counts

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("use_redis")]
PATH = "GET /statsapi/cfg/dispositions"


def upstream_calls(simulator_url: str) -> int:
    return sim_counts(simulator_url).get(PATH, 0)


def test_the_client_lists_dispositions_and_filters_by_flag(simulator_url: str) -> None:
    with BpccClient(simulator_url, timeout=5) as client:
        token = client.get_token("wallboard-demo", "demo-secret")
        everything = client.get_dispositions(token)
        outbound = client.get_dispositions(token, outbound=True)

    assert "Resolved" in everything and "Product sold" in everything
    assert "Resolved" not in outbound and set(outbound) < set(everything)


def test_the_names_are_cached_per_tenant(sim_board: Board, simulator_url: str) -> None:
    tenant = Tenant.objects.get(pk=sim_board.tenant_id)
    before = upstream_calls(simulator_url)

    first = dispositions(tenant)
    second = dispositions(tenant)

    assert first == second and "Resolved" in first.names and first.error == ""
    assert upstream_calls(simulator_url) == before + 1
    kept = (
        store.TenantState(store.client(), tenant.pk)
        .tokens(tenant.credentials_fingerprint())
        .token()
    )
    assert kept is not None, "kept for the poller"


def test_an_upstream_failure_is_said_in_the_upstreams_words(sim_board: Board) -> None:
    tenant = Tenant.objects.get(pk=sim_board.tenant_id)
    tenant.client_secret = "wrong"
    tenant.save()

    found = dispositions(tenant)

    assert found.names == [] and "401" in found.error


def test_the_picker_endpoint_is_for_supervisors(
    supervisor_client: Client, sim_board: Board
) -> None:
    response = supervisor_client.get("/boards/dispositions/", {"tenant": sim_board.tenant_id})

    assert response.status_code == 200 and "Resolved" in response.json()["dispositions"]
