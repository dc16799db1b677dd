"""A deployment on several machines, each a network namespace of its own (tests/netns.py):

    data      10.77.0.2   Redis, PostgreSQL
    tenant    10.77.0.3   the BPCC simulator
    web-a     10.77.0.4   a web process
    web-b     10.77.0.5   a web process
    worker    10.77.0.6   a Celery worker, the beat and a standby beat
    client    10.77.0.7   the screens: this test's sockets, opened inside its network

Every process reaches the others through their addresses on that LAN only, as the
README's "Scaling out" says a deployment does. Boards update through both web hosts; a
kiosk on web-a hears of a board saved through web-b; killing the active beat, then a
whole web host, degrades as the README says.
"""

from __future__ import annotations

import asyncio
import json
import secrets
import signal
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx
import pytest
import redis
import websockets
from cryptography.fernet import Fernet

from stats.scheduler import LEADER_KEY
from tests.conftest import DEMO_PASSWORD, stack_commands
from tests.netns import Network
from tests.postgres import create_database, postgres_server
from tests.support import PYTHON, Process, simulator_command, wait_until

pytestmark = pytest.mark.e2e

HOSTS = ["data", "tenant", "web-a", "web-b", "worker", "client"]
INTERVAL = 1.0
RESUME_WITHIN = 10.0  # README, "The live path": a beat or worker killed, polling resumes


@dataclass
class Deployment:
    net: Network
    env: dict[str, str]
    logs: Path
    processes: dict[str, Process]
    web: dict[str, str]  # host -> its URL, as the client reaches it
    redis_url: str

    def client(self, coroutine: Any) -> Any:
        """Run a coroutine on the client host (its sockets are the client's) and return
        its result."""
        return self.net.reach("client")(lambda: asyncio.run(coroutine))

    def manage(self, host: str, *args: str) -> str:
        return self.net.run(host, [PYTHON, "manage.py", *args], self.env)


@pytest.fixture(scope="module")
def deployment(
    tmp_path_factory: pytest.TempPathFactory, base_env: dict[str, str]
) -> Iterator[Deployment]:
    reason = Network.unavailable()
    if reason:
        pytest.skip(f"no network namespaces on this machine: {reason}")
    logs = tmp_path_factory.mktemp("multihost")
    net = Network(HOSTS)
    processes: dict[str, Process] = {}
    at = net.addresses
    try:
        with postgres_server(base_env, host=at["data"], inside=net.command("data", [])) as db:
            create_database(db, inside=net.command("data", []))
            redis_url = f"redis://{at['data']}:6379/0"
            env = {
                **base_env,
                "WALLBOARD_DATABASE_URL": db,
                "WALLBOARD_REDIS_URL": redis_url,
                # The same keys on every machine (README, "Keys"), none kept in files.
                "WALLBOARD_SECRET_KEY": secrets.token_urlsafe(50),
                "WALLBOARD_ENCRYPTION_KEYS": Fernet.generate_key().decode(),
                "WALLBOARD_ALLOWED_HOSTS": f"{at['web-a']},{at['web-b']}",
                "WALLBOARD_POLL_INTERVAL": str(INTERVAL),
                "WALLBOARD_UPSTREAM_TIMEOUT": "2",
                "WALLBOARD_HEARTBEAT_SECONDS": "1",
                "WALLBOARD_DEMO_TENANT_URL": f"http://{at['tenant']}:8100",
                "WALLBOARD_DEMO_PASSWORD": DEMO_PASSWORD,
            }
            redis_args = ["redis-server", "--bind", at["data"], "--port", "6379"]
            redis_args += ["--protected-mode", "no", "--save", "", "--appendonly", "no"]
            processes["redis"] = net.start("data", "redis", redis_args, logs, env)
            sim = simulator_command(8100, "--host", at["tenant"], "--speed", "5")
            processes["simulator"] = net.start("tenant", "simulator", sim, logs, env)
            deployment = Deployment(net, env, logs, processes, {}, redis_url)
            deployment.manage("web-a", "migrate", "--noinput")
            deployment.manage("web-a", "seed_demo")
            for host in ("web-a", "web-b"):
                web = [PYTHON, "-m", "wallboard.web", "--host", at[host], "--port", "8000"]
                processes[host] = net.start(host, host, web, logs, env)
                deployment.web[host] = f"http://{at[host]}:8000"
            commands = stack_commands(0)
            for name in ("worker", "beat", "beat-standby"):
                processes[name] = net.start("worker", name, commands[name], logs, env)
            client = net.reach("client")
            wait_until(
                lambda: all(
                    client(lambda url=url: _healthy(url)) for url in deployment.web.values()
                ),
                timeout=90,
                what="both web hosts healthy after a first poll",
                processes=list(processes.values()),
            )
            yield deployment
            # A throwaway deployment: its hosts are switched off, not shut down.
            for host in HOSTS[1:]:
                net.kill_host(host)
            for process in processes.values():
                process.stop()
    finally:
        net.remove()


def _healthy(web_url: str) -> bool:
    try:
        return httpx.get(f"{web_url}/healthz", timeout=2).json()["ok"] is True
    except (httpx.TransportError, ValueError, KeyError):
        return False


# What the client host does ----------------------------------------------------------


async def log_in(web_url: str) -> str:
    """Log in as the demo user on one web host; return the session as a Cookie header."""
    async with httpx.AsyncClient(base_url=web_url) as http:
        await http.get("/accounts/login/")
        response = await http.post(
            "/accounts/login/",
            data={
                "username": "demo",
                "password": DEMO_PASSWORD,
                "csrfmiddlewaretoken": http.cookies["csrftoken"],
            },
        )
        assert response.status_code == 302, response.text
        return "; ".join(f"{k}={v}" for k, v in http.cookies.items())


async def open_socket(web_url: str, path: str, cookie: str = "") -> websockets.ClientConnection:
    headers = {"Cookie": cookie} if cookie else {}
    ws_url = web_url.replace("http", "ws", 1) + path
    return await websockets.connect(ws_url, additional_headers=headers, origin=web_url)  # type: ignore[arg-type]


async def next_message(
    ws: websockets.ClientConnection, types: tuple[str, ...], timeout: float
) -> dict[str, Any]:
    """Return the next message of one of `types` within `timeout` seconds."""
    async with asyncio.timeout(timeout):
        while True:
            message: dict[str, Any] = json.loads(await ws.recv())
            if message["type"] in types:
                return message


async def data_after(ws: websockets.ClientConnection, moment: float, timeout: float) -> float:
    """Wait for board data polled after `moment` (Unix time: every host here shares one
    kernel clock); return its upstream time."""
    async with asyncio.timeout(timeout):
        while True:
            message = await next_message(ws, ("snapshot", "delta"), timeout)
            if message["upstream_time"] > moment:
                return float(message["upstream_time"])


async def save_board(web_url: str, cookie: str, slug: str, title: str) -> str:
    """Save the board `slug` with a new title through a web host, as the editor does;
    return its new version."""
    async with httpx.AsyncClient(base_url=web_url, headers={"Cookie": cookie}) as http:
        board = (await http.get(f"/boards/{slug}/export.json")).json()
        csrf = next(p.split("=", 1)[1] for p in cookie.split("; ") if p.startswith("csrftoken="))
        response = await http.post(
            f"/boards/{slug}/edit/",
            content=json.dumps({**board, "title": title}),
            headers={"X-CSRFToken": csrf, "Content-Type": "application/json"},
        )
        assert response.status_code == 200, response.text
        return str(response.json()["version"])


# The tests --------------------------------------------------------------------------


def test_both_web_hosts_stream_and_a_save_on_one_reaches_a_kiosk_on_the_other(
    deployment: Deployment,
) -> None:
    web_a, web_b = deployment.web["web-a"], deployment.web["web-b"]
    kiosk = deployment.manage("web-b", "kiosk_link", "Hall", "--board", "demo").split()[-1]
    token = kiosk.strip("/").split("/")[-1]

    async def scenario() -> dict[str, Any]:
        cookie = await log_in(web_b)  # one session, good on every web host
        started = time.time()
        a = await open_socket(web_a, "/ws/boards/demo/", cookie)
        b = await open_socket(web_b, "/ws/boards/demo/", cookie)
        on_kiosk = await open_socket(web_a, f"/ws/kiosk/{token}/")
        async with a, b, on_kiosk:
            await on_kiosk.send(json.dumps({"type": "hello"}))
            state = await next_message(on_kiosk, ("state",), 10)
            fresh = [await data_after(ws, started, 15) for ws in (a, b)]
            version = await save_board(web_b, cookie, "demo", "Saved through web-b")
            config = await next_message(on_kiosk, ("config",), 10)
            return {"fresh": fresh, "state": state, "version": version, "config": config}

    seen = deployment.client(scenario())

    assert all(t > 0 for t in seen["fresh"]), "both web hosts pushed newly polled data"
    assert seen["config"]["version"] == seen["version"] != seen["state"]["version"]
    assert seen["config"]["board"] == seen["state"]["board"]


def test_killing_the_active_beat_keeps_both_web_hosts_live(deployment: Deployment) -> None:
    leases = redis.Redis.from_url(deployment.redis_url, decode_responses=True)
    holder = deployment.net.reach("client")(lambda: str(leases.get(LEADER_KEY)))
    pid = int(holder.split(":")[1])  # `ip netns exec` execs the beat: the same pid
    name = next(n for n, p in deployment.processes.items() if p.popen.pid == pid)
    web_a, web_b = deployment.web["web-a"], deployment.web["web-b"]

    async def scenario() -> list[float]:
        cookie = await log_in(web_a)
        a = await open_socket(web_a, "/ws/boards/demo/", cookie)
        b = await open_socket(web_b, "/ws/boards/demo/", cookie)
        async with a, b:
            await asyncio.gather(*(data_after(ws, time.time(), 15) for ws in (a, b)))
            killed = time.time()
            deployment.processes[name].stop(signal.SIGKILL)
            resumed = await asyncio.gather(*(data_after(ws, killed, 30) for ws in (a, b)))
            return [t - killed for t in resumed]

    waits = deployment.client(scenario())

    assert max(waits) < RESUME_WITHIN, f"data resumed {waits} s after the beat was killed"


def test_losing_a_whole_web_host_leaves_the_other_serving(deployment: Deployment) -> None:
    web_a, web_b = deployment.web["web-a"], deployment.web["web-b"]

    async def scenario() -> dict[str, Any]:
        cookie = await log_in(web_a)
        a = await open_socket(web_a, "/ws/boards/demo/", cookie)
        b = await open_socket(web_b, "/ws/boards/demo/", cookie)
        async with b:
            await asyncio.gather(*(data_after(ws, time.time(), 15) for ws in (a, b)))
            lost = time.time()
            deployment.net.kill_host("web-a")
            try:
                await next_message(a, ("never",), 10)
                closed = False
            except websockets.ConnectionClosed:
                closed = True
            still = await data_after(b, lost, 10)
            # A page whose socket was on web-a reconnects, through the balancer, to web-b.
            async with await open_socket(web_b, "/ws/boards/demo/", cookie) as again:
                snapshot = await next_message(again, ("snapshot",), 10)
            return {"closed": closed, "still": still, "snapshot": snapshot}

    seen = deployment.client(scenario())

    assert seen["closed"], "the lost host's sockets closed"
    assert seen["still"] > 0, "web-b kept pushing fresh data"
    assert seen["snapshot"]["data"]["totals"], "a reconnected page is drawn whole on web-b"
