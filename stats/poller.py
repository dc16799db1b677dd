"""Poll one tenant's statistics subscription and publish what changed on its boards.

Status codes drive the poller (README.md, "Architecture"): 204 keeps the last data; 404
re-creates the subscription; 401 gets a new token (or session cookie) and
re-subscribes; 403 and a refused secret are "auth_failed"; 409 is "subscription limit
reached"; other errors and timeouts are "upstream_down", retried at the next slot. A
success whose body is not the documented shape (not JSON, HTML, wrong types, over the
size cap) is "bad_response": like a failure, it keeps the last numbers, which go stale.
A poll never runs past its deadline, body included, so it never outlives the lock that
keeps polls of one tenant from overlapping.

When the tenant answered (`received`: the data's time on screens, its history and its
alert log) is read from the deployment's one clock, Redis' `TIME` (wallboard/clock.py), so
a worker whose clock is off neither ages the data nor keeps it young.
"""

from __future__ import annotations

import logging
import time
import uuid
from collections.abc import Callable, Sequence
from typing import Any

from boards.models import Board
from boards.subscription import APP_ID, compile_subscription, fingerprint
from bpcc import catalogue, names
from bpcc.client import (
    BadResponse,
    BpccClient,
    Forbidden,
    NoSubscription,
    SubscriptionLimit,
    Unauthorized,
    UpstreamError,
)
from bpcc.models import Tenant
from bpcc.tokens import credential, statistics_client
from stats import alert_log, feeds, messages
from stats.snapshot import Feeds, build_board_data, diff
from stats.store import TenantState, load_snapshot, save_snapshot
from wallboard import clock, metrics

log = logging.getLogger(__name__)

# publish(group, text, received): send one already-serialised message to a channel-layer
# group; `received` is when the upstream answered, for the broadcast-latency metric.
Publish = Callable[[str, str, float], None]


def poll_and_publish(
    tenant: Tenant,
    boards: Sequence[Board],
    state: TenantState,
    publish: Publish,
    *,
    timeout: float,
    deadline: float | None = None,
) -> str:
    """Poll `tenant` once, publish changes to its boards, and return the outcome.

    After the statistics, what else the boards show is read (stats/feeds.py) within
    what is left of the deadline; its failures never change the outcome.
    """
    started = time.monotonic()
    body = compile_subscription(boards)
    with statistics_client(tenant, timeout=timeout, deadline=deadline) as client:
        try:
            raw = _fetch(client, tenant, state, body)
        except UpstreamError as exc:
            return _fail(state, tenant, exc)
        finally:
            metrics.observe(state.r, "poll", time.monotonic() - started, str(tenant.pk))
    if raw is None:
        state.record("waiting", "the tenant has no data ready yet (204)")
        return "waiting"
    received = clock.now(state.r)
    names.remember_agents(tenant.pk, body, raw)  # the console's moderator picker
    extra = feeds.gather(tenant, boards, state, timeout=timeout, deadline=deadline)
    for board in boards:
        publish_board(state, board, raw, received, publish, extra)
    totals = _history_totals(raw)
    previous = state.save_good_poll(received, raw, extra, totals, tenant.poll_interval)
    if previous not in ("ok", None):
        log.info("tenant %s: polling again", tenant.pk)
    return "ok"


def _fetch(
    client: BpccClient, tenant: Tenant, state: TenantState, body: dict[str, Any]
) -> dict[str, Any] | None:
    """Return the subscription data, renewing the token or subscription once if needed."""
    tokens = state.tokens(tenant.credentials_fingerprint())
    for attempt in range(2):
        token = credential(client, tenant, tokens)
        try:
            if state.subscription() != fingerprint(body):
                client.create_subscription(token, body)
                state.save_subscription(fingerprint(body))
                log.info("tenant %s: subscription created", tenant.pk)
            return client.get_subscription_data(token, body)
        except Unauthorized:
            if attempt:
                raise
            log.info("tenant %s: token refused (401), getting a new one", tenant.pk)
            tokens.forget_token()
            state.forget_subscription()
        except NoSubscription:
            if attempt:
                raise
            log.info("tenant %s: no subscription upstream (404), re-creating it", tenant.pk)
            state.forget_subscription()
    raise AssertionError("unreachable")


def outcome_of(exc: UpstreamError) -> str:
    """Return the health status an upstream failure leaves the tenant in."""
    if isinstance(exc, SubscriptionLimit):
        return "subscription_limit"
    if isinstance(exc, BadResponse):
        return "bad_response"
    if isinstance(exc, Unauthorized | Forbidden):
        return "auth_failed"
    return "upstream_down"


def _fail(state: TenantState, tenant: Tenant, exc: UpstreamError) -> str:
    status = outcome_of(exc)
    # A bad response came with a 200: counted by what went wrong, not as a "200 error".
    code = "bad_response" if status == "bad_response" else exc.status or "none"
    metrics.count(state.r, "upstream_errors", metrics.labels(tenant.pk, code))
    # Log when the state changes, not at every failed poll of a long outage.
    if state.record(status, str(exc)) != status:
        log.warning("tenant %s: %s (%s)", tenant.pk, status, exc)
    return status


def _history_totals(raw: dict[str, Any]) -> dict[str, catalogue.Value]:
    totals = (raw.get(APP_ID) or {}).get("stats_totals") or {}
    return {name: catalogue.get(name).parse(value) for name, value in totals.items()}


def publish_board(
    state: TenantState,
    board: Board,
    raw: dict[str, Any],
    received: float,
    publish: Publish,
    extra: Feeds | None = None,
) -> None:
    """Store the board's new snapshot and publish a delta if anything changed."""
    previous = load_snapshot(state.r, board.pk)
    data = build_board_data(board.widget_list(), raw, extra)
    alert_log.record(state.r, board, data, received)
    changes = diff(previous["data"] if previous else None, data)
    if changes is None:
        return
    epoch = previous["epoch"] if previous else uuid.uuid4().hex[:12]
    seq = previous["seq"] + 1 if previous else 1
    snapshot = messages.snapshot(board.pk, epoch, seq, received, data)
    save_snapshot(state.r, board.pk, messages.encode(snapshot), epoch, seq)
    delta = messages.delta(board.pk, epoch, seq, received, changes)
    publish(board.group_name, messages.encode(delta), received)
