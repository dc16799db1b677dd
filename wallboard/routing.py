"""WebSocket routes, all under /ws/."""

from __future__ import annotations

from django.urls import path

from screens.consumers import KioskConsumer
from stats.consumers import BoardConsumer

websocket_urlpatterns = [
    path("ws/boards/<slug:slug>/", BoardConsumer.as_asgi()),
    path("ws/kiosk/<str:token>/", KioskConsumer.as_asgi()),
]
