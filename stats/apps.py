"""The statistics pipeline: it tells screens when a board changes (boards.signals) and
when a session logs out."""

from __future__ import annotations

from typing import Any

from django.apps import AppConfig
from django.contrib.auth.signals import user_logged_out


def _logged_out(request: Any, **kwargs: Any) -> None:
    """Close the board sockets of the session being logged out, on every web process."""
    from stats import broadcast  # here: it needs the models, not ready at import

    key = getattr(getattr(request, "session", None), "session_key", None)
    if key:
        broadcast.session_ended(key)


class StatsConfig(AppConfig):
    name = "stats"
    verbose_name = "Statistics pipeline"

    def ready(self) -> None:
        from boards.signals import board_changed
        from stats import broadcast

        user_logged_out.connect(_logged_out, dispatch_uid="stats.logged_out")
        board_changed.connect(broadcast.board_changed, dispatch_uid="stats.board_changed")
