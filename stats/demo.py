"""The demo: a tenant pointing at the bundled simulator and a board to watch it."""

from __future__ import annotations

from typing import Any

from django.conf import settings

from stats.models import Board, Tenant

DEMO_TENANT = "Demo contact centre (simulator)"
DEMO_WIDGETS: list[dict[str, Any]] = [
    {"id": "t1", "type": "total", "stat": "in_calls_waiting", "title": "Waiting"},
    {"id": "t2", "type": "total", "stat": "in_max_wait_time", "title": "Longest wait"},
    {"id": "t3", "type": "total", "stat": "service_level", "title": "Service level"},
    {"id": "t4", "type": "total", "stat": "in_average_speed_of_answer", "title": "ASA"},
    {"id": "t5", "type": "total", "stat": "agents_ready", "title": "Agents ready"},
    {"id": "t6", "type": "total", "stat": "agents_logged", "title": "Agents logged in"},
    {
        "id": "services",
        "type": "service_grid",
        "title": "Services",
        "columns": [
            "name",
            "in_calls_waiting",
            "in_max_wait_time",
            "service_level",
            "in_average_speed_of_answer",
            "agents_ready",
            "agents_logged",
        ],
        "order_by": "in_calls_waiting",
        "order_dir": "DESC",
        "limit": 10,
    },
    {
        "id": "agents",
        "type": "agent_grid",
        "title": "Agents",
        "columns": ["first_last_name", "acd_state", "reason", "state_duration"],
        "order_by": "state_duration",
        "order_dir": "DESC",
        "limit": 50,
        "logged_in_only": True,
    },
]


def seed_demo() -> tuple[Tenant, Board]:
    """Create the demo tenant and board unless they exist; return both."""
    tenant = Tenant.objects.filter(name=DEMO_TENANT).first()
    if tenant is None:
        tenant = Tenant(
            name=DEMO_TENANT,
            base_url=settings.WALLBOARD_DEMO_TENANT_URL,
            client_id=settings.WALLBOARD_DEMO_CLIENT_ID,
        )
        tenant.client_secret = settings.WALLBOARD_DEMO_CLIENT_SECRET
        tenant.save()
    board, _ = Board.objects.get_or_create(
        slug="demo",
        defaults={"tenant": tenant, "title": "Contact centre overview", "widgets": DEMO_WIDGETS},
    )
    return tenant, board
