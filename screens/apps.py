"""Screens: board pages, kiosks and their display links, rotations, the screens page."""

from __future__ import annotations

from django.apps import AppConfig


class ScreensConfig(AppConfig):
    name = "screens"
    verbose_name = "Screens"
