"""Poll one tenant's statistics subscription and publish what changed on its boards.

Status codes drive the poller (DESIGN.md, "Shape"): 204 keeps the last data; 404
re-creates the subscription; 401 gets a new token and re-subscribes; 409 is reported
as "subscription limit reached"; errors and timeouts are recorded and retried at the
next poll.
"""

from __future__ import annotations

import json
import logging
import time
import uuid
from collections.abc import Callable, Sequence
from typing import Any

from stats.models import Board, Tenant
from stats.snapshot import build_board_data, diff
from stats.store import TenantState, load_snapshot, snapshot_key
from stats.subscription import compile_subscription, fingerprint
from stats.upstream import (
    BpccClient,
    NoSubscription,
    SubscriptionLimit,
    Token,
    Unauthorized,
    UpstreamError,
)

log = logging.getLogger(__name__)

# publish(group, text): send one already-serialised message to a channel-layer group.
Publish = Callable[[str, str], None]


def poll_tenant(
    tenant: Tenant, boards: Sequence[Board], state: TenantState, publish: Publish, *, timeout: float
) -> str:
    """Poll `tenant` once, publish changes to its boards, and return the outcome."""
    body = compile_subscription(boards)
    with BpccClient(tenant.base_url, timeout=timeout) as client:
        try:
            raw = _fetch(client, tenant, state, body)
        except SubscriptionLimit as exc:
            return _fail(state, "subscription_limit", exc)
        except Unauthorized as exc:
            return _fail(state, "auth_failed", exc)
        except UpstreamError as exc:
            return _fail(state, "upstream_down", exc)
    if raw is None:
        state.record("waiting", "the tenant has no data ready yet (204)")
        return "waiting"
    received = time.time()
    for board in boards:
        publish_board(state, board, raw.get(board.app_id) or {}, received, publish)
    if state.record("ok") not in ("ok", None):
        log.info("tenant %s: polling again", tenant.pk)
    return "ok"


def _fetch(
    client: BpccClient, tenant: Tenant, state: TenantState, body: dict[str, Any]
) -> dict[str, Any] | None:
    """Return the subscription data, renewing the token or subscription once if needed."""
    for attempt in range(2):
        token = _token(client, tenant, state)
        try:
            if state.subscription() != fingerprint(body):
                client.create_subscription(token, body)
                state.save_subscription(fingerprint(body))
                log.info("tenant %s: subscription created", tenant.pk)
            return client.get_subscription_data(token)
        except Unauthorized:
            if attempt:
                raise
            log.info("tenant %s: token refused (401), getting a new one", tenant.pk)
            state.forget_token()
            state.forget_subscription()
        except NoSubscription:
            if attempt:
                raise
            log.info("tenant %s: no subscription upstream (404), re-creating it", tenant.pk)
            state.forget_subscription()
    raise AssertionError("unreachable")


def _token(client: BpccClient, tenant: Tenant, state: TenantState) -> Token:
    token = state.token()
    if token is None or not token.is_fresh():
        token = client.get_token(tenant.client_id, tenant.client_secret)
        state.save_token(token)
    return token


def _fail(state: TenantState, status: str, exc: UpstreamError) -> str:
    # Log when the state changes, not at every failed poll of a long outage.
    if state.record(status, str(exc)) != status:
        log.warning("tenant %s: %s (%s)", state.tenant_id, status, exc)
    return status


def publish_board(
    state: TenantState, board: Board, raw: dict[str, Any], received: float, publish: Publish
) -> None:
    """Store the board's new snapshot and publish a delta if anything changed."""
    previous = load_snapshot(state.r, board.pk)
    data = build_board_data(board.widget_list(), raw)
    changes = diff(previous["data"] if previous else None, data)
    if changes is None:
        return
    epoch = previous["epoch"] if previous else uuid.uuid4().hex[:12]
    seq = previous["seq"] + 1 if previous else 1
    header = {"epoch": epoch, "seq": seq, "upstream_time": received}
    snapshot = json.dumps({"type": "snapshot", **header, "data": data})
    state.r.set(snapshot_key(board.pk), snapshot)
    publish(board.group_name, json.dumps({"type": "delta", **header, "changes": changes}))
