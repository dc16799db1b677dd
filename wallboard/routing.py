"""WebSocket routes, all under /ws/, named: a page takes its socket's path from its view
(`socket_path`), never writes it itself."""

from __future__ import annotations

from django.urls import path, reverse

from screens.consumers import KioskConsumer
from stats.consumers import BoardConsumer

BOARD_SOCKET = "board-socket"
KIOSK_SOCKET = "kiosk-socket"

websocket_urlpatterns = [
    path("ws/boards/<slug:slug>/", BoardConsumer.as_asgi(), name=BOARD_SOCKET),
    path("ws/kiosk/<str:token>/", KioskConsumer.as_asgi(), name=KIOSK_SOCKET),
]
# What `reverse` reads of this module, given it as its URLconf.
urlpatterns = websocket_urlpatterns


def socket_path(name: str, **kwargs: str) -> str:
    """Return the path of the socket route `name`, e.g. socket_path(KIOSK_SOCKET, token=t)."""
    return reverse(name, urlconf=__name__, kwargs=kwargs)
