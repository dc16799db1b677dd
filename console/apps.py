"""The campaign console: calling lists, campaigns, DNC lists and tasks of a tenant."""

from __future__ import annotations

from django.apps import AppConfig


class ConsoleConfig(AppConfig):
    """The campaign, calling list, DNC and task console for campaign admins."""

    name = "console"
    default_auto_field = "django.db.models.BigAutoField"
