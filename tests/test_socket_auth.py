"""Who is asking on a socket: the session cookie's user, resolved at connect, with the
server's `send` handed on untouched (wallboard/socket_auth.py)."""

from __future__ import annotations

from typing import Any

import pytest
from asgiref.sync import sync_to_async
from django.conf import settings
from django.contrib.auth.models import User
from django.test import Client

from wallboard.socket_auth import socket_auth_stack

pytestmark = pytest.mark.django_db(transaction=True)


class Inner:
    """An app that keeps the scope and the send it was called with."""

    scope: Any = None
    send: Any = None

    async def __call__(self, scope: Any, receive: Any, send: Any) -> None:
        self.scope, self.send = scope, send


async def server_send(message: Any) -> None:
    """Stands for the server's own send."""


def logged_in_cookie(user: User, password: str) -> bytes:
    client = Client()
    # The login form, not Client.login: django-axes needs the request.
    response = client.post("/accounts/login/", {"username": user.username, "password": password})
    assert response.status_code == 302
    name = settings.SESSION_COOKIE_NAME
    return f"{name}={client.cookies[name].value}".encode()


async def connect(cookie: bytes | None) -> Inner:
    inner = Inner()
    headers = [(b"cookie", cookie)] if cookie is not None else []
    scope = {"type": "websocket", "path": "/ws/boards/demo/", "headers": headers}
    await socket_auth_stack(inner)(scope, None, server_send)
    return inner


async def test_a_logged_in_session_brings_its_user_and_send_is_not_wrapped() -> None:
    user = await sync_to_async(User.objects.create_user)("ada", password="pw-ada")
    cookie = await sync_to_async(logged_in_cookie)(user, "pw-ada")

    inner = await connect(cookie)

    assert inner.scope["user"].pk == user.pk
    assert inner.send is server_send


@pytest.mark.parametrize("cookie", [None, b"sessionid=not-a-session", b"other=1"])
async def test_no_or_unknown_session_is_anonymous(cookie: bytes | None) -> None:
    inner = await connect(cookie)

    assert not inner.scope["user"].is_authenticated


async def test_a_session_from_before_a_password_change_is_anonymous() -> None:
    user = await sync_to_async(User.objects.create_user)("bea", password="pw-bea")
    cookie = await sync_to_async(logged_in_cookie)(user, "pw-bea")
    user.set_password("changed")
    await sync_to_async(user.save)()

    inner = await connect(cookie)

    assert not inner.scope["user"].is_authenticated
