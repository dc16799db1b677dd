"""What boards tell the rest of the product when one changes: the live path (stats/)
listens and tells the board's open screens to fetch its new configuration.

A signal rather than a call, so that boards know nothing of sockets: the dependency
runs from stats/ to boards/, never back (see the README's app map).
"""

from __future__ import annotations

from django.dispatch import Signal

from boards.models import Board

DELETED = "deleted"  # the version a deleted board's screens are told

# Sent after the transaction that saved or deleted a board commits, with `board_id`,
# `group` (the board's channel-layer group) and `version` (DELETED when it is gone).
board_changed = Signal()


def board_saved(board: Board, version: str) -> None:
    board_changed.send(Board, board_id=board.pk, group=board.group_name, version=version)


def board_deleted(group: str, board_id: int) -> None:
    board_changed.send(Board, board_id=board_id, group=group, version=DELETED)
