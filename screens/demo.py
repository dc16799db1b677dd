"""The demo: a tenant pointing at the bundled simulator, two boards to watch it (an
overview, and a wall showing every widget type) and a rotation of both for kiosks."""

from __future__ import annotations

from typing import Any

from django.conf import settings

from boards.models import Board
from bpcc.models import Tenant
from screens.models import Rotation, RotationEntry

DEMO_TENANT = "Demo contact centre (simulator)"
DEMO_ROTATION = "Demo rotation"


def _at(x: int, y: int, w: int, h: int) -> dict[str, int]:
    return {"x": x, "y": y, "w": w, "h": h}


DEMO_WIDGETS: list[dict[str, Any]] = [
    {
        "id": "t1",
        "type": "total",
        "stat": "in_calls_waiting",
        "title": "Waiting",
        **_at(0, 0, 2, 2),
    },
    {
        "id": "t2",
        "type": "total",
        "stat": "in_max_wait_time",
        "title": "Longest wait",
        **_at(2, 0, 2, 2),
    },
    {
        "id": "t3",
        "type": "total",
        "stat": "service_level",
        "title": "Service level",
        **_at(4, 0, 2, 2),
    },
    {
        "id": "t4",
        "type": "total",
        "stat": "in_average_speed_of_answer",
        "title": "ASA",
        **_at(6, 0, 2, 2),
    },
    {
        "id": "t5",
        "type": "total",
        "stat": "agents_ready",
        "title": "Agents ready",
        **_at(8, 0, 2, 2),
    },
    {
        "id": "t6",
        "type": "total",
        "stat": "agents_logged",
        "title": "Agents logged in",
        **_at(10, 0, 2, 2),
    },
    {
        "id": "services",
        "type": "service_grid",
        "title": "Services",
        **_at(0, 2, 6, 10),
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
        **_at(6, 2, 6, 10),
        "columns": ["first_last_name", "acd_state", "reason", "state_duration"],
        "order_by": "state_duration",
        "order_dir": "DESC",
        "limit": 50,
        "logged_in_only": True,
    },
]


WALL_WIDGETS: list[dict[str, Any]] = [
    {"id": "clock", "type": "clock", "title": "", **_at(0, 0, 2, 3)},
    {
        "id": "waiting",
        "type": "total",
        "title": "Waiting",
        "stat": "in_calls_waiting",
        "compare_minutes": 15,
        "thresholds": {"direction": "above", "warning": 4, "critical": 8},
        "alert": {"flash": True, "sound": True, "repeat": 30},
        **_at(2, 0, 2, 3),
    },
    {
        "id": "wait",
        "type": "total",
        "title": "Longest wait",
        "stat": "in_max_wait_time",
        "secondary": "in_average_speed_of_answer",
        "thresholds": {"direction": "above", "warning": 60, "critical": 120},
        **_at(4, 0, 2, 3),
    },
    {
        "id": "sl",
        "type": "gauge",
        "title": "Service level",
        "stat": "service_level",
        "min": 0,
        "max": 1,
        "thresholds": {"direction": "below", "warning": 0.8, "critical": 0.6},
        **_at(6, 0, 3, 3),
    },
    {
        "id": "trend",
        "type": "sparkline",
        "title": "Waiting, last 30 minutes",
        "stat": "in_calls_waiting",
        "minutes": 30,
        **_at(9, 0, 3, 3),
    },
    {
        "id": "queues",
        "type": "service_grid",
        "title": "Queues",
        "columns": ["name", "in_calls_waiting", "in_max_wait_time", "service_level"],
        "order_by": "in_calls_waiting",
        "order_dir": "DESC",
        "limit": 8,
        "column_thresholds": {
            "in_calls_waiting": {"direction": "above", "warning": 2, "critical": 5},
            "service_level": {"direction": "below", "warning": 0.8, "critical": 0.6},
        },
        **_at(0, 3, 6, 5),
    },
    {
        "id": "leaders",
        "type": "leaderboard",
        "title": "Sales and resolutions today",
        "dispositions": ["Product sold", "Resolved"],
        "limit": 8,
        **_at(6, 3, 3, 5),
    },
    {"id": "news", "type": "news", "title": "News", "limit": 5, **_at(9, 3, 3, 5)},
    {"id": "summary", "type": "agent_summary", "title": "Agent states", **_at(0, 8, 3, 3)},
    {"id": "available", "type": "availability", "title": "Agents available", **_at(3, 8, 3, 3)},
    {
        "id": "floor",
        "type": "agent_grid",
        "title": "Longest in state",
        "columns": ["first_last_name", "acd_state", "state_duration"],
        "order_by": "state_duration",
        "order_dir": "DESC",
        "limit": 6,
        "logged_in_only": True,
        **_at(6, 8, 3, 3),
    },
    {"id": "renewals", "type": "campaign", "campaign": "Renewals Outbound", **_at(9, 8, 3, 3)},
    {
        "id": "banner",
        "type": "text",
        "text": "Welcome to the demo floor: every number here comes from the simulator.",
        **_at(0, 11, 6, 1),
    },
    {"id": "actions", "type": "ticker", "title": "Console", "count": 5, **_at(6, 11, 6, 1)},
]


def seed_demo() -> tuple[Tenant, Board]:
    """Create the demo tenant, boards and rotation unless they exist; return the tenant
    and the overview board."""
    tenant = Tenant.objects.filter(name=DEMO_TENANT).first()
    if tenant is None:
        tenant = Tenant(
            name=DEMO_TENANT,
            base_url=settings.WALLBOARD_DEMO_TENANT_URL,
            client_id=settings.WALLBOARD_DEMO_CLIENT_ID,
        )
        tenant.client_secret = settings.WALLBOARD_DEMO_CLIENT_SECRET
        # The simulator serves the video-appointment API too (simulator/api_appointments.py).
        tenant.appointments_url = settings.WALLBOARD_DEMO_TENANT_URL
        tenant.appointments_token = settings.WALLBOARD_DEMO_APPOINTMENT_TOKEN
        tenant.save()
    board, _ = Board.objects.get_or_create(
        slug="demo",
        defaults={"tenant": tenant, "title": "Contact centre overview", "widgets": DEMO_WIDGETS},
    )
    wall, _ = Board.objects.get_or_create(
        slug="demo-wall",
        defaults={"tenant": tenant, "title": "Service floor", "widgets": WALL_WIDGETS},
    )
    rotation, created = Rotation.objects.get_or_create(name=DEMO_ROTATION)
    if created:
        for i, shown in enumerate([board, wall]):
            RotationEntry.objects.create(rotation=rotation, board=shown, seconds=20, position=i)
    return tenant, board
