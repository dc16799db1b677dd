"""Fan-out benchmark: N WebSocket clients on one board, against a deployment like
`make run` (Redis, the simulator, W web processes (wallboard/web.py, or daphne to
compare), two Celery workers, two beats).

Reports, for the deltas every client receives during the measurement window:
- latency from "poll response received" (the poller's `upstream_time` in each delta)
  to "client received" (the client's clock; same machine, same clock), p50/p90/p99/max;
- server memory per idle connection: the web processes' RSS growth from before the
  clients connect to after, divided by N;
- CPU of each server role over the window, in % of one core.

The clients run in their own processes (`--client-procs`) on the same 2-core machine,
so they compete with the server for CPU: the figures are an upper bound of what a
separate load generator would see. Each client is websockets' sans-I/O protocol on a
plain uvloop transport, and stamps a message when its bytes arrive, as a browser would
have them; a client with a task per socket took more CPU than the server it measured.

    .venv/bin/python benchmarks/fanout.py --clients 1000 --web 2
    .venv/bin/python benchmarks/fanout.py --clients 5000 --web 2 --json out.json
    .venv/bin/python benchmarks/fanout.py --clients 5000 --server daphne
    .venv/bin/python benchmarks/fanout.py --clients 5000 --slow-clients 10

`--slow-clients K` adds K sockets on the same board that never read: each takes its
snapshot, stops reading, and asks for a resync several times a second, so the
server's sends to it back up. The server closes such a socket when it falls too far
behind (stats/outbox.py); the slow client then connects again and does the same, for
the whole run. The figures are still those of the N reading clients.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import cProfile
import json
import multiprocessing
import os
import re
import resource
import statistics
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import httpx
import psutil
import uvloop
from websockets.frames import Opcode
from websockets.protocol import State

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tests.e2e.clients import LeanSocket  # noqa: E402
from tests.support import (  # noqa: E402
    PYTHON,
    Process,
    free_port,
    start_redis,
    start_simulator,
    wait_until,
)

UPSTREAM_TIME = re.compile(rb'"upstream_time": ([0-9.]+)')
PASSWORD = "benchmark-password"


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--clients", type=int, default=1000)
    parser.add_argument("--web", type=int, default=2, help="web server processes")
    parser.add_argument(
        "--server", choices=sorted(SERVERS), default="uvicorn", help="the web server"
    )
    parser.add_argument("--client-procs", type=int, default=2, help="client processes")
    parser.add_argument("--seconds", type=float, default=30, help="measurement window")
    parser.add_argument("--interval", type=float, default=2, help="poll interval")
    parser.add_argument(
        "--slow-clients", type=int, default=0, help="sockets on the board that never read"
    )
    parser.add_argument("--json", type=Path, help="also write the results here")
    parser.add_argument(
        "--profile", type=Path, help="run the web processes under cProfile, writing here"
    )
    return parser.parse_args()


# --- the deployment ---------------------------------------------------------------------


class Deployment:
    """The processes of `make run`, with several web processes on their own ports."""

    def __init__(
        self,
        workdir: Path,
        web: int,
        interval: float,
        server: str = "uvicorn",
        profile: Path | None = None,
    ) -> None:
        self.workdir = workdir
        self.processes: dict[str, Process] = {}
        env = {k: v for k, v in os.environ.items() if k != "DJANGO_SETTINGS_MODULE"}
        self.processes["redis"], redis_url = start_redis(workdir, env)
        self.processes["simulator"], sim = start_simulator(workdir, env, "--speed", "5")
        self.env = {
            **env,
            "WALLBOARD_REDIS_URL": redis_url,
            "WALLBOARD_DB_PATH": str(workdir / "db.sqlite3"),
            "WALLBOARD_POLL_INTERVAL": str(interval),
            "WALLBOARD_DEMO_TENANT_URL": sim,
            "WALLBOARD_DEMO_PASSWORD": PASSWORD,
            "WALLBOARD_LOG_LEVEL": "WARNING",
        }
        for command in (["migrate", "--noinput"], ["seed_demo"]):
            Process(
                f"manage-{command[0]}", [PYTHON, "manage.py", *command], workdir, self.env
            ).popen.wait()
        self.ports = [free_port() for _ in range(web)]
        bin_dir = Path(PYTHON).parent
        for i, port in enumerate(self.ports):
            command = web_command(bin_dir, server, port)
            if profile is not None:
                profile.mkdir(parents=True, exist_ok=True)
                command = profiled_web_command(port, profile / f"web-{i}.prof")
            self._start(f"web-{i}", command)
        celery = [str(bin_dir / "celery"), "--app", "wallboard"]
        for name in ("worker-1", "worker-2"):
            self._start(name, [*celery, "worker", "--loglevel", "WARNING", "--pool", "threads",
                               "--concurrency", "4", "--hostname", f"{name}@%h"])  # fmt: skip
        for name in ("beat-1", "beat-2"):
            self._start(name, [*celery, "beat", "--loglevel", "WARNING"])
        wait_until(self._healthy, timeout=90, what="the first poll", processes=self.all())

    def _start(self, name: str, args: list[str]) -> None:
        self.processes[name] = Process(name, args, self.workdir, self.env)

    def all(self) -> list[Process]:
        return list(self.processes.values())

    def url(self, i: int) -> str:
        return f"http://127.0.0.1:{self.ports[i % len(self.ports)]}"

    def _healthy(self) -> bool:
        try:
            return bool(httpx.get(f"{self.url(0)}/healthz", timeout=2).json()["ok"])
        except (httpx.HTTPError, ValueError, KeyError):
            return False

    def login_cookie(self) -> str:
        with httpx.Client(base_url=self.url(0)) as client:
            client.get("/accounts/login/")
            client.post(
                "/accounts/login/",
                data={
                    "username": "demo",
                    "password": PASSWORD,
                    "csrfmiddlewaretoken": client.cookies["csrftoken"],
                },
            )
            return "; ".join(f"{k}={v}" for k, v in client.cookies.items())

    def role_processes(self) -> dict[str, list[psutil.Process]]:
        roles: dict[str, list[psutil.Process]] = {}
        for name, process in self.processes.items():
            role = name.split("-")[0]
            proc = psutil.Process(process.popen.pid)
            roles.setdefault(role, []).extend([proc, *proc.children(recursive=True)])
        return roles

    def stop(self) -> None:
        for process in reversed(self.all()):
            process.stop()


def broadcast_histogram(url: str) -> dict[str, float]:
    """Return the server's broadcast-latency histogram: cumulative counts by bucket."""
    text = httpx.get(f"{url}/metrics", timeout=10).text
    found = re.findall(r'^wallboard_broadcast_seconds_bucket\{le="([^"]+)"\} (\S+)$', text, re.M)
    return {bound: float(count) for bound, count in found}


def histogram_quantile(before: dict[str, float], after: dict[str, float], q: float) -> str:
    """Return the bucket bound below which a fraction q of the new observations fall."""
    counts = {bound: after[bound] - before.get(bound, 0) for bound in after}
    total = counts.get("+Inf", 0)
    for bound, count in counts.items():
        if total and count >= q * total:
            return f"<= {float(bound) * 1000:g} ms" if bound != "+Inf" else "> 10 s"
    return "n/a"


def rss(processes: list[psutil.Process]) -> int:
    return sum(p.memory_info().rss for p in processes)


def cpu_seconds(processes: list[psutil.Process], kernel_only: bool = False) -> float:
    total = 0.0
    for p in processes:
        times = p.cpu_times()
        total += times.system + (0 if kernel_only else times.user)
    return total


SERVERS = {
    # What `make run` runs (wallboard/web.py).
    "uvicorn": ["python", "-m", "wallboard.web", "--port", "{port}"],
    # For comparison: what it ran before.
    "daphne": ["daphne", "--bind", "127.0.0.1", "--port", "{port}", "wallboard.asgi:application"],
}


# uvicorn raises the SIGTERM it stopped on again once it has stopped; exiting on it
# instead lets cProfile write its figures.
PROFILED = """
import cProfile, signal, sys
signal.signal(signal.SIGTERM, lambda *_: sys.exit(0))
from wallboard.web import main
cProfile.run("main(['--port', '{port}'])", {output!r})
"""


def profiled_web_command(port: int, output: Path) -> list[str]:
    """Return the command of one uvicorn web process run under cProfile."""
    return [PYTHON, "-c", PROFILED.format(port=port, output=str(output))]


def web_command(bin_dir: Path, server: str, port: int) -> list[str]:
    """Return the command of one web process (named web-N)."""
    program, *options = SERVERS[server]
    return [str(bin_dir / program), *(o.format(port=port) for o in options)]


# --- the clients ------------------------------------------------------------------------


def client_process(
    urls: list[str],
    cookie: str,
    ready: Any,
    window: Any,
    seconds: float,
    out: Any,
    profile: Path | None = None,
) -> None:
    """Open one socket per URL and read every message as it comes; once the window
    opens, record the latency of each delta polled inside it."""
    _raise_file_limit()
    with cProfile.Profile() if profile else contextlib.nullcontext() as profiler:
        out.put(uvloop.run(_clients(urls, cookie, ready, window, seconds)))
    if profile and profiler:
        profiler.dump_stats(profile / f"clients-{os.getpid()}.prof")


class Client(LeanSocket):
    """One board socket (tests/e2e/clients.py's lean client): records the latency of
    each delta polled inside the measurement window; the clock is the same machine's
    as Redis', which the workers stamp `upstream_time` with.

    The load generator shares the server's two cores, so what it spends on a message
    is taken from the server: websockets does the opening handshake, and the frames
    after it are read here (a server's frames are unmasked, RFC 6455 §5.2), which
    costs about half of what websockets' general parser does per message.
    """

    def __init__(self, url: str, cookie: str, window: Any, out: list[float]) -> None:
        super().__init__(
            url.replace("http", "ws", 1) + "/ws/boards/demo/", cookie=cookie, origin=url
        )
        self.window = window
        self.out = out
        self.head = b""  # the handshake's answer so far
        self.rest = b""  # the start of a frame not yet whole

    # Messages this process's clients received, for the CPU each costs.
    received = 0

    def data_received(self, data: bytes) -> None:
        received = time.time()
        if self.ws.state is State.CONNECTING:
            self.head += data
            end = self.head.find(b"\r\n\r\n")
            if end < 0:
                return
            self.ws.receive_data(self.head[: end + 4])
            data, self.head = self.head[end + 4 :], b""
            if self.ws.state is not State.OPEN:  # refused: the server closes
                return
        self._frames(self.rest + data if self.rest else data, received)

    def _frames(self, data: bytes, received: float) -> None:
        at, end = 0, len(data)
        while end - at >= 2:
            opcode, length, start = data[at] & 0x0F, data[at + 1] & 0x7F, at + 2
            if length >= 126:
                size = 2 if length == 126 else 8
                if end - start < size:
                    break
                length, start = int.from_bytes(data[start : start + size]), start + size
            if end - start < length:
                break
            at = start + length
            if opcode == Opcode.TEXT.value:
                self._message(data[start:at], received)
            elif opcode == Opcode.PING.value:
                self.ws.send_pong(data[start:at])
                self._flush()
            elif opcode == Opcode.CLOSE.value:
                self.close()
        self.rest = data[at:]

    def _message(self, message: bytes, received: float) -> None:
        # The snapshot (or "waiting") comes first; the socket is then open.
        super()._message(message, received)
        Client.received += 1
        if not self.window.value or not message.startswith(b'{"type": "delta"'):
            return
        found = UPSTREAM_TIME.search(message)
        if found and float(found.group(1)) >= self.window.value:
            self.out.append(received - float(found.group(1)))


async def _clients(
    urls: list[str], cookie: str, ready: Any, window: Any, seconds: float
) -> tuple[list[float], float, int]:
    """Return the latencies seen, the CPU seconds this client process used, and the
    messages its clients received, in the window."""
    latencies: list[float] = []
    clients: list[Client] = []
    # What the clients read for every message: a plain float, not the shared value and
    # its lock.
    opened = _Closed()
    for batch in range(0, len(urls), 100):
        clients += await asyncio.gather(
            *(_open(u, cookie, opened, latencies) for u in urls[batch : batch + 100])
        )
    ready.put(len(clients))
    while not window.value:
        await asyncio.sleep(0.05)
    opened.value = window.value
    cpu_start, received_start = time.process_time(), Client.received
    await asyncio.sleep(window.value + seconds - time.time())
    cpu = time.process_time() - cpu_start
    for client in clients:
        client.close()
    return latencies, cpu, Client.received - received_start


async def _open(url: str, cookie: str, window: Any, out: list[float]) -> Client:
    """Return a client whose socket is open and has had its board's snapshot."""
    host, port = url.removeprefix("http://").split(":")
    _, client = await asyncio.get_running_loop().create_connection(
        lambda: Client(url, cookie, window, out), host, int(port)
    )
    async with asyncio.timeout(30):
        await client.opened
    return client


async def _warm_up(deployment: Deployment, cookie: str) -> None:
    """Open and close a few sockets per web process, so lazy imports and caches are not
    counted as memory of the measured connections."""
    urls = [deployment.url(i) for i in range(10 * len(deployment.ports))]
    clients = await asyncio.gather(*(_open(u, cookie, _Closed(), []) for u in urls))
    for client in clients:
        client.close()
    await asyncio.sleep(1)


class _Closed:
    """A measurement window, closed until its `value` is set to when it opened."""

    value = 0.0


def slow_process(urls: list[str], cookie: str, stop: Any, out: Any) -> None:
    """Keep one never-reading socket per URL open until `stop` is set; report how many
    times the server closed one."""
    out.put(uvloop.run(_slow_clients(urls, cookie, stop)))


class SlowClient(Client):
    """A board socket that reads its snapshot, then nothing more, while it keeps asking
    for the board again: every resync is a snapshot the server cannot deliver."""

    RESYNC_EVERY = 0.1

    def __init__(self, url: str, cookie: str) -> None:
        super().__init__(url, cookie, _Closed(), [])
        self.lost: asyncio.Future[None] = asyncio.get_running_loop().create_future()

    def _message(self, message: bytes, received: float) -> None:
        if not self.opened.done():
            self.opened.set_result(None)
            assert self.transport is not None
            self.transport.pause_reading()

    def connection_lost(self, exc: Exception | None) -> None:
        super().connection_lost(exc)
        if not self.lost.done():
            self.lost.set_result(None)

    async def nag(self) -> None:
        """Ask for a resync every RESYNC_EVERY seconds until the connection is lost."""
        while not self.lost.done():
            self.ws.send_text(b'{"type": "resync"}')
            self._flush()
            await asyncio.sleep(self.RESYNC_EVERY)


async def _slow_clients(urls: list[str], cookie: str, stop: Any) -> int:
    closed = 0

    async def keep_one(url: str) -> None:
        nonlocal closed
        while not stop.is_set():
            host, port = url.removeprefix("http://").split(":")
            _, client = await asyncio.get_running_loop().create_connection(
                lambda: SlowClient(url, cookie), host, int(port)
            )
            await client.opened
            nagging = asyncio.ensure_future(client.nag())
            while not client.lost.done() and not stop.is_set():
                await asyncio.wait([client.lost], timeout=0.2)
            nagging.cancel()
            if client.lost.done():
                closed += 1
            client.close()

    await asyncio.gather(*(keep_one(url) for url in urls))
    return closed


# --- the run ----------------------------------------------------------------------------


def percentile(values: list[float], q: float) -> float:
    return statistics.quantiles(values, n=1000, method="inclusive")[int(q * 10) - 1]


def run(args: argparse.Namespace) -> dict[str, Any]:
    with tempfile.TemporaryDirectory(prefix="fanout-") as tmp:
        deployment = Deployment(Path(tmp), args.web, args.interval, args.server, args.profile)
        try:
            return measure(deployment, args)
        finally:
            deployment.stop()


def measure(deployment: Deployment, args: argparse.Namespace) -> dict[str, Any]:
    cookie = deployment.login_cookie()
    roles = deployment.role_processes()
    asyncio.run(_warm_up(deployment, cookie))
    rss_before = rss(roles["web"])
    urls = [deployment.url(i) for i in range(args.clients)]
    ctx = multiprocessing.get_context("spawn")
    ready, out, window = ctx.Queue(), ctx.Queue(), ctx.Value("d", 0.0)
    shares = [urls[i :: args.client_procs] for i in range(args.client_procs)]
    procs = [
        ctx.Process(
            target=client_process,
            args=(s, cookie, ready, window, args.seconds, out, args.profile),
        )
        for s in shares
    ]
    stop_slow = ctx.Event()
    slow_urls = [deployment.url(i) for i in range(args.slow_clients)]
    slow = ctx.Process(target=slow_process, args=(slow_urls, cookie, stop_slow, out))
    connect_started = time.time()
    if args.slow_clients:
        slow.start()
    for p in procs:
        p.start()
    connected = sum(ready.get(timeout=600) for _ in procs)
    connect_seconds = time.time() - connect_started
    # Let the server settle before reading its idle memory, and let two heartbeats
    # flush the latency figures of the connection phase out of the way.
    time.sleep(11)
    rss_after = rss(roles["web"])
    cpu_before = {role: cpu_seconds(ps) for role, ps in roles.items()}
    web_kernel_before = cpu_seconds(roles["web"], kernel_only=True)
    server_before = broadcast_histogram(deployment.url(0))
    window_started = time.time()
    window.value = window_started
    latencies: list[float] = []
    client_cpu = 0.0
    messages = 0
    for _ in procs:
        seen, cpu_used, received = out.get(timeout=args.seconds + 120)
        latencies += seen
        client_cpu += cpu_used
        messages += received
    elapsed = time.time() - window_started
    used = {role: cpu_seconds(ps) - cpu_before[role] for role, ps in roles.items()}
    web_kernel = cpu_seconds(roles["web"], kernel_only=True) - web_kernel_before
    cpu = {role: round(100 * seconds / elapsed, 1) for role, seconds in used.items()}
    cpu["clients (load generator)"] = round(100 * client_cpu / args.seconds, 1)
    for p in procs:
        p.join()
    slow_closed = None
    if args.slow_clients:
        stop_slow.set()
        slow_closed = out.get(timeout=60)
        slow.join()
    time.sleep(2)  # the web processes flush their latency figures with each heartbeat
    server_after = broadcast_histogram(deployment.url(0))
    ms = [1000 * v for v in latencies]
    return {
        "clients": args.clients,
        "connected": connected,
        "slow_clients": args.slow_clients,
        "slow_clients_closed_by_server": slow_closed,
        "server": args.server,
        "web_processes": args.web,
        "poll_interval_s": args.interval,
        "connect_seconds": round(connect_seconds, 1),
        "deltas_received": len(ms),
        "latency_ms": {
            "p50": round(statistics.median(ms), 1),
            "p90": round(percentile(ms, 90), 1),
            "p99": round(percentile(ms, 99), 1),
            "max": round(max(ms), 1),
        },
        "server_side_latency": {
            "p50": histogram_quantile(server_before, server_after, 0.5),
            "p99": histogram_quantile(server_before, server_after, 0.99),
        },
        "web_rss_mb_before": round(rss_before / 2**20, 1),
        "web_rss_mb_after": round(rss_after / 2**20, 1),
        "kb_per_connection": round((rss_after - rss_before) / 1024 / args.clients, 1),
        "cpu_percent_of_one_core": cpu,
        # Steadier than latency on a shared machine: CPU time per message delivered.
        "messages_received": messages,
        "cpu_us_per_message": {
            "web": round(1e6 * used["web"] / max(messages, 1), 1),
            "web, in the kernel": round(1e6 * web_kernel / max(messages, 1), 1),
            "clients (load generator)": round(1e6 * client_cpu / max(messages, 1), 1),
        },
    }


def _raise_file_limit() -> None:
    """Allow as many open sockets as the system lets this process have."""
    _, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    resource.setrlimit(resource.RLIMIT_NOFILE, (hard, hard))


def main() -> None:
    args = parse_args()
    _raise_file_limit()
    results = run(args)
    print(json.dumps(results, indent=2))
    if args.json:
        args.json.write_text(json.dumps(results, indent=2) + "\n")


if __name__ == "__main__":
    main()
