"""Tenants benchmark: N tenants polled every 2 s by the worker-and-beat set-up of
`make run` (two Celery workers of 4 threads, two beats, and a web process with no
sockets, which `make run` runs beside them), each tenant with one board
(the demo overview), against one simulator serving the N tenants (`--tenants N`), over
HTTPS by default (`--tls`: a certificate made at start, trusted through
WALLBOARD_UPSTREAM_CA_FILE).

Reports, over the measurement window:
- poll start lag: from the start of a tenant's slot (its grid of the poll interval) to
  the simulator receiving the poll's data request, p50/p99/max (same machine, same
  clock);
- missed slots: whole slots of the window in which a tenant's data was not requested
  (and the tenants not polled at all in the window);
- CPU per poll: the workers' and beats' CPU time over the window, per data request
  (and each process's CPU in % of one core, the simulator's and Redis' too: on one
  machine they share its cores with the poller), and how busy the machine's cores
  were in all (other programs included) with its load average;
- what the product itself says of the window: slots missed
  (`wallboard_slots_missed_total`) and, at the last round, the longest any tenant had
  waited since its last poll (`wallboard_poll_wait_max_seconds`);
- Redis operations per poll: Redis' INFO commandstats calls over the window, per data
  request (the broker's, the locks', the snapshots', the channel layer's);
- TLS handshakes (connections the simulator accepted) per poll: `--keepalive 0` makes
  a new connection for every request, as before connections were kept.

    .venv/bin/python benchmarks/tenants.py --tenants 10
    .venv/bin/python benchmarks/tenants.py --tenants 100 --keepalive 0   # no connection kept
    .venv/bin/python benchmarks/tenants.py --tenants 500 --json out.json

Start-up builds every simulated tenant (about 0.2 s each with the short `--warmup`
used here) and waits until each has been polled once.
"""

from __future__ import annotations

import argparse
import json
import math
import os
import resource
import ssl
import statistics
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import httpx
import psutil
import redis

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tests.support import PYTHON, Process, free_port, start_redis, wait_until  # noqa: E402

DATA = ("GET", "/statsapi/subscription/data")
STALL = 30.0  # seconds without a newly polled tenant before measuring anyway

# Make N tenants, each with a board like the demo overview, for the simulator's
# tenant-k; the demo tenant itself is disabled.
SEED = """
from boards.models import Board
from bpcc.models import Tenant
from screens.demo import DEMO_WIDGETS

Tenant.objects.update(enabled=False)
for k in range(1, COUNT + 1):
    tenant = Tenant(
        name=f"tenant-{k}", base_url=f"{BASE}/t/tenant-{k}", client_id=f"wallboard-demo-{k}",
        poll_interval=INTERVAL,
    )
    tenant.client_secret = f"demo-secret-{k}"
    tenant.save()
    Board.objects.create(slug=f"t{k}", title=f"Tenant {k}", tenant=tenant, widgets=DEMO_WIDGETS)
"""


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--tenants", type=int, default=10)
    parser.add_argument("--seconds", type=float, default=30, help="measurement window")
    parser.add_argument("--interval", type=float, default=2, help="poll interval")
    parser.add_argument(
        "--keepalive", type=float, default=30, help="WALLBOARD_UPSTREAM_KEEPALIVE (0: none)"
    )
    parser.add_argument(
        "--server-keepalive",
        type=float,
        default=60,
        help="seconds the simulator keeps an idle connection (uvicorn's default is 5)",
    )
    parser.add_argument("--no-tls", dest="tls", action="store_false", help="plain HTTP")
    parser.add_argument("--json", type=Path, help="also write the results here")
    return parser.parse_args()


class Deployment:
    """Redis, the simulator with N tenants, two workers and two beats."""

    def __init__(self, workdir: Path, args: argparse.Namespace) -> None:
        self.workdir = workdir
        self.processes: dict[str, Process] = {}
        env = {k: v for k, v in os.environ.items() if k != "DJANGO_SETTINGS_MODULE"}
        self.processes["redis"], redis_url = start_redis(workdir, env)
        self.redis = redis.Redis.from_url(redis_url)
        port = free_port()
        scheme = "https" if args.tls else "http"
        self.url = f"{scheme}://127.0.0.1:{port}"
        tls = ["--tls", "--tls-dir", str(workdir / "tls")] if args.tls else []
        simulator = [PYTHON, "-m", "simulator", "--port", str(port), "--tenants"]
        simulator += [
            str(args.tenants),
            "--warmup",
            "60",
            "--keep-alive",
            str(args.server_keepalive),
        ]
        simulator += tls
        self.processes["simulator"] = Process("simulator", simulator, workdir, env)
        self.ca = str(workdir / "tls" / "ca.pem") if args.tls else ""
        self.verify: ssl.SSLContext | bool = True
        wait_until(
            self._simulator_up,
            timeout=60 + args.tenants,
            what="the simulator's tenants",
            processes=self.all(),
        )
        self.env = {
            **env,
            "WALLBOARD_REDIS_URL": redis_url,
            "WALLBOARD_DB_PATH": str(workdir / "db.sqlite3"),
            "WALLBOARD_POLL_INTERVAL": str(args.interval),
            "WALLBOARD_UPSTREAM_CA_FILE": self.ca,
            "WALLBOARD_UPSTREAM_KEEPALIVE": str(args.keepalive),
            "WALLBOARD_LOG_LEVEL": "WARNING",
        }
        for command in (["migrate", "--noinput"], ["seed_demo"]):
            self._manage(command)
        given = f"BASE, COUNT, INTERVAL = {self.url!r}, {args.tenants}, {args.interval}\n"
        self._manage(["shell", "-c", given + SEED])
        bin_dir = Path(PYTHON).parent
        celery = [str(bin_dir / "celery"), "--app", "wallboard"]
        for name in ("worker-1", "worker-2"):
            self._start(name, [*celery, "worker", "--loglevel", "WARNING", "--pool", "threads",
                               "--concurrency", "4", "--without-gossip", "--without-mingle",
                               "--hostname", f"{name}@%h"])  # fmt: skip
        for name in ("beat-1", "beat-2"):
            self._start(name, [*celery, "beat", "--loglevel", "WARNING"])
        self._start("web", [PYTHON, "-m", "wallboard.web", "--port", str(free_port())])

    def _simulator_up(self) -> bool:
        if self.ca and not Path(self.ca).exists():
            return False
        if self.ca:
            self.verify = ssl.create_default_context(cafile=self.ca)
        try:
            return httpx.get(f"{self.url}/_sim/tenants", verify=self.verify, timeout=2).is_success
        except httpx.TransportError:
            return False

    def _manage(self, command: list[str]) -> None:
        name = f"manage-{command[0]}"
        process = Process(name, [PYTHON, "manage.py", *command], self.workdir, self.env)
        if process.popen.wait() != 0:
            raise RuntimeError(process.log_tail())

    def _start(self, name: str, args: list[str]) -> None:
        self.processes[name] = Process(name, args, self.workdir, self.env)

    def all(self) -> list[Process]:
        return list(self.processes.values())

    def sim(self, path: str) -> Any:
        return httpx.get(f"{self.url}{path}", verify=self.verify, timeout=30).json()

    def os_processes(self) -> dict[str, list[psutil.Process]]:
        """Return each process's OS processes (itself and its children), by name."""
        found: dict[str, list[psutil.Process]] = {}
        for name, process in self.processes.items():
            proc = psutil.Process(process.popen.pid)
            found[name] = [proc, *proc.children(True)]
        return found

    def stop(self) -> None:
        # Workers first: the simulator then has no kept connection to wait for.
        for process in reversed(self.all()):
            process.stop()


def polled(deployment: Deployment) -> int:
    """Return how many tenants have answered a poll with data."""
    keys = list(deployment.redis.scan_iter("wb:tenant:*:health", count=1000))
    pipe = deployment.redis.pipeline(transaction=False)
    for key in keys:
        pipe.hget(key, "status")
    return sum(status == b"ok" for status in pipe.execute())


def wait_for_first_polls(deployment: Deployment, count: int) -> int:
    """Return how many tenants were polled once every tenant was, or once no more had
    been for `STALL` seconds: past what the workers can do, the polls sent last in each
    slot expire every time, and those tenants are never polled."""
    best, since = 0, time.monotonic()
    while best < count and time.monotonic() - since < STALL:
        for process in deployment.all():
            process.check_running()
        now = polled(deployment)
        if now > best:
            best, since = now, time.monotonic()
        time.sleep(1)
    return best


def cpu_seconds(processes: list[psutil.Process]) -> float:
    return sum(p.cpu_times().user + p.cpu_times().system for p in processes)


def redis_calls(r: redis.Redis) -> int:
    stats = r.info("commandstats")
    return sum(int(v["calls"]) for v in stats.values())


def percentile(values: list[float], q: float) -> float:
    if len(values) < 2:
        return values[0] if values else math.nan
    return statistics.quantiles(values, n=1000, method="inclusive")[int(q * 10) - 1]


def run(args: argparse.Namespace) -> dict[str, Any]:
    with tempfile.TemporaryDirectory(prefix="tenants-") as tmp:
        started = time.monotonic()
        deployment = Deployment(Path(tmp), args)
        try:
            first_polled = wait_for_first_polls(deployment, args.tenants)
            set_up = time.monotonic() - started
            time.sleep(2 * args.interval)  # tokens and subscriptions are made: steady state
            figures = measure(deployment, args)
            return {"set_up_seconds": round(set_up), "first_polled": first_polled, **figures}
        finally:
            deployment.stop()


def slots_missed(r: redis.Redis) -> int:
    return int(r.hget("wb:metrics:counter:slots_missed", "") or 0)


def measure(deployment: Deployment, args: argparse.Namespace) -> dict[str, Any]:
    named = deployment.os_processes()
    cpu_before = {name: cpu_seconds(ps) for name, ps in named.items()}
    calls_before = redis_calls(deployment.redis)
    missed_before = slots_missed(deployment.redis)
    accepted_before = deployment.sim("/_sim/connections")["accepted"]
    machine_before = psutil.cpu_times()
    window_start = time.time()
    time.sleep(args.seconds)
    window_end = time.time()
    machine_after = psutil.cpu_times()
    load = os.getloadavg()
    accepted_after = deployment.sim("/_sim/connections")["accepted"] - 1  # the look's own
    calls_after = redis_calls(deployment.redis)
    product_missed = slots_missed(deployment.redis) - missed_before
    last_round = deployment.redis.hgetall("wb:polls:round")
    cpu_named = {name: cpu_seconds(ps) - cpu_before[name] for name, ps in named.items()}
    cpu: dict[str, float] = {}
    for name, seconds in cpu_named.items():
        role = name.split("-")[0]
        cpu[role] = cpu.get(role, 0.0) + seconds
    lags, missed, slots, unpolled = [], 0, 0, 0
    first = math.ceil(window_start / args.interval)
    last = math.floor(window_end / args.interval)  # whole slots: first … last - 1
    for k in range(1, args.tenants + 1):
        entries = deployment.sim(f"/t/tenant-{k}/_sim/requests?since={window_start}")["requests"]
        times = [e["started"] for e in entries if (e["method"], e["path"]) == DATA]
        times = [t for t in times if t < window_end]
        lags += [t - math.floor(t / args.interval) * args.interval for t in times]
        seen = {math.floor(t / args.interval) for t in times}
        unpolled += not seen
        slots += last - first
        missed += sum(1 for slot in range(first, last) if slot not in seen)
    polls = len(lags)
    elapsed = window_end - window_start
    poller_cpu = cpu.get("worker", 0.0) + cpu.get("beat", 0.0)
    ms = [1000 * lag for lag in lags]
    return {
        "tenants": args.tenants,
        "poll_interval_s": args.interval,
        "tls": args.tls,
        "keepalive_s": args.keepalive,
        "server_keepalive_s": args.server_keepalive,
        "window_s": round(elapsed, 1),
        "polls": polls,
        "slots": slots,
        "missed_slots": missed,
        "tenants_not_polled_in_window": unpolled,
        "start_lag_ms": {
            "p50": round(statistics.median(ms), 1) if ms else None,
            "p99": round(percentile(ms, 99), 1),
            "max": round(max(ms), 1) if ms else None,
        },
        "cpu_ms_per_poll": round(1000 * poller_cpu / max(polls, 1), 2),
        "redis_ops_per_poll": round((calls_after - calls_before) / max(polls, 1), 1),
        # Over TLS, each new connection is a TLS handshake.
        "new_connections_per_poll": round((accepted_after - accepted_before) / max(polls, 1), 3),
        "product_says": {
            "slots_missed": product_missed,
            "last_round_wait_max_s": float(last_round.get(b"wait_max", 0)),
        },
        "cpu_percent_of_one_core": {
            role: round(100 * seconds / elapsed, 1) for role, seconds in cpu.items()
        },
        "cpu_percent_of_one_core_by_process": {
            name: round(100 * seconds / elapsed, 1) for name, seconds in cpu_named.items()
        },
        "machine": {
            "cores": psutil.cpu_count(),
            "busy_percent_of_all_cores": round(busy_percent(machine_before, machine_after), 1),
            "load_average_1m": round(load[0], 1),
        },
    }


def busy_percent(before: Any, after: Any) -> float:
    """Return how busy the machine's cores were between two `psutil.cpu_times()`."""
    total = sum(after) - sum(before)
    idle = (after.idle + getattr(after, "iowait", 0)) - (before.idle + getattr(before, "iowait", 0))
    return 100 * (total - idle) / total if total else 0.0


def main() -> None:
    args = parse_args()
    _, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    resource.setrlimit(resource.RLIMIT_NOFILE, (hard, hard))
    results = run(args)
    print(json.dumps(results, indent=2))
    if args.json:
        args.json.write_text(json.dumps(results, indent=2) + "\n")


if __name__ == "__main__":
    main()
