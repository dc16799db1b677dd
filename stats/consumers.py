"""The WebSocket consumer that streams one board to a browser or kiosk."""

from __future__ import annotations

from typing import Any

from channels.db import database_sync_to_async
from channels.generic.websocket import AsyncJsonWebsocketConsumer

from stats import store
from stats.models import Board

# Close codes in the 4000-4999 range reserved for applications.
CLOSE_UNAUTHENTICATED = 4401
CLOSE_NOT_FOUND = 4404


@database_sync_to_async
def _find_board(slug: str) -> Board | None:
    return Board.objects.enabled().filter(slug=slug).first()


class BoardConsumer(AsyncJsonWebsocketConsumer):
    """Send the board's snapshot on connect, then every delta the poller publishes.

    Messages are serialised once by the poller and forwarded as text, never re-encoded
    per socket. A client that sees a gap in `seq` asks for `{"type": "resync"}`.
    """

    board: Board

    async def connect(self) -> None:
        user = self.scope.get("user")
        if user is None or not user.is_authenticated:
            await self.refuse(CLOSE_UNAUTHENTICATED)
            return
        board = await _find_board(self.scope["url_route"]["kwargs"]["slug"])
        if board is None:
            await self.refuse(CLOSE_NOT_FOUND)
            return
        self.board = board
        # Join before reading the snapshot, so no delta falls between the two; the
        # client drops deltas whose seq its snapshot already covers.
        await self.channel_layer.group_add(board.group_name, self.channel_name)
        await self.accept()
        await self.send_snapshot()

    async def refuse(self, code: int) -> None:
        """Accept, then close with a code the page can act on.

        Closing before accepting answers the handshake with a bare HTTP 403, and the
        browser cannot tell "log in again" from "no such board" from a network fault.
        """
        await self.accept()
        await self.close(code=code)

    async def disconnect(self, code: int) -> None:
        if hasattr(self, "board"):
            await self.channel_layer.group_discard(self.board.group_name, self.channel_name)

    async def receive_json(self, content: Any, **kwargs: Any) -> None:
        if isinstance(content, dict) and content.get("type") == "resync":
            await self.send_snapshot()

    async def send_snapshot(self) -> None:
        text = await store.load_snapshot_text(self.board.pk)
        await self.send(text_data=text or '{"type": "waiting"}')

    async def board_message(self, event: dict[str, Any]) -> None:
        await self.send(text_data=event["text"])
