"""The campaign widget's picker lists the tenant's campaigns by name ("Get Campaigns"),
then from a cache: editors never multiply upstream calls; viewers may not ask."""

from __future__ import annotations

import pytest
from django.test import Client

from boards.models import Board
from bpcc.models import Tenant
from bpcc.names import campaign_names
from stats import store
from tests.support import sim_counts

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("use_redis")]


def get_all_calls(simulator_url: str) -> int:
    return sim_counts(simulator_url).get("GET /configapi/v3/campaign/getAll", 0)


def test_the_names_are_read_once_then_from_the_cache(sim_board: Board, simulator_url: str) -> None:
    tenant = Tenant.objects.get(pk=sim_board.tenant_id)
    before = get_all_calls(simulator_url)

    first = campaign_names(tenant)
    second = campaign_names(tenant)

    assert first == second and first.error == ""
    assert {"Renewals Outbound", "Outbound Sales"} <= set(first.names)
    assert get_all_calls(simulator_url) == before + 1


def test_an_upstream_failure_is_said_in_the_upstreams_words(sim_board: Board) -> None:
    tenant = Tenant.objects.get(pk=sim_board.tenant_id)
    tenant.client_secret = "wrong"
    tenant.save()

    found = campaign_names(tenant)

    assert found.names == [] and "401" in found.error


def test_the_picker_endpoint_is_for_supervisors(
    supervisor_client: Client, viewer_client: Client, sim_board: Board
) -> None:
    query = {"tenant": sim_board.tenant_id}

    response = supervisor_client.get("/boards/campaigns/", query)

    assert "Renewals Outbound" in response.json()["campaigns"]
    assert viewer_client.get("/boards/campaigns/", query).status_code == 403


def test_the_names_do_not_share_a_key_with_the_campaign_figures(sim_board: Board) -> None:
    tenant = Tenant.objects.get(pk=sim_board.tenant_id)
    store.TenantState(store.client(), tenant.pk).save_campaigns({"campaigns": {}, "error": ""})

    found = campaign_names(tenant)

    assert isinstance(found.names, list) and "Outbound Sales" in found.names
