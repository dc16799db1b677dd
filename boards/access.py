"""Who may go on watching a board: the check behind every open board socket.

A board socket is checked when it connects (stats/consumers.py). Afterwards its user
may log out, the session may expire or be cut by a password change, the user may be
deactivated, or lose the board's group, or the board may be disabled. Every
WALLBOARD_ACCESS_CHECK_SECONDS the hub (stats/hub.py) asks `refusals` about all its
board sockets at once: a handful of queries per process, whatever the number of
sockets. Kiosk sockets hold no session: revoking their display link closes them.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from importlib import import_module
from typing import Any, NamedTuple

from django.conf import settings
from django.contrib.auth import HASH_SESSION_KEY, SESSION_KEY, get_user_model
from django.utils import timezone
from django.utils.crypto import constant_time_compare

from boards.models import Board

# Close codes of docs/protocol.md: log in again; the board is not (or no longer) yours.
CLOSE_UNAUTHENTICATED = 4401
CLOSE_NOT_FOUND = 4404
# Ids per query: SQLite allows some thousands of parameters, other databases more.
CHUNK = 500


class Viewer(NamedTuple):
    """Who watches which board on one socket. `session_key` None: no session to check
    (a socket whose scope was built without one, as in consumer tests)."""

    session_key: str | None
    user_id: int
    board_id: int


def viewer_of(scope: dict[str, Any], board: Board) -> Viewer:
    """Return the viewer of a board socket that passed its connect checks."""
    session = scope.get("session")
    return Viewer(getattr(session, "session_key", None), scope["user"].pk, board.pk)


def refusals(viewers: Iterable[Viewer]) -> dict[Viewer, int]:
    """Return the viewers who may no longer watch, each with the code to close with:
    4401 if the session is gone or no longer logs its user in, 4404 if the board is
    disabled or no longer open to the user."""
    viewers = set(viewers)
    sessions = _sessions({v.session_key for v in viewers if v.session_key is not None})
    users = _active_users({v.user_id for v in viewers})
    boards = _boards({v.board_id for v in viewers})
    user_groups = _groups_of_users(set(users))
    refused = {}
    for viewer in viewers:
        user = users.get(viewer.user_id)
        if user is None or not _session_holds(sessions, viewer, user):
            refused[viewer] = CLOSE_UNAUTHENTICATED
        elif not _may_see(user, user_groups[user.pk], boards.get(viewer.board_id)):
            refused[viewer] = CLOSE_NOT_FOUND
    return refused


def _session_holds(sessions: dict[str, dict[str, Any]], viewer: Viewer, user: Any) -> bool:
    """Return True if the viewer's session still logs `user` in (as django.contrib.auth's
    get_user decides: the same user id, and the hash of the same password)."""
    if viewer.session_key is None:
        return True
    data = sessions.get(viewer.session_key)
    if data is None or str(data.get(SESSION_KEY)) != str(user.pk):
        return False
    return constant_time_compare(data.get(HASH_SESSION_KEY, ""), user.get_session_auth_hash())


def _may_see(user: Any, groups: set[int], board_groups: set[int] | None) -> bool:
    """Return True if `user` may see a board (None: disabled or gone), as
    `Board.objects.visible_to` decides."""
    if board_groups is None:
        return False
    return user.is_superuser or not board_groups or bool(board_groups & groups)


def _chunks(ids: set[Any]) -> Iterable[list[Any]]:
    ordered = sorted(ids)
    for start in range(0, len(ordered), CHUNK):
        yield ordered[start : start + CHUNK]


def _sessions(keys: set[str]) -> dict[str, dict[str, Any]]:
    """Return the data of the unexpired sessions among `keys`."""
    engine = import_module(settings.SESSION_ENGINE).SessionStore
    if not hasattr(engine, "get_model_class"):  # not in the database: one at a time
        return {key: data for key in keys if (data := engine(key).load())}
    model, decoder, now = engine.get_model_class(), engine(), timezone.now()
    found = {}
    for chunk in _chunks(keys):
        for row in model.objects.filter(session_key__in=chunk, expire_date__gt=now):
            found[row.session_key] = decoder.decode(row.session_data)
    return found


def _active_users(ids: set[int]) -> dict[int, Any]:
    model = get_user_model()
    found = {}
    for chunk in _chunks(ids):
        found.update({u.pk: u for u in model.objects.filter(pk__in=chunk, is_active=True)})
    return found


def _boards(ids: set[int]) -> dict[int, set[int]]:
    """Return the groups of each enabled board among `ids` (empty: open to all)."""
    found: dict[int, set[int]] = {}
    for chunk in _chunks(ids):
        enabled = Board.objects.enabled().filter(pk__in=chunk).values_list("pk", flat=True)
        found.update((pk, set()) for pk in enabled)
        pairs = Board.groups.through.objects.filter(board_id__in=chunk)
        for board_id, group_id in pairs.values_list("board_id", "group_id"):
            if board_id in found:
                found[board_id].add(group_id)
    return found


def _groups_of_users(ids: set[int]) -> dict[int, set[int]]:
    found: dict[int, set[int]] = defaultdict(set)
    through = get_user_model().groups.through
    for chunk in _chunks(ids):
        pairs = through.objects.filter(user_id__in=chunk).values_list("user_id", "group_id")
        for user_id, group_id in pairs:
            found[user_id].add(group_id)
    return found
