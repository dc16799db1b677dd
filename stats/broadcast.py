"""Tell open screens what changed, through the channel layer, from views and admin.

- a board saved or deleted: its group gets `config`, and pages drawn from another
  version reload;
- an alert acknowledged: its board's group gets `ack`, and every screen stops that
  alert's sound and flashing;
- kiosks are told of their rotations, links and commands by screens/broadcast.py;
- a user logged out: every hub closes that session's board sockets with 4401.
Each message is built by stats/messages.py and serialised once, here. A failure to
reach the channel layer is logged and never undoes the change that caused it: a screen
that missed a message catches up when it reconnects (`hello` on connect,
stats/consumers.py). Every event names its group, for the hub that hands it out
(stats/hub.py).
"""

from __future__ import annotations

import logging
from typing import Any

from asgiref.sync import async_to_sync
from channels.layers import get_channel_layer

from boards.models import AlertAck, Board
from boards.signals import DELETED
from stats import messages
from stats.hub import SESSIONS_GROUP, group_event, session_digest

log = logging.getLogger(__name__)


def send(group: str, kind: str, **fields: Any) -> None:
    """Send an event of `kind` to every socket of `group`, on every web process."""
    try:
        async_to_sync(get_channel_layer().group_send)(group, group_event(group, kind, **fields))
    except Exception:  # the change is saved; screens catch up when they reconnect
        log.exception("could not tell group %s about a change", group)


def send_text(group: str, message: messages.ServerMessage) -> None:
    """Send `message` as it is to every socket of `group`."""
    send(group, "board.message", text=messages.encode(message))


def board_changed(board_id: int, group: str, version: str, **_: Any) -> None:
    """Tell a board's screens its configuration changed (boards.signals.board_changed)."""
    send_text(group, messages.config(board_id, version))


def board_saved(board: Board, version: str) -> None:
    board_changed(board.pk, board.group_name, version)


def board_deleted(group: str, board_id: int) -> None:
    board_changed(board_id, group, DELETED)


def acknowledged(ack: AlertAck) -> None:
    board: Board = ack.board
    send_text(board.group_name, messages.ack(board.pk, messages.ack_in_force(ack)))


def session_ended(session_key: str) -> None:
    send(SESSIONS_GROUP, "session.ended", session=session_digest(session_key))
