"""A worker keeps its connections to a tenant across polls (bpcc/http_pool.py), makes
them anew when the tenant's credentials or URL change, never lets a hung tenant hold a
slot, and never shares them with a forked child. Connections are counted where they
arrive: the simulator's `/_sim/connections`."""

from __future__ import annotations

import os
import ssl
import time

import httpx
import pytest

from boards.models import Board
from bpcc.client import BpccClient
from bpcc.http_pool import MOST_CONNECTIONS
from bpcc.models import Tenant
from bpcc.tokens import connections
from stats import store
from stats.poller import poll_and_publish
from tests.support import sim_counts, wait_until

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("use_redis")]

DATA = "GET /statsapi/subscription/data"


class Accepted:
    """The connections the simulator accepted since the last look."""

    def __init__(self, simulator_url: str, verify: ssl.SSLContext | bool = True) -> None:
        self.url, self.verify = f"{simulator_url}/_sim/connections", verify
        self.seen = self._read()

    def _read(self) -> int:
        count: int = httpx.get(self.url, verify=self.verify, timeout=10).json()["accepted"]
        return count

    def new(self) -> int:
        """Return how many were accepted since the last look, less the look's own."""
        now = self._read()
        new, self.seen = now - self.seen - 1, now
        return new


def poll(board: Board, timeout: float = 5) -> str:
    tenant = Tenant.objects.get(pk=board.tenant_id)
    state = store.TenantState(store.client(), tenant.pk)
    return poll_and_publish(tenant, [board], state, lambda *_: None, timeout=timeout)


def poll_until_ok(board: Board) -> None:
    wait_until(lambda: poll(board) == "ok", timeout=10, what="a poll with data")


def test_polls_reuse_one_connection_until_the_credentials_or_url_change(
    sim_board: Board, simulator_url: str
) -> None:
    poll_until_ok(sim_board)
    accepted = Accepted(simulator_url)
    data_requests = sim_counts(simulator_url).get(DATA, 0)
    accepted.new()  # sim_counts' own connection

    assert [poll(sim_board) for _ in range(3)] == ["ok"] * 3
    assert sim_counts(simulator_url)[DATA] == data_requests + 3
    assert accepted.new() == 1  # sim_counts': the three polls made none

    tenant = Tenant.objects.get(pk=sim_board.tenant_id)
    kept = connections(tenant)
    tenant.client_secret = tenant.client_secret  # encrypted anew: new credentials
    tenant.save()
    assert poll(sim_board) == "ok"
    assert accepted.new() == 1
    assert kept.is_closed

    Tenant.objects.filter(pk=tenant.pk).update(
        base_url=simulator_url.replace("127.0.0.1", "localhost")
    )
    assert poll(sim_board) == "ok"
    assert poll(sim_board) == "ok"
    assert accepted.new() == 1


def test_a_hung_tenant_holds_no_slot_past_the_deadline(
    sim_board: Board, simulator_url: str
) -> None:
    poll_until_ok(sim_board)
    hangs = MOST_CONNECTIONS + 1
    fault = {"path": "/statsapi/subscription/data", "latency": 2, "times": hangs}
    httpx.post(f"{simulator_url}/_sim/faults", json=fault, timeout=10).raise_for_status()
    try:
        for _ in range(hangs):
            started = time.monotonic()
            assert poll(sim_board, timeout=0.3) == "upstream_down"
            assert time.monotonic() - started < 1.5
        assert poll(sim_board) == "ok"
    finally:
        httpx.delete(f"{simulator_url}/_sim/faults", timeout=10)


def test_a_forked_child_makes_its_own_connections(sim_board: Board, simulator_url: str) -> None:
    poll_until_ok(sim_board)
    tenant = Tenant.objects.get(pk=sim_board.tenant_id)
    parents = connections(tenant)
    accepted = Accepted(simulator_url)
    read, write = os.pipe()
    child = os.fork()
    if child == 0:  # the child: what a Celery prefork child would do first
        try:
            own = connections(tenant)
            with BpccClient(tenant.base_url, timeout=5, http=own) as client:
                client.get_token(tenant.client_id, tenant.client_secret)
            os.write(write, b"own" if own is not parents else b"shared")
        finally:
            os._exit(0)
    os.waitpid(child, 0)

    assert os.read(read, 10) == b"own"
    assert accepted.new() == 1  # the child's
    assert poll(sim_board) == "ok"
    assert accepted.new() == 0  # the parent's connection still serves it
