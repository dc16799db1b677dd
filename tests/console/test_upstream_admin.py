"""The admin client: a renewed token when one expires, and documented failures under
their names, with the tenant's words and Task Routing codes in plain words."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from bpcc.admin_api import (
    TASK_ROUTING_CODES,
    AdminClient,
    Conflict,
    Forbidden,
    NotFound,
    TaskRoutingError,
)
from tests.console.conftest import Sim


def client(url: str, user: str = "wallboard-demo", secret: str = "demo-secret") -> AdminClient:
    return AdminClient(url, timeout=10, client_id=user, client_secret=secret)


@pytest.fixture
def api(simulator_url: str) -> Iterator[AdminClient]:
    with client(simulator_url) as found:
        yield found


def test_an_expired_token_is_renewed_and_the_call_carried_out(api: AdminClient, sim: Sim) -> None:
    api.get_campaigns()
    sim.control("tokens/expire")
    before = sim.counts().get("POST /configapi/v3/oauth/token", 0)

    assert api.get_campaigns()
    assert sim.counts()["POST /configapi/v3/oauth/token"] == before + 1
    assert api.last_status == 200


def test_a_missing_privilege_is_forbidden_with_the_tenants_words(simulator_url: str) -> None:
    with client(simulator_url, "wallboard-viewer", "viewer-secret") as viewer:
        campaign = viewer.get_campaigns()[0]["id"]
        with pytest.raises(Forbidden, match="lacks the privilege"):
            viewer.start_campaign(campaign)
        assert viewer.last_status == 403


def test_list_management_failures_have_their_documented_names(api: AdminClient) -> None:
    running = next(c["id"] for c in api.get_campaigns() if c["state"] == "RUNNING")
    with pytest.raises(Conflict, match="already running"):
        api.start_campaign(running)
    with pytest.raises(NotFound, match="Specified List was not found"):
        api.get_list("no-such-list")


@pytest.mark.parametrize("code", [11, 12, 13, 14])
def test_each_task_routing_failure_code_is_explained(api: AdminClient, sim: Sim, code: int) -> None:
    sim.control("tasks/fail", {"code": code, "times": 1})

    with pytest.raises(TaskRoutingError) as failure:
        api.query_task("any")

    assert failure.value.code == code
    assert failure.value.explanation == TASK_ROUTING_CODES[code]


def test_task_routing_codes_from_the_tenant_are_read(api: AdminClient) -> None:
    with pytest.raises(TaskRoutingError) as missing:
        api.queue_task({"serviceName": "Order Tasks"})
    with pytest.raises(TaskRoutingError) as unknown:
        api.query_task("nope", external=True)

    assert (missing.value.code, missing.value.status) == (4, 400)
    assert missing.value.explanation.startswith("A required value is missing: taskInfo")
    assert (unknown.value.code, unknown.value.status) == (8, 404)
    assert len(TASK_ROUTING_CODES) == 14
