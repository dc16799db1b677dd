"""Every message of the screen socket, both ways (docs/protocol.md), in one place.

A server message has a TypedDict and a builder here; the code that sends it builds it
with the builder and serialises it once with `encode`, whatever the number of sockets
it goes to. A page's message has a TypedDict and a parser: `parse` returns the checked
message, or None for anything the server ignores (binary frames are never read; text
that is not a JSON object, an unknown type, a field of the wrong kind). The page's side
is static/js/messages.js; tests/test_messages.py keeps the three in step.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import TYPE_CHECKING, Any, Literal, NotRequired, TypedDict

from stats.health import Freshness
from stats.screen_registry import SCREEN_ID
from stats.snapshot import BoardData

if TYPE_CHECKING:
    from boards.models import AlertAck

# ---- From the server -------------------------------------------------------------


class SnapshotMessage(TypedDict):
    """The whole board: on connect, after `resync`, after `show` (stored by the poller)."""

    type: Literal["snapshot"]
    board: int
    epoch: str
    seq: int
    upstream_time: float
    data: BoardData


class WaitingMessage(TypedDict):
    """The board has no data yet."""

    type: Literal["waiting"]


class DeltaMessage(TypedDict):
    """What one poll changed on a board: only what changed, in `data`'s shape.

    Like every message about one board, it names it: a kiosk that moved on to the next
    board of its rotation drops a message of the previous one still in flight.
    """

    type: Literal["delta"]
    board: int
    epoch: str
    seq: int
    upstream_time: float
    changes: BoardData


class HeartbeatMessage(TypedDict):
    """Every few seconds, and right after the snapshot."""

    type: Literal["heartbeat"]
    board: int
    server_time: float
    every: float
    interval: float
    data: Freshness
    app_version: str
    epoch: NotRequired[str]
    seq: NotRequired[int]


class Ack(TypedDict):
    """An alert acknowledgement in force."""

    widget: str
    until: float
    by: str


class StateMessage(TypedDict):
    """The answer to `hello` (and, to a kiosk, to `show`)."""

    type: Literal["state"]
    board: int
    version: str
    acks: list[Ack]
    kiosk: NotRequired[str]


class ConfigMessage(TypedDict):
    """A board was saved or deleted (`version` is then boards.signals.DELETED)."""

    type: Literal["config"]
    board: int
    version: str


class AckMessage(TypedDict):
    """An alert was acknowledged."""

    type: Literal["ack"]
    board: int
    widget: str
    until: float
    by: str


class ReloadMessage(TypedDict):
    """A kiosk's rotation or hours changed."""

    type: Literal["reload"]


class CommandMessage(TypedDict):
    """The screens page's "identify" or "reload", to one kiosk."""

    type: Literal["command"]
    command: str


ServerMessage = (
    SnapshotMessage
    | WaitingMessage
    | DeltaMessage
    | HeartbeatMessage
    | StateMessage
    | ConfigMessage
    | AckMessage
    | ReloadMessage
    | CommandMessage
)


def snapshot(
    board: int, epoch: str, seq: int, upstream_time: float, data: BoardData
) -> SnapshotMessage:
    """Return a board's snapshot message."""
    return {
        "type": "snapshot",
        "board": board,
        "epoch": epoch,
        "seq": seq,
        "upstream_time": upstream_time,
        "data": data,
    }


def waiting() -> WaitingMessage:
    """Return the message of a board that has no data yet."""
    return {"type": "waiting"}


def delta(
    board: int, epoch: str, seq: int, upstream_time: float, changes: BoardData
) -> DeltaMessage:
    """Return a board's delta message: `changes` since `seq - 1` of `epoch`."""
    return {
        "type": "delta",
        "board": board,
        "epoch": epoch,
        "seq": seq,
        "upstream_time": upstream_time,
        "changes": changes,
    }


def heartbeat(
    board: int,
    server_time: float,
    every: float,
    interval: float,
    data: Freshness,
    app_version: str,
    head: tuple[str, int] | None = None,
) -> HeartbeatMessage:
    """Return a board's heartbeat; `head` is its latest (epoch, seq) when it has data."""
    message: HeartbeatMessage = {
        "type": "heartbeat",
        "board": board,
        "server_time": server_time,
        "every": every,
        "interval": interval,
        "data": data,
        "app_version": app_version,
    }
    if head is not None:
        message["epoch"], message["seq"] = head
    return message


def ack_in_force(ack: AlertAck) -> Ack:
    """Return what screens are told of an acknowledgement."""
    return {"widget": ack.widget_id, "until": ack.until.timestamp(), "by": ack.username}


def state(board: int, version: str, acks: list[Ack], kiosk: str | None = None) -> StateMessage:
    """Return a board's state; `kiosk` is the version of a kiosk's link's boards."""
    message: StateMessage = {"type": "state", "board": board, "version": version, "acks": acks}
    if kiosk is not None:
        message["kiosk"] = kiosk
    return message


def config(board: int, version: str) -> ConfigMessage:
    """Return the message that a board's configuration is now `version`."""
    return {"type": "config", "board": board, "version": version}


def ack(board: int, acknowledged: Ack) -> AckMessage:
    """Return the message that an alert of `board` was acknowledged."""
    return {"type": "ack", "board": board, **acknowledged}


def reload() -> ReloadMessage:
    """Return the message that tells a kiosk to reload."""
    return {"type": "reload"}


def command(name: str) -> CommandMessage:
    """Return the screens page's command `name` ("identify" or "reload") to a kiosk."""
    return {"type": "command", "command": name}


def encode(message: ServerMessage) -> str:
    """Return `message` as the text sent: once per message, never once per socket."""
    return json.dumps(message)


# Each server message's builder, by type.
BUILDERS: dict[str, Callable[..., ServerMessage]] = {
    "snapshot": snapshot,
    "waiting": waiting,
    "delta": delta,
    "heartbeat": heartbeat,
    "state": state,
    "config": config,
    "ack": ack,
    "reload": reload,
    "command": command,
}

# ---- From the page ---------------------------------------------------------------


class HelloMessage(TypedDict):
    """Any page, on every open of its socket: answered with `state`."""

    type: Literal["hello"]


class ResyncMessage(TypedDict):
    """Any page that lost the thread of the deltas: answered with the snapshot."""

    type: Literal["resync"]


class ShowMessage(TypedDict):
    """A kiosk, as its rotation moves on to `board`."""

    type: Literal["show"]
    board: int


class ReportMessage(TypedDict):
    """A kiosk about itself, after each heartbeat. `screen` is checked here; the other
    fields are the page's word, checked and cut by stats/screen_registry.py as it keeps
    them, and a wrong one is dropped, not the report."""

    type: Literal["report"]
    screen: str
    seq: NotRequired[object]
    started: NotRequired[object]
    app_version: NotRequired[object]
    heap: NotRequired[object]
    nodes: NotRequired[object]
    viewport: NotRequired[object]


ClientMessage = HelloMessage | ResyncMessage | ShowMessage | ReportMessage


def _hello(content: dict[str, Any]) -> HelloMessage:
    return {"type": "hello"}


def _resync(content: dict[str, Any]) -> ResyncMessage:
    return {"type": "resync"}


def _show(content: dict[str, Any]) -> ShowMessage | None:
    board = content.get("board")
    if not isinstance(board, int) or isinstance(board, bool):
        return None
    return {"type": "show", "board": board}


REPORTED = ("seq", "started", "app_version", "heap", "nodes", "viewport")


def _report(content: dict[str, Any]) -> ReportMessage | None:
    screen = content.get("screen")
    if not isinstance(screen, str) or not SCREEN_ID.match(screen):
        return None
    message: ReportMessage = {"type": "report", "screen": screen}
    message.update({key: content[key] for key in REPORTED if key in content})  # type: ignore[typeddict-item]
    return message


# Each page message's parser, by type: the checked message, or None to ignore it.
PARSERS: dict[str, Callable[[dict[str, Any]], ClientMessage | None]] = {
    "hello": _hello,
    "resync": _resync,
    "show": _show,
    "report": _report,
}


def parse(text: str) -> ClientMessage | None:
    """Return the page's message in `text`, checked; None if the server ignores it."""
    try:
        content = json.loads(text)
    except (ValueError, RecursionError):  # not JSON, or nested past Python's stack
        return None
    kind = content.get("type") if isinstance(content, dict) else None
    parser = PARSERS.get(kind) if isinstance(kind, str) else None
    return parser(content) if parser is not None else None
