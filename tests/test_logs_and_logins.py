"""Logs never show a display link's token, and logins are throttled: five failures
with one username from one address and that pair is refused for a while."""

from __future__ import annotations

import io
import logging
from collections.abc import Iterator

import pytest
from django.contrib.auth.models import User
from django.test import Client

from boards.models import Board
from screens.models import KioskLink

pytestmark = pytest.mark.django_db


@pytest.fixture
def console_log() -> Iterator[io.StringIO]:
    """Return what the console handler of settings.LOGGING writes, as it writes it."""
    [handler] = [h for h in logging.getLogger().handlers if h.name == "console"]
    assert isinstance(handler, logging.StreamHandler)
    written = io.StringIO()
    old = handler.setStream(written)
    try:
        yield written
    finally:
        handler.setStream(old)


@pytest.mark.usefixtures("use_redis")
def test_kiosk_tokens_are_masked_in_404_405_and_socket_lines(
    client: Client, demo_board: Board, console_log: io.StringIO
) -> None:
    _, token = KioskLink.create("TV", demo_board)

    assert client.get(f"/kiosk/{token}/nothing-here/").status_code == 404
    assert client.post(f"/kiosk/{token}/").status_code == 405
    assert client.get("/kiosk/guessed-token/history/?board=1").status_code == 404
    socket_line = '%s - "WebSocket %s" 403'
    logging.getLogger("uvicorn.error").warning(socket_line, "10.0.0.1:5000", f"/ws/kiosk/{token}/")

    written = console_log.getvalue()
    assert token not in written and "guessed-token" not in written
    assert "Not Found: /kiosk/…/nothing-here/" in written
    assert "Method Not Allowed (POST): /kiosk/…/" in written
    assert '"WebSocket /ws/kiosk/…/" 403' in written


def log_in(client: Client, password: str, address: str = "10.0.0.1") -> int:
    form = {"username": "ada", "password": password}
    return client.post("/accounts/login/", form, REMOTE_ADDR=address).status_code


def test_five_failed_logins_lock_the_username_at_that_address_even_with_the_password() -> None:
    User.objects.create_user("ada", password="right-pw-123")
    client = Client()

    failures = [log_in(client, f"wrong-{n}") for n in range(5)]

    assert failures == [200] * 4 + [429]  # the form again, then the lock
    assert log_in(client, "right-pw-123") == 429
    assert "_auth_user_id" not in client.session
    assert log_in(Client(), "right-pw-123", address="10.0.0.2") == 302


def test_a_good_login_clears_the_count_of_failures() -> None:
    User.objects.create_user("ada", password="right-pw-123")
    client = Client()

    for n in range(4):
        log_in(client, f"wrong-{n}")
    assert log_in(client, "right-pw-123") == 302
    client.logout()
    for n in range(4):
        log_in(client, f"wrong-again-{n}")

    assert log_in(client, "right-pw-123") == 302
