"""The console's URLs, all under /console/ and all for campaign admins."""

from __future__ import annotations

from django.urls import URLPattern

urlpatterns: list[URLPattern] = []
