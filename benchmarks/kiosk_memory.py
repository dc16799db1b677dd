"""Kiosk memory benchmark: one kiosk in Chromium for a long time, at one update a second.

Starts a deployment like `make run` (Redis, the simulator, daphne, a Celery worker and
beat) polling every second, opens a display link of the demo rotation (both demo boards,
every widget type, switching every `--seconds`) or of one board, and after a warm-up
(`--warmup`) samples through the Chrome DevTools Protocol, after a forced garbage
collection: JS heap used, DOM nodes, event listeners and documents. Reports the first
and last samples, the largest, and the heap's growth per hour fitted over the run
(least squares): a kiosk that leaks shows a steady slope, one that does not stays flat.

    .venv/bin/python benchmarks/kiosk_memory.py --minutes 30
    .venv/bin/python benchmarks/kiosk_memory.py --minutes 5 --board demo-wall --json out.json
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import httpx
from playwright.sync_api import CDPSession, sync_playwright

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tests.support import PYTHON, Process, free_port, start_redis, start_simulator, wait_until  # noqa: E402

CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-sync"]
METRICS = ("JSHeapUsedSize", "Nodes", "JSEventListeners", "Documents")


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--minutes", type=float, default=30, help="how long the kiosk runs")
    parser.add_argument("--every", type=float, default=60, help="seconds between samples")
    parser.add_argument(
        "--warmup", type=float, default=60, help="seconds before the first sample (data in)"
    )
    parser.add_argument("--board", help="show this board (slug) instead of the demo rotation")
    parser.add_argument("--seconds", type=int, default=20, help="seconds per board in rotation")
    parser.add_argument("--json", type=Path, help="also write the samples here")
    return parser.parse_args()


class Deployment:
    """Redis, the simulator, one daphne, one worker and one beat, polling every second."""

    def __init__(self, workdir: Path) -> None:
        self.workdir = workdir
        self.processes: list[Process] = []
        env = {k: v for k, v in os.environ.items() if k != "DJANGO_SETTINGS_MODULE"}
        redis, redis_url = start_redis(workdir, env)
        simulator, sim_url = start_simulator(workdir, env, "--speed", "5")
        self.processes += [redis, simulator]
        self.env = {
            **env,
            "WALLBOARD_REDIS_URL": redis_url,
            "WALLBOARD_DB_PATH": str(workdir / "db.sqlite3"),
            "WALLBOARD_POLL_INTERVAL": "1",
            "WALLBOARD_HEARTBEAT_SECONDS": "1",
            "WALLBOARD_DEMO_TENANT_URL": sim_url,
            "WALLBOARD_LOG_LEVEL": "WARNING",
        }
        self.manage("migrate", "--noinput")
        self.manage("seed_demo")
        self.url = f"http://127.0.0.1:{free_port()}"
        bin_dir = Path(PYTHON).parent
        port = self.url.rsplit(":", 1)[1]
        celery = [str(bin_dir / "celery"), "--app", "wallboard"]
        for name, args in (
            ("web", [str(bin_dir / "daphne"), "--port", port, "wallboard.asgi:application"]),
            ("worker", [*celery, "worker", "--pool", "threads", "--loglevel", "WARNING"]),
            ("beat", [*celery, "beat", "--loglevel", "WARNING"]),
        ):
            self.processes.append(Process(name, args, workdir, self.env))
        wait_until(self.healthy, timeout=90, what="the first poll", processes=self.processes)

    def manage(self, *args: str) -> str:
        process = Process(f"manage-{args[0]}", [PYTHON, "manage.py", *args], self.workdir, self.env)
        process.popen.wait()
        return process.log_path.read_text()

    def healthy(self) -> bool:
        try:
            return bool(httpx.get(f"{self.url}/healthz", timeout=2).json()["ok"])
        except (httpx.HTTPError, ValueError, KeyError):
            return False

    def kiosk_url(self, board: str | None, seconds: int) -> str:
        if board:
            path = self.manage("kiosk_link", "Benchmark TV", "--board", board)
        else:
            code = (
                "from screens.models import Rotation; "
                f"Rotation.objects.get(name='Demo rotation').entries.update(seconds={seconds})"
            )
            self.manage("shell", "-c", code)
            path = self.manage("kiosk_link", "Benchmark TV", "--rotation", "Demo rotation")
        return self.url + path.strip().splitlines()[-1]

    def stop(self) -> None:
        for process in reversed(self.processes):
            process.stop()


def sample(cdp: CDPSession, started: float) -> dict[str, float]:
    """Collect garbage, then read the page's memory and DOM metrics."""
    cdp.send("HeapProfiler.collectGarbage")
    metrics = {m["name"]: m["value"] for m in cdp.send("Performance.getMetrics")["metrics"]}
    return {"minute": round((time.time() - started) / 60, 2), **{k: metrics[k] for k in METRICS}}


def slope_per_hour(samples: list[dict[str, float]], key: str) -> float:
    """Return the least-squares growth of `key` per hour over the samples."""
    if len(samples) < 2:
        return 0.0
    fit = statistics.linear_regression([s["minute"] for s in samples], [s[key] for s in samples])
    return fit.slope * 60


def report(samples: list[dict[str, float]]) -> dict[str, Any]:
    first, last = samples[0], samples[-1]
    return {
        "minutes": last["minute"],
        "samples": len(samples),
        "heap_mb": {
            "start": round(first["JSHeapUsedSize"] / 2**20, 2),
            "end": round(last["JSHeapUsedSize"] / 2**20, 2),
            "max": round(max(s["JSHeapUsedSize"] for s in samples) / 2**20, 2),
            "growth_per_hour": round(slope_per_hour(samples, "JSHeapUsedSize") / 2**20, 3),
        },
        "dom_nodes": {
            "start": int(first["Nodes"]),
            "end": int(last["Nodes"]),
            "max": int(max(s["Nodes"] for s in samples)),
        },
        "event_listeners": {
            "start": int(first["JSEventListeners"]),
            "end": int(last["JSEventListeners"]),
        },
        "documents": {"start": int(first["Documents"]), "end": int(last["Documents"])},
    }


def run(args: argparse.Namespace, deployment: Deployment) -> list[dict[str, float]]:
    url = deployment.kiosk_url(args.board, args.seconds)
    executable = shutil.which("chromium") or shutil.which("chromium-browser")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=executable, args=CHROMIUM_ARGS)
        page = browser.new_page(viewport={"width": 1920, "height": 1080})
        page.goto(url)
        page.wait_for_selector('#freshness[data-state="live"]', timeout=30_000)
        # Let every board of the rotation be shown and filled once before measuring.
        page.wait_for_timeout(args.warmup * 1000)
        cdp = page.context.new_cdp_session(page)
        cdp.send("Performance.enable")
        started = time.time()
        samples = [sample(cdp, started)]
        print(json.dumps(samples[-1]), flush=True)
        while time.time() - started < args.minutes * 60:
            time.sleep(min(args.every, started + args.minutes * 60 - time.time()))
            samples.append(sample(cdp, started))
            print(json.dumps(samples[-1]), flush=True)
        seq = page.evaluate("Number(document.body.dataset.seq)")
        print(f"the kiosk applied updates up to seq {seq}", flush=True)
        browser.close()
    return samples


def main() -> None:
    args = parse_args()
    with tempfile.TemporaryDirectory(prefix="kiosk-memory-") as workdir:
        deployment = Deployment(Path(workdir))
        try:
            samples = run(args, deployment)
        finally:
            deployment.stop()
    result = report(samples)
    print(json.dumps(result, indent=2))
    if args.json:
        args.json.write_text(json.dumps({"result": result, "samples": samples}, indent=2))


if __name__ == "__main__":
    main()
