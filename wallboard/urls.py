"""URL configuration."""

from __future__ import annotations

from django.contrib import admin
from django.urls import include, path
from django.views.generic import RedirectView

urlpatterns = [
    path("", RedirectView.as_view(url="/boards/", permanent=False)),
    path("accounts/", include("django.contrib.auth.urls")),
    path("admin/", admin.site.urls),
    path("", include("boards.urls")),
    path("", include("screens.urls")),
    path("", include("stats.urls")),
    path("console/", include("console.urls")),
]
