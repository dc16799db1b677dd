"""Who is asking on a WebSocket: the session from its cookie and the session's user,
resolved once when the socket connects.

Channels' `AuthMiddlewareStack` does the same lazily, but its session middleware wraps
every `send` of the socket's life to save a session the socket might have changed.
Sockets here never change a session, and a board socket sends a message every poll;
at thousands of sockets per process that wrapper was a seventh of the web server's
CPU. This middleware hands `send` on untouched.
"""

from __future__ import annotations

from importlib import import_module
from typing import Any

from channels.auth import get_user
from channels.middleware import BaseMiddleware
from channels.sessions import CookieMiddleware
from django.conf import settings


class SessionUserMiddleware(BaseMiddleware):
    """Put the socket's `session` and `user` (AnonymousUser if none) in its scope."""

    async def __call__(self, scope: Any, receive: Any, send: Any) -> Any:
        store = import_module(settings.SESSION_ENGINE).SessionStore
        scope = dict(scope, session=store(scope["cookies"].get(settings.SESSION_COOKIE_NAME)))
        scope["user"] = await get_user(scope)
        return await self.inner(scope, receive, send)


def socket_auth_stack(inner: Any) -> Any:
    """Cookies, then session and user, in front of `inner` (as AuthMiddlewareStack)."""
    return CookieMiddleware(SessionUserMiddleware(inner))
