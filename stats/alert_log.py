"""The alert history: each poll, every widget with thresholds gets its level (as the
screens compute it, boards/levels.py); a change from the level of the poll before is
logged as an `AlertEvent`, named as the screens' alert strip names it: the widget's
title and, for a grid, the row that sets its level ("Service levels · Sales").

The levels of the poll before are kept in Redis (`board:<id>:levels`), so a restarted
worker goes on where the last one stopped rather than logging every critical widget
again; when Redis has lost them (it restarted), the history's own last levels stand
in, so a Redis restart logs no event twice. Events older than `KEEP` are forgotten as
new ones come.
"""

from __future__ import annotations

import logging
from datetime import UTC, datetime, timedelta
from typing import Any, cast

import redis
from django.db import DatabaseError
from django.utils import timezone
from redis.typing import EncodableT, FieldT

from boards.levels import alert_subject, has_thresholds, widget_level
from boards.models import AlertEvent, Board

log = logging.getLogger(__name__)

KEEP = timedelta(days=90)


def levels_key(board_id: int) -> str:
    return f"wb:board:{board_id}:levels"


def record(r: redis.Redis, board: Board, data: Any, at: float) -> list[AlertEvent]:
    """Log the level changes of `board`'s widgets in `data` (polled at `at`); return the
    events logged. Never fails the poll: a database error is logged and retried at the
    next poll (the levels are remembered only once the events are written)."""
    key = levels_key(board.pk)
    widgets = [w for w in board.widget_list() if has_thresholds(w)]
    before = cast(dict[str, str], r.hgetall(key))
    # Redis forgot them (it restarted): the history has the levels last logged.
    restored = bool(widgets) and not before
    if restored:
        before = logged_levels(board, [w["id"] for w in widgets])
    levels: dict[FieldT, EncodableT] = {}  # widget id -> level, as Redis keeps it
    events: list[AlertEvent] = []
    when = datetime.fromtimestamp(at, UTC)
    for widget in widgets:
        level, value, stat = widget_level(widget, data)
        levels[widget["id"]] = level
        was = before.get(widget["id"], "normal")
        if level != was:
            events.append(
                AlertEvent(
                    board=board,
                    widget_id=widget["id"],
                    widget_title=alert_subject(widget, data),
                    from_level=was,
                    to_level=level,
                    stat=stat,
                    value=value,
                    at=when,
                )
            )
    if events:
        try:
            AlertEvent.objects.bulk_create(events)
            AlertEvent.objects.filter(at__lt=timezone.now() - KEEP).delete()
        except DatabaseError:
            log.exception("board %s: alert history not written; trying at the next poll", board.pk)
            return []
    if levels != before or restored:  # most polls change no level: nothing to write
        pipe = r.pipeline()
        pipe.delete(key)
        if levels:
            pipe.hset(key, mapping=levels)
        pipe.execute()
    return events


def logged_levels(board: Board, widget_ids: list[str]) -> dict[str, str]:
    """Return each widget's level as the history last logged it (none: normal)."""
    events = AlertEvent.objects.filter(board=board).order_by("-at", "-pk")
    levels = {}
    for widget_id in widget_ids:
        level = events.filter(widget_id=widget_id).values_list("to_level", flat=True).first()
        if level:
            levels[widget_id] = level
    return levels


def alerting_since(board_ids: list[int], scan: int = 500) -> dict[str, float]:
    """Return since when each alert now logged (level not normal) has been at its level,
    in epoch seconds, by "board id|subject|level": a screen just opened counts an alert's
    duration from there, not from when it first saw it (static/js/alertstrip.js). Only
    the latest `scan` events are read: an alert older than them counts from the screen."""
    latest: dict[tuple[int, str], AlertEvent] = {}
    for event in AlertEvent.objects.filter(board_id__in=board_ids)[:scan]:
        latest.setdefault((event.board_id, event.widget_id), event)
    return {
        f"{e.board_id}|{e.widget_title}|{e.to_level}": e.at.timestamp()
        for e in latest.values()
        if e.to_level != "normal"
    }
