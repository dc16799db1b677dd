"""Tell open screens what changed, through the channel layer, from views and admin.

- a board saved or deleted: its group gets `{"type": "config", "board", "version"}`,
  and pages drawn from another version reload;
- an alert acknowledged: its board's group gets `{"type": "ack", "board", "widget",
  "until", "by"}`, and every screen stops that alert's sound and flashing;
- a rotation changed: the screens of its links get `{"type": "reload"}`;
- a display link revoked: its sockets close with 4410, and the page says so;
- "identify" or "reload" from the screens page: that one screen gets a `command`;
- a user logged out: every hub closes that session's board sockets with 4401.
Each message is serialised once, here. A failure to reach the channel layer is logged
and never undoes the change that caused it: a screen that missed a message catches up
when it reconnects (`hello` on connect, stats/consumers.py). Every event names its
group, for the hub that hands it out (stats/hub.py).
"""

from __future__ import annotations

import json
import logging
from typing import Any

from asgiref.sync import async_to_sync
from channels.layers import get_channel_layer

from stats import screens
from stats.hub import SESSIONS_GROUP, group_event, session_digest
from stats.models import AlertAck, Board, KioskLink, Rotation

log = logging.getLogger(__name__)
DELETED = "deleted"


def _send(group: str, kind: str, **fields: Any) -> None:
    try:
        async_to_sync(get_channel_layer().group_send)(group, group_event(group, kind, **fields))
    except Exception:  # the change is saved; screens catch up when they reconnect
        log.exception("could not tell group %s about a change", group)


def _text(group: str, message: dict[str, Any]) -> None:
    _send(group, "board.message", text=json.dumps(message))


def board_saved(board: Board, version: str) -> None:
    _text(board.group_name, {"type": "config", "board": board.pk, "version": version})


def board_deleted(group: str, board_id: int) -> None:
    _text(group, {"type": "config", "board": board_id, "version": DELETED})


def acknowledged(ack: AlertAck) -> None:
    board: Board = ack.board
    _text(board.group_name, {"type": "ack", "board": board.pk, **ack.message()})


def rotation_changed(rotation: Rotation) -> None:
    reload_links(list(rotation.kiosk_links.filter(revoked_at=None)))


def reload_links(links: list[KioskLink]) -> None:
    for link in links:
        _text(link.group_name, {"type": "reload"})


def link_revoked(link: KioskLink) -> None:
    _send(link.group_name, "kiosk.revoked")


def screen_command(screen_id: str, command: str) -> None:
    _send(screens.group_name(screen_id), "screen.command", command=command)


def session_ended(session_key: str) -> None:
    _send(SESSIONS_GROUP, "session.ended", session=session_digest(session_key))
