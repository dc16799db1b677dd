"""The simulator serves many tenants at once, each its own, and HTTPS with a
certificate it makes at start; a worker polls such a tenant with one TLS handshake,
trusting the simulator's authority only when told to (WALLBOARD_UPSTREAM_CA_FILE)."""

from __future__ import annotations

import ssl
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest

from boards.models import Board
from bpcc.client import BpccClient, Unauthorized, Unreachable
from bpcc.http_pool import LIMITS, TENANTS, new_client
from bpcc.models import Tenant
from tests.support import Process, free_port, simulator_command, wait_until
from tests.test_connections_reused import Accepted, poll, poll_until_ok


class Hosted:
    def __init__(self, url: str, ca: str) -> None:
        self.url, self.ca = url, ca

    def tenant(self, k: int) -> str:
        return f"{self.url}/t/tenant-{k}"

    def control(self, k: int, path: str, body: Any = None) -> Any:
        method = "POST" if body is not None else "GET"
        url = f"{self.tenant(k)}/_sim/{path}"
        return httpx.request(method, url, json=body, verify=self.trust(), timeout=10).json()

    def trust(self) -> ssl.SSLContext:
        return ssl.create_default_context(cafile=self.ca)


@pytest.fixture(scope="module")
def hosted(tmp_path_factory: pytest.TempPathFactory, base_env: dict[str, str]) -> Iterator[Hosted]:
    """Start a simulator serving two tenants over HTTPS."""
    logs = tmp_path_factory.mktemp("hosted")
    port = free_port()
    extra = ["--tls", "--tls-dir", str(logs / "tls"), "--tenants", "2", "--warmup", "0"]
    process = Process("simulator", simulator_command(port, *extra), logs, base_env)
    hosted = Hosted(f"https://127.0.0.1:{port}", str(logs / "tls" / "ca.pem"))

    def answers() -> bool:
        try:
            return Path(hosted.ca).exists() and bool(hosted.control(1, "state"))
        except (httpx.TransportError, ValueError):
            return False

    wait_until(answers, timeout=30, what="the simulator over TLS", processes=[process])
    yield hosted
    TENANTS.close()  # over TLS, the server would wait for kept connections to close
    process.stop()


def test_each_tenant_has_its_own_credentials_centre_and_limit(hosted: Hosted) -> None:
    http = new_client(hosted.tenant(2), LIMITS, hosted.ca)
    with BpccClient(hosted.tenant(2), timeout=5, http=http) as client:
        assert client.get_token("wallboard-demo-2", "demo-secret-2").access_token
        with pytest.raises(Unauthorized):
            client.get_token("wallboard-demo-1", "demo-secret-1")

    hosted.control(1, "config", {"subscription_limit": 0})

    assert [hosted.control(k, "state")["seed"] for k in (1, 2)] == [1, 2]
    assert [hosted.control(k, "state")["subscription_limit"] for k in (1, 2)] == [0, 5]


def test_an_unknown_certificate_authority_is_refused(hosted: Hosted) -> None:
    with (
        BpccClient(hosted.tenant(1), timeout=5) as client,
        pytest.raises(Unreachable, match="CERTIFICATE_VERIFY_FAILED"),
    ):
        client.get_token("wallboard-demo-1", "demo-secret-1")


@pytest.mark.django_db
@pytest.mark.usefixtures("use_redis")
def test_polls_over_tls_cost_one_handshake(
    hosted: Hosted, demo_board: Board, settings: Any
) -> None:
    settings.WALLBOARD_UPSTREAM_CA_FILE = hosted.ca
    Tenant.objects.filter(pk=demo_board.tenant_id).update(
        base_url=hosted.tenant(2), client_id="wallboard-demo-2"
    )
    tenant = Tenant.objects.get(pk=demo_board.tenant_id)
    tenant.client_secret = "demo-secret-2"
    tenant.save()
    poll_until_ok(demo_board)
    handshakes = Accepted(hosted.url, verify=hosted.trust())

    assert [poll(demo_board) for _ in range(3)] == ["ok"] * 3
    assert handshakes.new() == 0
