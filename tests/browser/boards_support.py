"""Helpers of the board, alert and kiosk browser tests: users, boards and display links
made in the stack's own database through its management commands."""

from __future__ import annotations

import json
from typing import Any

from playwright.sync_api import Page, expect

from tests.conftest import Stack

SUPERVISOR = "sup"
SUPERVISOR_PASSWORD = "supervisor-password-for-tests"
_made: set[int] = set()


def ensure_supervisor(stack: Stack) -> tuple[str, str]:
    """Create the supervisor of these tests once per stack; return its credentials."""
    if id(stack) not in _made:
        stack.create_user(SUPERVISOR, SUPERVISOR_PASSWORD, "supervisor")
        _made.add(id(stack))
    return SUPERVISOR, SUPERVISOR_PASSWORD


def log_in_as(page: Page, stack: Stack, username: str, password: str, path: str) -> None:
    """Log in through the login form and land on `path`."""
    page.goto(f"{stack.web_url}/accounts/login/?next={path}")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Log in").click()
    expect(page).to_have_url(f"{stack.web_url}{path}")


def put_board(stack: Stack, slug: str, title: str, widgets: list[dict[str, Any]]) -> None:
    """Make (or replace) a board in the stack, as `manage.py import_board` does."""
    path = stack.logs / f"board-{slug}.json"
    path.write_text(json.dumps({"title": title, "widgets": widgets}))
    stack.manage("import_board", str(path), "--slug", slug)


def delete_board(stack: Stack, slug: str) -> None:
    code = f"from boards.models import Board; Board.objects.filter(slug='{slug}').delete()"
    stack.manage("shell", "-c", code)


def kiosk_path(
    stack: Stack, name: str, *, board: str = "", rotation: str = "", hours: str = ""
) -> str:
    """Make a display link for a board or a rotation; return its path (Stack.kiosk_path)."""
    return stack.kiosk_path(name, board=board, rotation=rotation, hours=hours)


def put_rotation(stack: Stack, name: str, steps: list[tuple[str, int]]) -> None:
    """Make (or remake) a rotation of boards (slug, seconds) in the stack."""
    code = (
        "from boards.models import Board\nfrom screens.models import Rotation, RotationEntry\n"
        f"rotation, _ = Rotation.objects.get_or_create(name={name!r})\n"
        "rotation.entries.all().delete()\n"
        f"for i, (slug, seconds) in enumerate({steps!r}):\n"
        "    board = Board.objects.get(slug=slug)\n"
        "    RotationEntry.objects.create(rotation=rotation, board=board, seconds=seconds,"
        " position=i)\n"
    )
    stack.manage("shell", "-c", code)


def no_scrollbars(page: Page) -> bool:
    return bool(
        page.evaluate(
            """() => {
              const root = document.scrollingElement;
              return root.scrollWidth <= innerWidth && root.scrollHeight <= innerHeight;
            }"""
        )
    )
