"""Fixtures for the simulator's own tests: a fresh simulator process per test module."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx
import pytest

from tests.support import start_simulator

DEMO = ("wallboard-demo", "demo-secret")
VIEWER = ("wallboard-viewer", "viewer-secret")
NO_TEAM = ("wallboard-noteam", "noteam-secret")
NO_STATS = ("wallboard-nostats", "nostats-secret")


@dataclass
class Sim:
    """A running simulator and helpers to call it."""

    url: str

    def client(self, user: tuple[str, str] | None = DEMO) -> httpx.Client:
        """Return an HTTP client for the simulator, with a bearer token for `user`."""
        headers = {"Authorization": f"Bearer {self.token(*user)}"} if user else {}
        return httpx.Client(base_url=self.url, headers=headers, timeout=10)

    def token(self, client_id: str, secret: str, version: str = "v2") -> str:
        response = httpx.post(
            f"{self.url}/configapi/{version}/oauth/token",
            data={
                "client_id": client_id,
                "client_secret": secret,
                "scope": "127.0.0.1",
                "grant_type": "client_credentials",
            },
        )
        response.raise_for_status()
        token: str = response.json()["access_token"]
        return token

    def control(self, method: str, path: str, body: Any = None) -> Any:
        """Call the control API (`/_sim/...`) and return its JSON answer."""
        response = httpx.request(method, f"{self.url}/_sim/{path}", json=body, timeout=30)
        response.raise_for_status()
        return response.json()

    def advance(self, seconds: float) -> None:
        self.control("POST", "advance", {"seconds": seconds})


@pytest.fixture(scope="module")
def sim(tmp_path_factory: pytest.TempPathFactory, base_env: dict[str, str]) -> Iterator[Sim]:
    """Start a simulator of its own for the module, on a manual clock (repeatable)."""
    process, url = start_simulator(
        tmp_path_factory.mktemp("sim"), base_env, "--manual-clock", "--seed", "7"
    )
    yield Sim(url)
    process.stop()


Script = Callable[[Sim], list[bytes]]


def seeded_runs(
    tmp_path_factory: pytest.TempPathFactory, env: dict[str, str], script: Script, seed: int
) -> dict[str, list[bytes]]:
    """Run `script` against three fresh simulators on a manual clock: twice with `seed`
    ("first", "again") and once with the next seed ("other"); return the bodies of each."""
    return {
        name: _run(tmp_path_factory.mktemp(name), env, script, run_seed)
        for name, run_seed in (("first", seed), ("again", seed), ("other", seed + 1))
    }


def _run(tmp_path: Path, env: dict[str, str], script: Script, seed: int) -> list[bytes]:
    process, url = start_simulator(tmp_path, env, "--manual-clock", "--seed", str(seed))
    try:
        return script(Sim(url))
    finally:
        process.stop()
