"""Shared fixtures: a real Redis server, the real simulator, and the whole stack."""

from __future__ import annotations

import os
import shutil
import subprocess
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any, cast

import httpx
import pytest
from channels.layers import channel_layers
from django.contrib.auth.models import User
from django.test import Client
from playwright.sync_api import Browser, Page, sync_playwright

from boards.models import Board
from bpcc.models import Tenant
from screens.demo import seed_demo
from stats import store
from tests.support import (
    PYTHON,
    ROOT,
    Process,
    free_port,
    simulator_command,
    start_redis,
    start_simulator,
    wait_until,
)
from wallboard.settings import channel_layer

DEMO_PASSWORD = "demo-password-for-tests"
# The stacks' WALLBOARD_METRICS_TOKEN: with it, Stack.health() reads /healthz in full.
METRICS_TOKEN = "metrics-token-for-tests"
# Headless Chromium on a closed network, as root in CI: no sandbox, no background calls home.
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
ARTIFACTS = Path(__file__).resolve().parent.parent / "test-artifacts"


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Run the quick tests first, then the browser tests, then the process-level ones:
    a broken unit fails within minutes, and the PostgreSQL pass that `make test` runs
    alongside (tests/__main__.py) overlaps tests that time nothing. The sort is stable,
    so a module's tests stay together, in their order."""

    def weight(item: pytest.Item) -> int:
        return (
            2 if item.get_closest_marker("e2e") else 1 if item.get_closest_marker("browser") else 0
        )

    items.sort(key=weight)


@pytest.fixture(scope="session")
def base_env() -> dict[str, str]:
    env = dict(os.environ)
    env.pop("DJANGO_SETTINGS_MODULE", None)
    # Each line in the processes' logs as it is written: a failing test shows their
    # last lines, which a buffer would still hold.
    env["PYTHONUNBUFFERED"] = "1"
    return env


@pytest.fixture(scope="session")
def redis_url(tmp_path_factory: pytest.TempPathFactory, base_env: dict[str, str]) -> Iterator[str]:
    """Start a real redis-server for the session and return its URL."""
    process, url = start_redis(tmp_path_factory.mktemp("redis"), base_env)
    yield url
    process.stop()


@pytest.fixture
def use_redis(redis_url: str, settings: Any) -> Iterator[str]:
    """Point Django, the store and the channel layer at the session's Redis, emptied."""
    settings.REDIS_URL = redis_url
    settings.CHANNEL_LAYERS = {"default": channel_layer(redis_url)}
    _reset_redis_clients()
    store.client().flushdb()
    yield redis_url
    _reset_redis_clients()


def _reset_redis_clients() -> None:
    store.client.cache_clear()
    store.async_client.cache_clear()
    channel_layers.backends.clear()


@pytest.fixture(scope="session")
def simulator_url(
    tmp_path_factory: pytest.TempPathFactory, base_env: dict[str, str]
) -> Iterator[str]:
    """Start the BPCC simulator as a real process for the session and return its URL."""
    process, url = start_simulator(tmp_path_factory.mktemp("simulator"), base_env, "--speed", "5")
    yield url
    process.stop()


@dataclass
class Stack:
    """Every process of `make run`, started by the tests on free ports."""

    web_url: str
    simulator_url: str
    poll_interval: float
    processes: dict[str, Process]
    commands: dict[str, list[str]]
    env: dict[str, str]
    logs: Path
    web_urls: list[str]  # every web process's, web_url first
    _cookies: httpx.Cookies | None = None

    def login_cookies(self) -> httpx.Cookies:
        """Log in as the demo user through the login form once; return the session cookies."""
        if self._cookies is None:
            self._cookies = self._log_in()
        return self._cookies

    def _log_in(self) -> httpx.Cookies:
        with httpx.Client(base_url=self.web_url) as client:
            client.get("/accounts/login/")
            response = client.post(
                "/accounts/login/",
                data={
                    "username": "demo",
                    "password": DEMO_PASSWORD,
                    "csrfmiddlewaretoken": client.cookies["csrftoken"],
                },
            )
            assert response.status_code == 302, response.text
            return client.cookies

    def sim(self, path: str, body: Any = None, method: str = "GET") -> Any:
        """Call the simulator's control API and return its JSON answer."""
        if body is not None and method == "GET":
            method = "POST"
        response = httpx.request(method, f"{self.simulator_url}{path}", json=body, timeout=10)
        response.raise_for_status()
        return response.json()

    def start(self, name: str) -> Process:
        """Start (or start again) one of the stack's processes."""
        self.processes[name] = Process(name, self.commands[name], self.logs, self.env)
        return self.processes[name]

    def manage(self, *args: str) -> str:
        """Run `manage.py` against the stack's database; return what it printed."""
        done = subprocess.run(
            [PYTHON, "manage.py", *args], cwd=ROOT, env=self.env, capture_output=True, text=True
        )
        assert done.returncode == 0, done.stdout + done.stderr
        return done.stdout

    def create_user(self, username: str, password: str, role: str = "viewer") -> None:
        """Create (or reset) a user of the stack with a role of accounts/roles.py."""
        self.manage("add_user", username, "--password", password, "--role", role)

    def kiosk_path(self, name: str, *, board: str = "", rotation: str = "", hours: str = "") -> str:
        """Make a display link for a board or a rotation (on during `hours`,
        "HH:MM-HH:MM", or always); return its path, /kiosk/<token>/."""
        target = ["--board", board] if board else ["--rotation", rotation]
        if hours:
            target += ["--hours", hours]
        return self.manage("kiosk_link", name, *target).strip().splitlines()[-1]

    def board_id(self, slug: str) -> int:
        """Return the id of the board `slug` in the stack's database."""
        code = f"from boards.models import Board; print(Board.objects.get(slug='{slug}').pk)"
        return int(self.manage("shell", "--no-imports", "-c", code).strip())

    def cookie_header(self) -> str:
        """Return the demo user's session as a Cookie header."""
        return "; ".join(f"{k}={v}" for k, v in self.login_cookies().items())

    def health(self) -> dict[str, Any]:
        """Return /healthz in full, as the metrics token reads it."""
        body: dict[str, Any] = self._as_scraper("/healthz").json()
        return body

    def metrics(self) -> str:
        """Return /metrics, as the scraper reads it with its token."""
        answer = self._as_scraper("/metrics")
        answer.raise_for_status()
        return answer.text

    def _as_scraper(self, path: str) -> httpx.Response:
        token = self.env.get("WALLBOARD_METRICS_TOKEN", "")
        headers = {"Authorization": f"Bearer {token}"}
        return httpx.get(f"{self.web_url}{path}", headers=headers, timeout=5)


STACK_INTERVAL = 1.0
# Short enough that the fault tests see timeouts and stale data quickly.
STACK_UPSTREAM_TIMEOUT = 2.0
STACK_HEARTBEAT = 1.0


@pytest.fixture(scope="session")
def stack(tmp_path_factory: pytest.TempPathFactory, base_env: dict[str, str]) -> Iterator[Stack]:
    """Start Redis, the simulator, the web server, two Celery workers and two beats as
    processes."""
    processes: dict[str, Process] = {}
    try:
        yield start_stack(tmp_path_factory.mktemp("stack"), base_env, processes)
    finally:
        stop_all(processes)


def start_stack(
    logs: Path, base_env: dict[str, str], processes: dict[str, Process], webs: int = 1
) -> Stack:
    """Start every process of `make run` (with `webs` web processes: web, web2, …) into
    `processes`, so that the caller can stop them even when this fails half-way; return
    the stack once its first poll succeeded."""
    processes["redis"], redis = start_redis(logs, base_env)
    sim_port = free_port()
    processes["simulator"], sim = start_simulator(logs, base_env, "--speed", "5", port=sim_port)
    env = {
        **base_env,
        "WALLBOARD_REDIS_URL": redis,
        "WALLBOARD_DB_PATH": str(logs / "db.sqlite3"),
        "WALLBOARD_POLL_INTERVAL": str(STACK_INTERVAL),
        "WALLBOARD_UPSTREAM_TIMEOUT": str(STACK_UPSTREAM_TIMEOUT),
        "WALLBOARD_HEARTBEAT_SECONDS": str(STACK_HEARTBEAT),
        "WALLBOARD_DEMO_TENANT_URL": sim,
        "WALLBOARD_DEMO_PASSWORD": DEMO_PASSWORD,
        "WALLBOARD_METRICS_TOKEN": METRICS_TOKEN,
    }
    for command in (["migrate", "--noinput"], ["seed_demo"]):
        Process(f"manage-{command[0]}", [PYTHON, "manage.py", *command], logs, env).popen.wait()
    ports = [free_port() for _ in range(webs)]
    web_urls = [f"http://127.0.0.1:{port}" for port in ports]
    commands = stack_commands(ports[0])
    for number, port in enumerate(ports[1:], start=2):
        commands[f"web{number}"] = stack_commands(port)["web"]
    commands["simulator"] = simulator_command(sim_port, "--speed", "5")
    # The same Redis again, on the same port, for tests that restart it.
    commands["redis"] = cast(list[str], processes["redis"].popen.args)
    stack = Stack(web_urls[0], sim, STACK_INTERVAL, processes, commands, env, logs, web_urls)
    for name in commands:
        if name not in processes:
            stack.start(name)
    wait_until(
        lambda: all(_healthy(url) for url in web_urls),
        timeout=60,
        what="the first successful poll",
        processes=list(processes.values()),
    )
    return stack


def stop_all(processes: dict[str, Process]) -> None:
    """Stop the processes of a stack, the last started first."""
    for process in reversed(processes.values()):
        process.stop()


def stack_commands(port: int) -> dict[str, list[str]]:
    """Return the commands of the stack's processes, as supervisord.conf runs them."""
    bin_dir = Path(PYTHON).parent
    celery = [str(bin_dir / "celery"), "--app", "wallboard"]
    worker = [*celery, "worker", "--loglevel", "INFO", "--pool", "threads", "--concurrency", "4"]
    worker += ["--without-gossip", "--without-mingle"]
    beat = [*celery, "beat", "--loglevel", "INFO"]
    return {
        "web": [PYTHON, "-m", "wallboard.web", "--port", str(port)],
        "worker": [*worker, "--hostname", "worker1@%h"],
        "worker-standby": [*worker, "--hostname", "worker2@%h"],
        "beat": beat,
        "beat-standby": beat,
    }


def _healthy(web_url: str) -> bool:
    try:
        return httpx.get(f"{web_url}/healthz", timeout=2).json()["ok"] is True
    except (httpx.TransportError, ValueError, KeyError):
        return False


@pytest.fixture
def demo_board(db: None) -> Board:
    """Return the demo board (its tenant points at the default simulator URL)."""
    return seed_demo()[1]


@pytest.fixture
def ops_client(db: None) -> Client:
    """Return a client logged in as staff: it reads /healthz in full."""
    client = Client()
    client.force_login(User.objects.create_user("ops", is_staff=True))
    return client


@pytest.fixture
def sim_board(demo_board: Board, simulator_url: str) -> Board:
    """Return the demo board with its tenant pointed at the session's simulator."""
    Tenant.objects.filter(pk=demo_board.tenant_id).update(base_url=simulator_url)
    demo_board.refresh_from_db()
    return demo_board


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    """Launch Debian's Chromium through Playwright (it cannot download its own here).

    Module scope: the sync API runs an event loop of its own while it is open, and the
    asyncio tests of other modules cannot start theirs beside it.
    """
    executable = shutil.which("chromium") or shutil.which("chromium-browser")
    assert executable, "Chromium is missing: `make setup` installs it"
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=executable, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def page(browser: Browser) -> Iterator[Page]:
    context = browser.new_context(viewport={"width": 1600, "height": 900})
    page = context.new_page()
    yield page
    context.close()
