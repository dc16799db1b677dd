from __future__ import annotations

from django.urls import path

from stats import views

urlpatterns = [
    path("boards/", views.board_list, name="board-list"),
    path("boards/<slug:slug>/", views.board_detail, name="board-detail"),
    path("healthz", views.healthz, name="healthz"),
    path("metrics", views.prometheus_metrics, name="metrics"),
]
