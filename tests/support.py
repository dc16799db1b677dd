"""Helpers for tests that run real processes: free ports, start, wait, stop."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Callable, Sequence
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parent.parent
PYTHON = sys.executable
BIN = Path(PYTHON).parent


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port: int = s.getsockname()[1]
        return port


class Process:
    """A child process whose output goes to a log file; stopped with its whole group."""

    def __init__(self, name: str, args: list[str], log_dir: Path, env: dict[str, str]) -> None:
        self.name = name
        self.log_path = log_dir / f"{name}.log"
        self._log = self.log_path.open("wb")
        self.popen = subprocess.Popen(
            args,
            cwd=ROOT,
            env=env,
            stdout=self._log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )

    def log_tail(self, lines: int = 40) -> str:
        text = self.log_path.read_text(errors="replace").splitlines()
        return f"--- last lines of {self.name} ---\n" + "\n".join(text[-lines:])

    def check_running(self) -> None:
        if self.popen.poll() is not None:
            raise RuntimeError(
                f"{self.name} exited with {self.popen.returncode}\n{self.log_tail()}"
            )

    def stop(self, sig: int = signal.SIGTERM, timeout: float = 10) -> None:
        if self.popen.poll() is None:
            os.killpg(self.popen.pid, sig)
            try:
                self.popen.wait(timeout)
            except subprocess.TimeoutExpired:
                os.killpg(self.popen.pid, signal.SIGKILL)
                self.popen.wait()
        self._log.close()


def wait_until(
    condition: Callable[[], object],
    *,
    timeout: float,
    what: str,
    processes: Sequence[Process] = (),
) -> object:
    """Return the first truthy result of `condition`, checked every 0.1 s until timeout."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        for process in processes:
            process.check_running()
        result = condition()
        if result:
            return result
        time.sleep(0.1)
    tails = "\n".join(p.log_tail() for p in processes)
    raise TimeoutError(f"timed out after {timeout} s waiting for {what}\n{tails}")


def http_ok(url: str) -> Callable[[], bool]:
    """Return a check that `url` answers at all (any status)."""

    def check() -> bool:
        try:
            httpx.get(url, timeout=1)
        except httpx.TransportError:
            return False
        return True

    return check


def sim_counts(simulator_url: str) -> dict[str, int]:
    """Return how many requests the simulator has served, by "METHOD /path"."""
    counts: dict[str, int] = httpx.get(f"{simulator_url}/_sim/counters", timeout=10).json()[
        "counts"
    ]
    return counts


def start_redis(log_dir: Path, env: dict[str, str], port: int | None = None) -> tuple[Process, str]:
    """Start redis-server (on `port`, or a free one) and wait until it answers."""
    port = port or free_port()
    args = [
        "redis-server",
        "--port",
        str(port),
        "--bind",
        "127.0.0.1",
        "--save",
        "",
        "--appendonly",
        "no",
        "--dir",
        str(log_dir),
    ]
    process = Process("redis", args, log_dir, env)
    wait_until(lambda: _redis_ping(port), timeout=10, what="redis", processes=[process])
    return process, f"redis://127.0.0.1:{port}/0"


def _redis_ping(port: int) -> bool:
    try:
        with socket.create_connection(("127.0.0.1", port), timeout=0.5) as s:
            s.sendall(b"PING\r\n")
            return s.recv(16).startswith(b"+PONG")
    except OSError:
        return False


def simulator_command(port: int, *extra: str) -> list[str]:
    return [PYTHON, "-m", "simulator", "--port", str(port), *extra]


def start_simulator(
    log_dir: Path, env: dict[str, str], *extra: str, port: int | None = None
) -> tuple[Process, str]:
    """Start the simulator (on `port`, or a free one) and wait until it answers."""
    port = port or free_port()
    process = Process("simulator", simulator_command(port, *extra), log_dir, env)
    url = f"http://127.0.0.1:{port}"
    wait_until(http_ok(f"{url}/_sim/state"), timeout=20, what="the simulator", processes=[process])
    return process, url
