"""`make run` heals itself: `kill -9` of any of its processes (Redis included) and it is
running again within 5 s, the others never stop, and the boards update again within
20 s; Ctrl-C stops every process.

The deployment is `make run` itself, on free ports and a temporary folder: the same
migrate and seed, the same supervisord and supervisord.conf.
"""

from __future__ import annotations

import asyncio
import json
import os
import re
import signal
import sqlite3
import stat
import subprocess
import time
import xmlrpc.client
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import httpx
import psutil
import pytest
import redis
import websockets
from cryptography.fernet import Fernet
from supervisor.xmlrpc import SupervisorTransport

from stats.scheduler import LEADER_KEY
from tests.conftest import DEMO_PASSWORD, METRICS_TOKEN, Stack
from tests.e2e.test_live_stream import open_board
from tests.support import ROOT, free_port, wait_until

pytestmark = pytest.mark.e2e

PROCESSES = ("redis", "simulator", "web", "worker", "worker-standby", "beat", "beat-standby")
RESTART_WITHIN = 5.0
UPDATES_WITHIN = 20.0
INTERVAL = 1.0
# Data no older than this is fresh: the last poll or the one before it.
FRESH = 3 * INTERVAL


class Deployment:
    """`make run`, started by the test, and supervisord's view of its processes."""

    def __init__(self, run_dir: Path, base_env: dict[str, str]) -> None:
        self.run_dir = run_dir
        ports = {name: free_port() for name in ("REDIS", "SIMULATOR", "WEB")}
        self.redis_url = f"redis://127.0.0.1:{ports['REDIS']}/0"
        simulator_url = f"http://127.0.0.1:{ports['SIMULATOR']}"
        unset = ("WALLBOARD_SECRET_KEY", "WALLBOARD_ENCRYPTION_KEYS", "WALLBOARD_KEY_DIR")
        self.env = {
            **{k: v for k, v in base_env.items() if k not in unset},
            **{f"WALLBOARD_RUN_{name}_PORT": str(port) for name, port in ports.items()},
            "WALLBOARD_RUN_DIR": str(run_dir),
            "WALLBOARD_DB_PATH": str(run_dir / "db.sqlite3"),
            "WALLBOARD_POLL_INTERVAL": str(INTERVAL),
            "WALLBOARD_HEARTBEAT_SECONDS": "1",
            "WALLBOARD_DEMO_TENANT_URL": simulator_url,
            "WALLBOARD_DEMO_PASSWORD": DEMO_PASSWORD,
            "WALLBOARD_METRICS_TOKEN": METRICS_TOKEN,
        }
        web_url = f"http://127.0.0.1:{ports['WEB']}"
        self.stack = Stack(web_url, simulator_url, INTERVAL, {}, {}, self.env, run_dir, [web_url])
        self.log_path = run_dir / "make-run.log"
        # Append: supervisord writes its own lines through its standard output, and the
        # processes' lines through /dev/stdout opened again (supervisord.conf), which
        # would write over each other in a file not opened for appending.
        with self.log_path.open("ab") as log:
            # -o: use .venv as it is; `make test` has set it up already.
            self.make = subprocess.Popen(
                ["make", "--no-print-directory", "-o", ".venv/.installed", "run"],
                cwd=ROOT,
                env=self.env,
                stdout=log,
                stderr=subprocess.STDOUT,
                start_new_session=True,  # its own process group, as in a terminal
            )

    def supervisor(self) -> Any:
        """Return supervisord's XML-RPC interface, on a connection of its own."""
        transport = SupervisorTransport(None, None, f"unix://{self.run_dir}/supervisor.sock")
        return xmlrpc.client.ServerProxy("http://127.0.0.1", transport).supervisor

    def pids(self) -> dict[str, int]:
        """Return the pid of every process supervisord runs, by name; 0 if not running."""
        return {p["name"]: p["pid"] for p in self.supervisor().getAllProcessInfo()}

    def running_again(self, name: str, old_pid: int) -> bool:
        """Return True once process `name` runs with a pid other than `old_pid`."""
        info = self.supervisor().getProcessInfo(name)
        started = info["statename"] in ("STARTING", "RUNNING")
        return started and info["pid"] not in (0, old_pid) and psutil.pid_exists(info["pid"])

    def active_beat(self) -> str:
        """Return the name of the beat that holds the lease ("host:pid:suffix")."""
        with redis.Redis.from_url(self.redis_url, decode_responses=True) as r:
            holder = str(r.get(LEADER_KEY))
        pid = int(holder.split(":")[1])
        return next(name for name, p in self.pids().items() if p == pid)

    def fresh(self) -> bool:
        """Return True when /healthz says ok with data polled in the last interval or two."""
        try:
            health = self.stack.health()
        except (httpx.HTTPError, ValueError):  # not answering yet, or not in JSON
            return False
        ages = [t["data_age_seconds"] for t in health["tenants"].values()]
        return bool(health["ok"]) and all(age is not None and age < FRESH for age in ages)

    def children(self) -> list[psutil.Process]:
        """Return every process started for this deployment, by its environment."""
        found = []
        for process in psutil.process_iter():
            try:
                if process.environ().get("WALLBOARD_RUN_DIR") == str(self.run_dir):
                    found.append(process)
            except (psutil.NoSuchProcess, psutil.AccessDenied, psutil.ZombieProcess):
                continue
        return found

    def interrupt(self, timeout: float) -> None:
        """Press Ctrl-C: SIGINT to make's process group; wait until make has exited."""
        os.killpg(self.make.pid, signal.SIGINT)
        self.make.wait(timeout)

    def tear_down(self) -> None:
        if self.make.poll() is None:
            try:
                self.interrupt(timeout=60)
            except subprocess.TimeoutExpired:
                os.killpg(self.make.pid, signal.SIGKILL)
                self.make.wait()
        for process in self.children():  # only if Ctrl-C failed: leave nothing behind
            process.kill()

    def wait(self, condition: Callable[[], object], timeout: float, what: str) -> None:
        """Wait until `condition` holds; past `timeout`, fail with the end of the log."""
        try:
            wait_until(condition, timeout=timeout, what=what)
        except TimeoutError as timed_out:
            raise TimeoutError(f"{timed_out}\n{self.log_tail()}") from None

    def log_tail(self, lines: int = 80) -> str:
        text = self.log_path.read_text(errors="replace").splitlines()
        return "--- last lines of make run ---\n" + "\n".join(text[-lines:])


@pytest.fixture(scope="module")
def deployment(
    tmp_path_factory: pytest.TempPathFactory, base_env: dict[str, str]
) -> Iterator[Deployment]:
    deployment = Deployment(tmp_path_factory.mktemp("make-run"), base_env)
    try:
        deployment.wait(
            lambda: _all_running(deployment) and deployment.fresh(), 90, "make run to poll"
        )
        yield deployment
    finally:
        deployment.tear_down()


def _all_running(deployment: Deployment) -> bool:
    if deployment.make.poll() is not None:
        raise RuntimeError(f"make run exited\n{deployment.log_tail()}")
    try:
        return all(deployment.pids().get(name) for name in PROCESSES)
    except OSError:  # supervisord's socket is not there yet
        return False


async def next_delta(deployment: Deployment, deadline: float) -> dict[str, Any]:
    """Open the demo board's socket (again, until the web server takes it) and return
    the first delta it receives before `deadline` (time.monotonic())."""
    while True:
        try:
            async with asyncio.timeout(deadline - time.monotonic()):
                async with await open_board(deployment.stack) as ws:
                    async for text in ws:
                        message: dict[str, Any] = json.loads(text)
                        if message["type"] == "delta":
                            return message
        except (OSError, httpx.HTTPError, websockets.InvalidHandshake, websockets.ConnectionClosed):
            # TimeoutError is an OSError too: past the deadline, give up.
            if time.monotonic() >= deadline:
                raise
        await asyncio.sleep(0.2)


@pytest.mark.parametrize("name", ["redis", "simulator", "web", "worker", "beat"])
async def test_a_killed_process_runs_again_within_5_s_and_boards_update_within_20_s(
    deployment: Deployment, name: str
) -> None:
    deployment.wait(deployment.fresh, UPDATES_WITHIN, "fresh data before the kill")
    victim = deployment.active_beat() if name == "beat" else name
    before = deployment.pids()

    os.kill(before[victim], signal.SIGKILL)
    killed = time.monotonic()
    running_again = lambda: deployment.running_again(victim, before[victim])  # noqa: E731
    deployment.wait(running_again, 2 * RESTART_WITHIN, f"{victim} to run again")
    restarted_after = time.monotonic() - killed
    deployment.wait(deployment.fresh, UPDATES_WITHIN, f"fresh data after killing {victim}")
    await next_delta(deployment, deadline=killed + UPDATES_WITHIN)
    updated_after = time.monotonic() - killed

    assert restarted_after < RESTART_WITHIN, f"{victim} ran again after {restarted_after:.1f} s"
    assert updated_after < UPDATES_WITHIN, f"boards updated after {updated_after:.1f} s"
    others = {n: pid for n, pid in deployment.pids().items() if n != victim}
    assert others == {n: pid for n, pid in before.items() if n != victim}, "the others ran on"


def test_the_output_of_each_process_is_prefixed_by_its_name(deployment: Deployment) -> None:
    log = deployment.log_path.read_text(errors="replace")

    for name in PROCESSES:
        assert re.search(rf"^\d\d:\d\d:\d\d {re.escape(name)} +\| \S", log, re.MULTILINE), name


def test_a_fresh_make_run_makes_its_own_keys_and_every_process_uses_them(
    deployment: Deployment,
) -> None:
    keys = {name: deployment.run_dir / name for name in ("secret_key", "encryption_key")}
    with sqlite3.connect(deployment.run_dir / "db.sqlite3") as db:
        [(stored,)] = db.execute("SELECT secret_encrypted FROM stats_tenant").fetchall()

    assert {name: stat.S_IMODE(path.stat().st_mode) for name, path in keys.items()} == {
        "secret_key": 0o600,
        "encryption_key": 0o600,
    }
    # seed_demo encrypted the demo secret with the key made in the run folder, and the
    # workers that poll with it (fresh data, as the fixture waited for) read it too.
    fernet = Fernet(keys["encryption_key"].read_text().strip())
    assert fernet.decrypt(stored.encode()) == b"demo-secret"
    assert deployment.fresh()


def test_ctrl_c_stops_every_process(deployment: Deployment) -> None:
    pids = deployment.pids()
    assert len(deployment.children()) >= len(PROCESSES)

    deployment.interrupt(timeout=60)

    assert not [pid for pid in pids.values() if psutil.pid_exists(pid)]
    assert deployment.children() == [], "no process of `make run` is left running"
