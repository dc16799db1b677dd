"""What one simulator process serves: one tenant at the root (the default), or many
tenants side by side, and the count of connections it accepted.

With `--tenants N`, tenant k (1 to N) is served under `/t/tenant-k/`: its base URL is
`http://127.0.0.1:8100/t/tenant-k`, and every API and the control API (`/_sim/…`)
answer below it. Each tenant is whole and its own: its centre (seed + k - 1), its
subscriptions and subscription limit, its tokens, and its demo credentials
`wallboard-demo-k` / `demo-secret-k` (the other roster users keep their names).

`GET /_sim/connections` (at the root, whatever the tenants) says how many TCP
connections the server accepted, how many are open, and whether they are TLS (each
accepted one then cost a TLS handshake): the tests and benchmarks read keep-alive there.
"""

from __future__ import annotations

import asyncio
import json
from dataclasses import dataclass, replace
from typing import Any

from starlette.types import ASGIApp, Receive, Scope, Send

from simulator.app import build_app
from simulator.tenant import Config, Tenant

PREFIX = "/t/"


@dataclass
class Connections:
    """TCP connections the server accepted, and those still open."""

    tls: bool = False
    accepted: int = 0
    open: int = 0

    def describe(self) -> dict[str, Any]:
        return {"accepted": self.accepted, "open": self.open, "tls": self.tls}


def counted(protocol: type[asyncio.Protocol], connections: Connections) -> type[asyncio.Protocol]:
    """Return uvicorn's HTTP protocol `protocol`, counting into `connections` (over TLS,
    a connection is made once its handshake is done)."""

    class Counted(protocol):  # type: ignore[misc, valid-type]
        def connection_made(self, transport: Any) -> None:
            connections.accepted += 1
            connections.open += 1
            super().connection_made(transport)

        def connection_lost(self, exc: Exception | None) -> None:
            connections.open -= 1
            super().connection_lost(exc)

    return Counted


def tenant_config(config: Config, k: int) -> Config:
    """Return the configuration of hosted tenant `k`: its own seed and demo credentials."""
    return replace(
        config,
        seed=config.seed + k - 1,
        client_id=f"wallboard-demo-{k}",
        client_secret=f"demo-secret-{k}",
    )


def build_tenants(config: Config, count: int) -> dict[str, tuple[ASGIApp, Tenant]]:
    """Return `count` tenants by name (`tenant-1` …), each app with its tenant."""
    return {f"tenant-{k}": build_app(tenant_config(config, k)) for k in range(1, count + 1)}


class Host:
    """The ASGI app of the process: `/_sim/connections`, then one tenant's app at the
    root (`root`) or each of `tenants` under its prefix."""

    def __init__(
        self,
        connections: Connections,
        root: ASGIApp | None = None,
        tenants: dict[str, ASGIApp] | None = None,
    ) -> None:
        self.connections = connections
        self.root = root
        self.tenants = tenants or {}

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        path = scope.get("path", "")
        if scope["type"] == "http" and path == "/_sim/connections":
            await _json(send, 200, self.connections.describe())
            return
        if self.root is not None:
            await self.root(scope, receive, send)
            return
        if scope["type"] != "http":
            return
        if path == "/_sim/tenants":
            await _json(send, 200, {"tenants": list(self.tenants)})
            return
        name, _, rest = path.removeprefix(PREFIX).partition("/")
        app = self.tenants.get(name) if path.startswith(PREFIX) else None
        if app is None:
            await _json(send, 404, {"error": f"no tenant here: {path[:100]}; see /_sim/tenants"})
            return
        # The tenant sees its own paths, as at the root of a server of its own.
        inner = {**scope, "path": f"/{rest}", "raw_path": f"/{rest}".encode()}
        await app(inner, receive, send)


async def _json(send: Send, status: int, body: dict[str, Any]) -> None:
    data = json.dumps(body).encode()
    headers = [(b"content-type", b"application/json"), (b"content-length", str(len(data)).encode())]
    await send({"type": "http.response.start", "status": status, "headers": headers})
    await send({"type": "http.response.body", "body": data})
