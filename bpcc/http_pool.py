"""Each process's HTTP connections to each tenant, kept across polls.

A poll every 2 s that opened its own connection cost the tenant a TCP handshake, and
over HTTPS a TLS handshake, every 2 s per tenant. Here each process keeps one httpx
client per tenant, whose pool keeps connections alive between polls:

- bounded: at most `MOST_CONNECTIONS` connections to a tenant at once, of which
  `MOST_KEPT` stay open while idle, closed after `keepalive`
  seconds of idleness (`WALLBOARD_UPSTREAM_KEEPALIVE`, 30 by default, longer than a
  poll interval and shorter than most load balancers' idle timeouts; and at once when
  the tenant closed them first);
- a hung tenant holds no slot past the request's deadline: every socket operation ends
  by it (bpcc/http_limits.py), the failed connection is dropped, and waiting for a free
  slot is bounded by the same deadline (bpcc/http.py);
- rebuilt when the tenant's URL or credentials change (its `identity`), the old
  connections closed, so nothing got with old credentials is used again;
- never shared across a fork: a Celery prefork child starts with no client, and the
  parent's sockets are left to the parent.

Cookies are never kept: a credential travels in each request's headers (bpcc/http.py
`Token.headers`), so a shared client carries nothing from one poll to the next.
"""

from __future__ import annotations

import os
import threading
import time
from dataclasses import dataclass
from http.cookiejar import CookieJar, DefaultCookiePolicy

import httpx

from bpcc.http_limits import DeadlineTransport

# At most this many connections to one tenant at once, and this many kept while idle.
MOST_CONNECTIONS, MOST_KEPT = 4, 2
LIMITS = httpx.Limits(max_connections=MOST_CONNECTIONS, max_keepalive_connections=MOST_KEPT)
# A tenant's client not used for this long (a disabled or deleted tenant) is closed.
UNUSED_FOR = 600.0


def new_client(base_url: str, limits: httpx.Limits, ca_file: str = "") -> httpx.Client:
    """Return an httpx client for `base_url` whose sockets honour each request's
    deadline, with at most `limits` connections and no cookie jar."""
    return httpx.Client(
        base_url=base_url,
        transport=DeadlineTransport(limits, ca_file),
        cookies=httpx.Cookies(CookieJar(DefaultCookiePolicy(allowed_domains=[]))),
    )


@dataclass
class _Kept:
    identity: str
    client: httpx.Client
    used: float


class TenantClients:
    """This process's httpx client per tenant; thread-safe."""

    def __init__(self, limits: httpx.Limits = LIMITS) -> None:
        self.limits = limits  # their keep-alive expiry is each call's `keepalive`
        self._forget()
        os.register_at_fork(after_in_child=self._forget)

    def _forget(self) -> None:
        """Drop every client without closing it: after a fork, the sockets are the
        parent's (closing a TLS one would end the parent's session too)."""
        self._lock = threading.Lock()
        self._kept: dict[object, _Kept] = {}
        self._swept = time.monotonic()

    def client(
        self, key: object, identity: str, base_url: str, *, ca_file: str = "", keepalive: float
    ) -> httpx.Client:
        """Return the client of tenant `key`, made anew (the old one closed) when its
        `identity` (URL and credentials) is not the one it was made for; it keeps idle
        connections `keepalive` seconds and trusts `ca_file` besides the usual roots."""
        now = time.monotonic()
        with self._lock:
            kept = self._kept.get(key)
            stale = [kept] if kept and kept.identity != identity else []
            if not kept or stale:
                limits = httpx.Limits(
                    max_connections=self.limits.max_connections,
                    max_keepalive_connections=self.limits.max_keepalive_connections,
                    keepalive_expiry=keepalive,
                )
                kept = _Kept(identity, new_client(base_url, limits, ca_file), now)
                self._kept[key] = kept
            kept.used = now
            stale += self._unused(now)
        for old in stale:
            old.client.close()
        return kept.client

    def _unused(self, now: float) -> list[_Kept]:
        """Remove and return the clients unused for `UNUSED_FOR`; look once a minute."""
        if now - self._swept < 60:
            return []
        self._swept = now
        gone = [key for key, kept in self._kept.items() if now - kept.used > UNUSED_FOR]
        return [self._kept.pop(key) for key in gone]

    def close(self) -> None:
        """Close every client (their connections with them)."""
        with self._lock:
            kept, self._kept = list(self._kept.values()), {}
        for old in kept:
            old.client.close()


# The process's clients: the poller's, campaign figures' and the console's (bpcc/tokens.py).
TENANTS = TenantClients()
