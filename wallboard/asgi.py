"""ASGI entry point, wired as in the Channels tutorial (with wallboard/socket_auth.py
for who is asking on a socket, and wallboard/body_limit.py refusing request bodies over
the upload limit while they stream in)."""

from __future__ import annotations

import os

from django.core.asgi import get_asgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "wallboard.settings")
# Initialise Django before importing anything that touches models.
django_asgi_app = get_asgi_application()

from channels.routing import ProtocolTypeRouter, URLRouter  # noqa: E402
from channels.security.websocket import AllowedHostsOriginValidator  # noqa: E402

from wallboard.body_limit import BodyLimit  # noqa: E402
from wallboard.routing import websocket_urlpatterns  # noqa: E402
from wallboard.socket_auth import socket_auth_stack  # noqa: E402

application = ProtocolTypeRouter(
    {
        "http": BodyLimit(django_asgi_app),
        "websocket": AllowedHostsOriginValidator(
            socket_auth_stack(URLRouter(websocket_urlpatterns))
        ),
    }
)
