"""Request bodies over the upload limit are refused while they stream in.

Django's ASGI handler reads a request's whole body into a temporary file before any
view or upload handler sees it, so the upload handler (console/uploads.py), which says
in the page that a file is too large, could refuse a 300 MB upload only once 300 MB had
been written to disk. This wraps the HTTP application and refuses sooner: a request
that announces (Content-Length) or sends more than WALLBOARD_UPLOAD_MAX_BYTES plus
`SLACK` is answered 413 at once, with a short page that says why, and no more of it is
read. A body within that reaches the view, whose upload handler says in the page that
the file is too large.
"""

from __future__ import annotations

import html
from typing import Any

from django.conf import settings

# Room for the form around the file: its other fields, boundaries and headers.
SLACK = 1_000_000

Scope = dict[str, Any]
Message = dict[str, Any]


class TooLarge(Exception):
    """The body went past the limit while it was being read."""


class BodyLimit:
    """ASGI middleware for HTTP: refuse bodies over the upload limit as they come."""

    def __init__(self, app: Any) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Any, send: Any) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        limit = settings.WALLBOARD_UPLOAD_MAX_BYTES + SLACK
        announced = content_length(scope)
        if announced is not None and announced > limit:
            await refuse(send)
            return
        received = 0

        async def counted() -> Message:
            nonlocal received
            message: Message = await receive()
            if message["type"] == "http.request":
                received += len(message.get("body", b""))
                if received > limit:
                    raise TooLarge
            return message

        try:
            await self.app(scope, counted, send)
        except TooLarge:
            # Django reads the whole body before it answers, so nothing was sent yet.
            await refuse(send)


def content_length(scope: Scope) -> int | None:
    """Return the request's Content-Length, or None if it has none or a malformed one."""
    for name, value in scope.get("headers", []):
        if name == b"content-length":
            text = value.decode("latin-1").strip()
            if text.isascii() and text.isdecimal() and len(text) <= 20:
                return int(text)
            return None
    return None


async def refuse(send: Any) -> None:
    """Answer 413 with a page that says what the limit is."""
    limit = f"{settings.WALLBOARD_UPLOAD_MAX_BYTES / 1_000_000:g} MB"
    text = (
        "<!doctype html><title>Too large</title>"
        f"<p>This request is larger than the {html.escape(limit)} an upload may be: "
        "split the file into smaller files and import each. Nothing was changed.</p>"
        '<p><a href="javascript:history.back()">Back</a></p>'
    ).encode()
    await send(
        {
            "type": "http.response.start",
            "status": 413,
            "headers": [
                (b"content-type", b"text/html; charset=utf-8"),
                (b"content-length", str(len(text)).encode()),
                (b"connection", b"close"),
            ],
        }
    )
    await send({"type": "http.response.body", "body": text})
