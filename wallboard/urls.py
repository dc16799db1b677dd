"""URL configuration.

Errors need no handler here: with DEBUG off, Django's own handlers render the styled
templates/403.html, 404.html, 500.html and 403_csrf.html, each with a way back.
"""

from __future__ import annotations

from django.contrib import admin
from django.urls import include, path

admin.site.site_header = "Wallboard administration"
admin.site.site_title = "Wallboard administration"

urlpatterns = [
    path("accounts/", include("django.contrib.auth.urls")),
    path("admin/", admin.site.urls),
    path("", include("boards.urls")),
    path("", include("screens.urls")),
    path("", include("stats.urls")),
    path("console/", include("console.urls")),
]
