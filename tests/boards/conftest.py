"""Fixtures of the board, alert and kiosk tests: users by role, and display links."""

from __future__ import annotations

from typing import Any

import pytest
from django.contrib.auth.models import Group, User
from django.test import Client

from accounts import roles
from boards.models import Board
from screens.models import KioskLink, Rotation, RotationEntry


def user_with_role(username: str, role: str) -> User:
    user = User.objects.create_user(username, password="x")
    if role in roles.GROUPS:
        # get_or_create: tests with transaction=True flush the groups the migration made.
        user.groups.add(Group.objects.get_or_create(name=roles.GROUPS[role])[0])
    return user


@pytest.fixture
def supervisor(db: None) -> User:
    return user_with_role("sue", roles.SUPERVISOR)


@pytest.fixture
def viewer(db: None) -> User:
    return user_with_role("vic", roles.VIEWER)


@pytest.fixture
def supervisor_client(client: Client, supervisor: User) -> Client:
    client.force_login(supervisor)
    return client


@pytest.fixture
def viewer_client(viewer: User) -> Client:
    client = Client()  # its own session, beside `supervisor_client`
    client.force_login(viewer)
    return client


@pytest.fixture
def wall_board(demo_board: Board) -> Board:
    """Return the demo wall: one widget of every type (screens/demo.py)."""
    return Board.objects.get(slug="demo-wall")


@pytest.fixture
def rotation(demo_board: Board, wall_board: Board) -> Rotation:
    rotation = Rotation.objects.create(name="Floor")
    RotationEntry.objects.create(rotation=rotation, board=demo_board, seconds=10, position=0)
    RotationEntry.objects.create(rotation=rotation, board=wall_board, seconds=20, position=1)
    return rotation


@pytest.fixture
def board_link(demo_board: Board, supervisor: User) -> tuple[KioskLink, str]:
    """Return a display link to the demo board and its token."""
    return KioskLink.create("TV by the door", demo_board, supervisor)


def widget(**options: Any) -> dict[str, Any]:
    """Return a single-statistic widget with `options` over the defaults."""
    return {
        "id": "t",
        "type": "total",
        "stat": "agents_ready",
        "x": 0,
        "y": 0,
        "w": 2,
        "h": 2,
        **options,
    }
