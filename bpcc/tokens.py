"""A tenant's tokens, kept in Redis so every web process and worker shares them, and
the two ways to get one.

Each tenant has two tokens, apart so the console never disturbs the statistics
credential: the poller's (`wb:tenant:<id>:token`, also used by the connection test and
the editor's pickers) and the admin APIs' (`wb:console:tenant:<id>:token`). Each is a
hash of access_token, expires_at, issued_at (the lifetime is their difference), kind,
tenant, login and `made_with`, the fingerprint of the credentials it was got with
(`Tenant.credentials_fingerprint`): a token got with other credentials is not used
again. A token's times are on the clock of the process that holds it; Redis keeps it
for its remaining lifetime (the key's TTL), from which each reader works out the expiry
on its own clock.
"""

from __future__ import annotations

import math
import time
from dataclasses import asdict, replace
from typing import Any, cast

import httpx
import redis
from django.conf import settings

from bpcc.admin_api import AdminClient, TokenStore
from bpcc.client import BpccClient, Token
from bpcc.http_pool import TENANTS
from bpcc.models import Tenant
from wallboard import redis_pool


def statistics_token_key(tenant_id: int) -> str:
    return f"wb:tenant:{tenant_id}:token"


def admin_token_key(tenant_id: int) -> str:
    return f"wb:console:tenant:{tenant_id}:token"


class RedisTokens:
    """One token kept at `key`, used only while the tenant's credentials are those it
    was got with (`made_with`)."""

    def __init__(self, r: redis.Redis, key: str, made_with: str) -> None:
        self.r, self.key, self.made_with = r, key, made_with

    def token(self) -> Token | None:
        return load_token(self.r, self.key, self.made_with)

    def save_token(self, token: Token) -> None:
        save_token(self.r, self.key, token, self.made_with)

    def forget_token(self) -> None:
        self.r.delete(self.key)


def statistics_tokens(tenant: Tenant) -> RedisTokens:
    """Return the store of the token the poller reads statistics with."""
    key = statistics_token_key(tenant.pk)
    return RedisTokens(redis_pool.client(), key, tenant.credentials_fingerprint())


def admin_tokens(tenant: Tenant) -> RedisTokens:
    """Return the store of the token the console (and campaign figures) use."""
    key = admin_token_key(tenant.pk)
    return RedisTokens(redis_pool.client(), key, tenant.credentials_fingerprint())


def credential(client: BpccClient, tenant: Tenant, tokens: TokenStore) -> Token:
    """Return a statistics credential that stays valid for this poll, renewing it ahead
    of expiry and as soon as the tenant's credentials change: a session login for
    `basic` tenants, an OAuth token otherwise."""
    token = tokens.token()
    if token is None or not token.is_fresh():
        if tenant.auth_mode == Tenant.AuthMode.BASIC:
            token = client.login(tenant.client_id, tenant.client_secret)
        else:
            token = client.get_token(tenant.client_id, tenant.client_secret)
        tokens.save_token(token)
    return token


def connections(tenant: Tenant) -> httpx.Client:
    """Return this process's kept client of `tenant` (bpcc/http_pool.py), made anew
    when its URL or credentials changed."""
    return TENANTS.client(
        tenant.pk,
        tenant.credentials_fingerprint(),
        tenant.base_url.rstrip("/"),
        ca_file=settings.WALLBOARD_UPSTREAM_CA_FILE,
        keepalive=settings.WALLBOARD_UPSTREAM_KEEPALIVE,
    )


def statistics_client(
    tenant: Tenant, *, timeout: float, deadline: float | None = None
) -> BpccClient:
    """Return a statistics client for `tenant` over its kept connections (close it, or
    use it in a `with`: its connections stay open for the next poll)."""
    return BpccClient(tenant.base_url, timeout=timeout, deadline=deadline, http=connections(tenant))


def client_for(
    tenant: Tenant, *, timeout: float | None = None, deadline: float | None = None
) -> AdminClient:
    """Return an admin client for `tenant` over its kept connections (close it, or use
    it in a `with`).

    The console's pages use the console's timeout; the poll, which reads campaign
    figures for boards, passes its own timeout and deadline.
    """
    return AdminClient(
        tenant.base_url,
        timeout=timeout or settings.WALLBOARD_CONSOLE_TIMEOUT,
        deadline=deadline,
        http=connections(tenant),
        client_id=tenant.client_id,
        client_secret=tenant.client_secret,
        tokens=admin_tokens(tenant),
        version="v2" if tenant.is_onecloud else "v3",
    )


def save_token(r: redis.Redis, key: str, token: Token, made_with: str) -> None:
    """Keep `token` at `key` for as long as it lasts, measured on this process's clock,
    with the fingerprint of the credentials it was got with."""
    lasts_ms = math.ceil((token.expires_at - time.time()) * 1000)
    pipe = r.pipeline()
    pipe.hset(key, mapping=cast(dict[Any, Any], {**asdict(token), "made_with": made_with}))
    pipe.pexpire(key, max(lasts_ms, 1))
    pipe.execute()


def load_token(r: redis.Redis, key: str, made_with: str) -> Token | None:
    """Return the token kept at `key`, its times moved to this process's clock: it
    expires when the key does, whatever the clock of the process that saved it.

    A token got with other credentials than `made_with` (the secret, login, auth mode
    or URL changed since) is not returned: the caller gets one with the new ones.
    """
    pipe = r.pipeline(transaction=False)
    pipe.hgetall(key)
    pipe.pttl(key)
    saved, left_ms = pipe.execute()
    if not saved or left_ms < 0 or saved.get("made_with") != made_with:
        return None
    kept = Token(
        saved["access_token"],
        float(saved["expires_at"]),
        saved.get("kind", "bearer"),
        saved.get("tenant", ""),
        saved.get("login", ""),
        float(saved.get("issued_at", 0)),
    )
    expires_at = time.time() + left_ms / 1000
    lifetime = kept.expires_at - kept.issued_at
    return replace(kept, expires_at=expires_at, issued_at=expires_at - lifetime)
