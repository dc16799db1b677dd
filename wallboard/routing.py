"""WebSocket routes, all under /ws/."""

from __future__ import annotations

from django.urls import path

from stats.consumers import BoardConsumer
from stats.kiosk_consumer import KioskConsumer

websocket_urlpatterns = [
    path("ws/boards/<slug:slug>/", BoardConsumer.as_asgi()),
    path("ws/kiosk/<str:token>/", KioskConsumer.as_asgi()),
]
