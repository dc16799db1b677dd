"""What a kiosk needs to draw: its boards in order, as a board page gets each one
(boards/boardconfig.py), and the version of it all."""

from __future__ import annotations

from typing import Any

from boards.boardconfig import board_config, version_of
from screens.models import KioskLink


def kiosk_config(link: KioskLink) -> dict[str, Any]:
    """Return what a kiosk needs: its boards in order, each with its seconds on screen,
    and its opening hours (None: always on)."""
    boards = [{**board_config(board), "seconds": seconds} for board, seconds in link.steps()]
    config: dict[str, Any] = {"name": link.name, "boards": boards, "hours": link.hours()}
    return {**config, "version": version_of(config)}
