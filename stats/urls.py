"""The deployment's endpoints: health for load balancers, metrics for Prometheus."""

from __future__ import annotations

from django.urls import path

from stats import views

urlpatterns = [
    path("healthz", views.healthz, name="healthz"),
    path("metrics", views.prometheus_metrics, name="metrics"),
]
