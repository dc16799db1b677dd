"""WebSocket routes, all under /ws/."""

from __future__ import annotations

from django.urls import path

from stats.consumers import BoardConsumer

websocket_urlpatterns = [
    path("ws/boards/<slug:slug>/", BoardConsumer.as_asgi()),
]
