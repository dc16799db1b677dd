"""Where widgets sit on a board: a grid of 12 columns by 12 rows, as in BP's own
wallboard (docs/upstream/bpcc-statistics.md §2, "Layout").

A widget's place is `x`, `y` (its top-left cell, from 0) and `w`, `h` (cells it spans).
The board always fills the screen, so a cell is 1/12 of its width and of its height.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

COLUMNS = 12
ROWS = 12
PLACE_KEYS = ("x", "y", "w", "h")

Box = tuple[int, int, int, int]


def box(widget: dict[str, Any]) -> Box:
    """Return a placed widget's (x, y, w, h)."""
    return (widget["x"], widget["y"], widget["w"], widget["h"])


def is_placed(widget: dict[str, Any]) -> bool:
    return all(isinstance(widget.get(key), int) for key in PLACE_KEYS)


def fits(place: Box) -> bool:
    """Return True if `place` lies inside the board."""
    x, y, w, h = place
    return x >= 0 and y >= 0 and w >= 1 and h >= 1 and x + w <= COLUMNS and y + h <= ROWS


def overlap(a: Box, b: Box) -> bool:
    """Return True if two places share at least one cell."""
    ax, ay, aw, ah = a
    bx, by, bw, bh = b
    return ax < bx + bw and bx < ax + aw and ay < by + bh and by < ay + ah


def overlapping(widgets: list[dict[str, Any]]) -> list[tuple[int, int]]:
    """Return the index pairs of placed widgets that overlap."""
    placed = [(i, box(w)) for i, w in enumerate(widgets) if is_placed(w)]
    return [(i, j) for n, (i, a) in enumerate(placed) for j, b in placed[n + 1 :] if overlap(a, b)]


def free_place(taken: Iterable[Box], size: tuple[int, int]) -> Box | None:
    """Return the first free place of `size` (w, h), row by row; shrink if none fits."""
    taken = list(taken)
    w, h = size
    while w >= 1 and h >= 1:
        for y in range(ROWS - h + 1):
            for x in range(COLUMNS - w + 1):
                if not any(overlap((x, y, w, h), t) for t in taken):
                    return (x, y, w, h)
        w, h = (w - 1, h) if w >= h else (w, h - 1)
    return None


def place_missing(widgets: list[dict[str, Any]], sizes: dict[str, tuple[int, int]]) -> bool:
    """Give every unplaced widget the first free place of its type's size, in order.

    Return False when the board is full and some widget found no place at all.
    """
    taken = [box(w) for w in widgets if is_placed(w)]
    for widget in widgets:
        if is_placed(widget):
            continue
        place = free_place(taken, sizes.get(widget.get("type", ""), (2, 2)))
        if place is None:
            return False
        widget.update(zip(PLACE_KEYS, place, strict=True))
        taken.append(place)
    return True
