"""The deployment's endpoints (health for load balancers, metrics for Prometheus), and
the editor's live canvas (stats/preview.py)."""

from __future__ import annotations

from django.urls import path

from stats import preview, views

urlpatterns = [
    path("healthz", views.healthz, name="healthz"),
    path("metrics", views.prometheus_metrics, name="metrics"),
    path("boards/editor/preview/", preview.board_preview, name="board-preview"),
]
