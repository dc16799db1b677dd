"""A ticker shows the latest console actions of its board's tenant: each poll reads
them from the audit log, so a new action reaches screens with the next poll."""

from __future__ import annotations

import json
from datetime import timedelta
from typing import Any

import pytest
from django.utils import timezone

from boards.models import Board
from bpcc.models import Tenant
from console.models import AuditEntry
from stats import store
from stats.poller import poll_and_publish
from tests.support import wait_until

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("use_redis")]


def action(
    tenant: Tenant | None,
    minutes_ago: int,
    what: str,
    status: int | None = 200,
    target: str = "Outbound Sales",
) -> None:
    AuditEntry.objects.create(
        at=timezone.now() - timedelta(minutes=minutes_ago),
        username="ann",
        tenant=tenant,
        tenant_name=tenant.name if tenant else "Elsewhere",
        action=what,
        target=target,
        upstream_status=status,
        ok=status == 200,
        result="",
    )


def test_a_new_console_action_reaches_the_ticker_at_the_next_poll(sim_board: Board) -> None:
    tenant = Tenant.objects.get(pk=sim_board.tenant_id)
    other = Tenant.objects.create(name="Other", base_url="http://127.0.0.1:1", client_id="x")
    board = Board.objects.create(
        tenant=tenant,
        slug="actions",
        title="Actions",
        widgets=[{"id": "k", "type": "ticker", "count": 2}],
    )
    action(tenant, 30, "stop campaign")
    action(tenant, 20, "start campaign", status=409)
    action(tenant, 10, "add record", status=None)
    action(other, 0, "erase record")  # another tenant's: never on this board
    state = store.TenantState(store.client(), tenant.pk)
    published: list[dict[str, Any]] = []

    def poll() -> str:
        return poll_and_publish(
            tenant, [board], state, lambda g, text, r: published.append(json.loads(text)), timeout=5
        )

    wait_until(lambda: poll() == "ok", timeout=15, what="a poll with data")
    rows = published[-1]["changes"]["grids"]["k"]
    assert [row[2:] for row in rows] == [
        ["ann", "add record", "Outbound Sales", "no answer", 0],
        ["ann", "start campaign", "Outbound Sales", "409", 0],
    ]

    action(tenant, 0, "start campaign", target="Outbound Sales (F6DDBB1F-AF3C-4EA1-913A)")
    wait_until(lambda: poll() == "ok", timeout=15, what="the next poll with data")

    rows = published[-1]["changes"]["grids"]["k"]
    assert [row[3:5] for row in rows] == [
        ["start campaign", "Outbound Sales"],  # the console's "(id)" is left out
        ["add record", "Outbound Sales"],
    ]
    assert rows[0][0] == AuditEntry.objects.filter(tenant=tenant).first().pk  # type: ignore[union-attr]
