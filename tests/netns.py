"""Several machines on one: Linux network namespaces joined by a bridge.

`Network` makes one namespace per host, each with its own loopback and one address on a
private LAN (a bridge inside a namespace of its own, so nothing of this machine's own
network is touched), starts processes on a host (`ip netns exec`), kills a whole host,
and removes it all afterwards. `Network.reach(host)` gives a thread that lives in that
host's network: the test process itself acts as a client machine through it, with
sockets opened there.

It needs root (or CAP_SYS_ADMIN) and `ip` (Debian's iproute2, `make setup` installs it);
`Network.unavailable()` says why a machine cannot make namespaces.
"""

from __future__ import annotations

import contextlib
import ctypes
import os
import secrets
import signal
import subprocess
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import TypeVar

from tests.support import Process

T = TypeVar("T")
CLONE_NEWNET = 0x40000000
SUBNET = "10.77.0"  # inside the namespaces only


def _ip(*args: str) -> None:
    subprocess.run(["ip", *args], check=True, capture_output=True, text=True)


class Network:
    """A LAN of hosts, each a network namespace named `<prefix>-<host>`."""

    def __init__(self, hosts: list[str]) -> None:
        self.prefix = f"wb{secrets.token_hex(3)}"
        self.switch = f"{self.prefix}-lan"
        self.addresses = {host: f"{SUBNET}.{number}" for number, host in enumerate(hosts, 2)}
        self._made: list[str] = []
        self._threads: dict[str, ThreadPoolExecutor] = {}
        try:
            self._build()
        except BaseException:
            self.remove()
            raise

    @staticmethod
    def unavailable() -> str:
        """Return why namespaces cannot be made here, or "" when they can."""
        if os.geteuid() != 0:
            return "network namespaces need root"
        name = f"wbprobe{secrets.token_hex(3)}"
        try:
            _ip("netns", "add", name)
        except FileNotFoundError:
            return "`ip` (iproute2) is missing: `make setup` installs it"
        except subprocess.CalledProcessError as exc:
            return f"`ip netns add` failed: {exc.stderr.strip()}"
        _ip("netns", "delete", name)
        return ""

    def namespace(self, host: str) -> str:
        return f"{self.prefix}-{host}"

    def _build(self) -> None:
        _ip("netns", "add", self.switch)
        self._made.append(self.switch)
        _ip("-n", self.switch, "link", "add", "br0", "type", "bridge")
        _ip("-n", self.switch, "link", "set", "br0", "up")
        for number, (host, address) in enumerate(self.addresses.items()):
            ns = self.namespace(host)
            _ip("netns", "add", ns)
            self._made.append(ns)
            # A cable: eth0 in the host, its other end on the switch's bridge. Both ends
            # are made inside the switch's namespace, then one is moved: no interface is
            # ever made in this machine's own network.
            port = f"p{number}"
            _ip("-n", self.switch, "link", "add", port, "type", "veth", "peer", "name", "eth0")
            _ip("-n", self.switch, "link", "set", "eth0", "netns", ns)
            _ip("-n", self.switch, "link", "set", port, "master", "br0", "up")
            _ip("-n", ns, "addr", "add", f"{address}/24", "dev", "eth0")
            _ip("-n", ns, "link", "set", "eth0", "up")
            _ip("-n", ns, "link", "set", "lo", "up")

    def command(self, host: str, args: list[str]) -> list[str]:
        """Return `args` as run on `host`."""
        return ["ip", "netns", "exec", self.namespace(host), *args]

    def start(
        self, host: str, name: str, args: list[str], logs: Path, env: dict[str, str]
    ) -> Process:
        """Start a process on `host`, its output in `logs/<name>.log`."""
        return Process(name, self.command(host, args), logs, env)

    def run(self, host: str, args: list[str], env: dict[str, str]) -> str:
        """Run a command on `host` to its end; return what it printed, or raise."""
        done = subprocess.run(
            self.command(host, args), env=env, capture_output=True, text=True, check=False
        )
        if done.returncode != 0:
            raise RuntimeError(f"{args} on {host} failed:\n{done.stdout}{done.stderr}")
        return done.stdout

    def kill_host(self, host: str) -> None:
        """Kill every process of `host` at once (SIGKILL), as if it lost its power."""
        listed = subprocess.run(
            ["ip", "netns", "pids", self.namespace(host)], capture_output=True, text=True
        )
        for pid in listed.stdout.split():
            with contextlib.suppress(ProcessLookupError):  # gone by itself meanwhile
                os.kill(int(pid), signal.SIGKILL)

    def reach(self, host: str) -> Callable[[Callable[[], T]], T]:
        """Return a function that runs a callable on a thread inside `host`'s network and
        returns its result: the sockets it opens are that host's."""
        if host not in self._threads:
            self._threads[host] = ThreadPoolExecutor(
                max_workers=1, initializer=_enter, initargs=(self.namespace(host),)
            )
        pool = self._threads[host]
        return lambda call: pool.submit(call).result()

    def remove(self) -> None:
        """Remove every namespace (and with them their interfaces); kill what runs there."""
        for pool in self._threads.values():
            pool.shutdown(wait=False, cancel_futures=True)
        for ns in reversed(self._made):
            host = ns.removeprefix(f"{self.prefix}-")
            self.kill_host(host)
            subprocess.run(["ip", "netns", "delete", ns], capture_output=True, check=False)
        self._made.clear()


def _enter(namespace: str) -> None:
    """Move the calling thread into `namespace`'s network (setns(2): per thread)."""
    libc = ctypes.CDLL(None, use_errno=True)
    fd = os.open(f"/run/netns/{namespace}", os.O_RDONLY)
    try:
        if libc.setns(fd, CLONE_NEWNET) != 0:
            errno = ctypes.get_errno()
            raise OSError(errno, f"setns into {namespace}: {os.strerror(errno)}")
    finally:
        os.close(fd)
