"""The WebSocket of a kiosk: a board stream opened with a display link's token.

The token is checked on connect: unknown or showing nothing → 4404, revoked → 4410 (the
page reloads and says the link was revoked). A kiosk is read-only: it may ask for a
snapshot (`resync`), the board `state` (`hello`), to `show` another board of its own
rotation, and `report` itself for the screens page; nothing else. Revoking the link
closes its open sockets with 4410; a supervisor's "identify" and "reload" reach the
screen through its own group. A kiosk takes the same requests as a board socket
(stats/consumers.py), and the same limits.
"""

from __future__ import annotations

import os
import socket

from channels.db import database_sync_to_async

from boards.models import Board
from screens.config import kiosk_config
from screens.models import KioskLink
from stats import messages, screen_registry
from stats.consumers import BoardConsumer, board_state
from stats.hub import HUB
from wallboard import clock
from wallboard.params import whole

CLOSE_NOT_FOUND = 4404
CLOSE_REVOKED = 4410
PROCESS = f"{socket.gethostname()}:{os.getpid()}"


class Display:
    """What one display link may show, read once on connect."""

    def __init__(self, link: KioskLink) -> None:
        self.link = link
        self.boards: dict[int, Board] = {board.pk: board for board, _ in link.steps()}
        self.version = kiosk_config(link)["version"] if self.boards else ""

    def board(self, wanted: object) -> Board | None:
        """Return the board `wanted` (a board id) if this link shows it, else the first."""
        chosen = self.boards.get(wanted) if isinstance(wanted, int) else None
        return chosen or next(iter(self.boards.values()), None)


@database_sync_to_async
def _find_display(token: str) -> Display | None:
    link = KioskLink.objects.find(token)
    return Display(link) if link is not None else None


class KioskConsumer(BoardConsumer):
    """Stream the boards of one display link to one screen.

    Besides its board's group, a kiosk follows its link's group (reload, revoked) and,
    once it has reported itself, its screen's group (identify, reload), all through
    this process's hub like the board.
    """

    display: Display
    screen_id: str | None = None

    async def connect(self) -> None:
        found = await _find_display(self.scope["url_route"]["kwargs"]["token"])
        if found is None or not found.boards:
            await self.refuse(CLOSE_NOT_FOUND)
            return
        if found.link.revoked:
            await self.refuse(CLOSE_REVOKED)
            return
        self.display = found
        board = found.board(self._query_board())
        assert board is not None  # the link shows at least one board
        await self.start(board)

    async def joined(self) -> None:
        await HUB.join(self, self.display.link.group_name)

    def _query_board(self) -> int | None:
        query = self.scope.get("query_string", b"").decode()
        for part in query.split("&"):
            key, _, value = part.partition("=")
            board = whole(value) if key == "board" else None
            if board is not None:
                return board
        return None

    def gone(self) -> None:
        super().gone()
        if self.screen_id:
            HUB.reports.disconnected(self.screen_id)

    async def answer(self, message: messages.ClientMessage) -> None:
        if message["type"] == "show":
            await self.show(message["board"])
        elif message["type"] == "report":
            await self.report(message)
        elif message["type"] == "hello":
            self.put(await board_state(self.board, self.display.version))
        else:
            await super().answer(message)

    async def show(self, wanted: int) -> None:
        """Switch this socket to board `wanted` of the link, as a rotation moves on; a
        board the link does not show, or the one on screen: nothing."""
        board = self.display.boards.get(wanted)
        if board is None or board.pk == self.board.pk:
            return
        self.unwatch()
        await self.watch(board)
        self.put(await board_state(board, self.display.version))

    async def report(self, message: messages.ReportMessage) -> None:
        """Keep the screen's report for the registry the screens page reads."""
        screen_id = message["screen"]
        if self.screen_id != screen_id:
            if self.screen_id:
                HUB.leave(self, screen_registry.group_name(self.screen_id))
            self.screen_id = screen_id
            await HUB.join(self, screen_registry.group_name(screen_id))
        link = self.display.link
        fields = {
            **screen_registry.client_fields(message),
            "name": link.name,
            "link": str(link.pk),
            "board": str(self.board.pk),
            "board_title": self.board.title,
            "process": PROCESS,
        }
        HUB.reports.add(screen_id, fields, clock.estimate())

    def revoke(self) -> None:
        if self.outbox is not None:
            self.outbox.close(CLOSE_REVOKED)
