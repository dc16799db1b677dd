"""Widget types, and the check every board passes before it is saved or imported.

A board is `{"title", "theme", "widgets": [...]}`; a widget is a dict with an `id`, a
`type` of the widget registry (boards/widget_types/), its place on the 12-by-12 grid
(`x`, `y`, `w`, `h`, see boards/layout.py) and the options of its type. `clean_board`
returns the cleaned board or raises `BoardError` listing every problem at once, each
naming the widget, so an import or a save either goes through whole or changes nothing.
Nothing here touches the database; each type reads its own options (`WidgetType.clean`).
"""

from __future__ import annotations

import re
from typing import Any

from boards import layout
from boards.widget_options import Reader, shown
from boards.widget_types import REGISTRY

THEMES = ("dark", "light", "contrast")
MAX_WIDGETS = 60
MOST_ERRORS = 30  # a generated board can have thousands; the first ones say enough
WIDGET_ID = re.compile(r"^[A-Za-z0-9_-]{1,40}$")
WIDGET_TYPES = REGISTRY
SIZES = {name: t.size for name, t in WIDGET_TYPES.items()}


class BoardError(ValueError):
    """A board that cannot be saved; `errors` says every reason, one line each, and
    `concerns` the positions of the widgets each reason is about (none: the board's)."""

    def __init__(self, errors: list[str], concerns: list[list[int]] | None = None) -> None:
        concerns = concerns if concerns is not None else [[] for _ in errors]
        if len(errors) > MOST_ERRORS:
            more = len(errors) - MOST_ERRORS + 1
            errors = [*errors[: MOST_ERRORS - 1], f"… and {more} more problems"]
            concerns = [*concerns[: MOST_ERRORS - 1], []]
        super().__init__("; ".join(errors))
        self.errors = errors
        self.concerns = concerns


def clean_board(data: object) -> dict[str, Any]:
    """Return the board `data` describes, cleaned and fully placed; raise BoardError."""
    errors: list[str] = []
    if not isinstance(data, dict):
        raise BoardError(["the board must be a JSON object with a title and widgets"])
    board = Reader(data, "board", errors)
    title = board.text("title", required=True)
    theme = board.choice("theme", THEMES, "dark")
    raw_widgets = data.get("widgets", [])
    if not isinstance(raw_widgets, list):
        raise BoardError([*errors, "board: 'widgets' must be a list"])
    if len(raw_widgets) > MAX_WIDGETS:
        raise BoardError([*errors, f"board: more than {MAX_WIDGETS} widgets"])
    concerns: list[list[int]] = [[] for _ in errors]
    widgets = []
    for i, raw in enumerate(raw_widgets):
        widgets.append(clean_widget(raw, i, errors))
        concerns += [[i] for _ in range(len(errors) - len(concerns))]
    _check_ids(widgets, errors, concerns)
    _check_places(widgets, errors, concerns)
    if errors:
        raise BoardError(errors, concerns)
    return {"title": title, "theme": theme, "widgets": widgets}


def describe(index: int, raw: object) -> str:
    """Return how errors name a widget: its number, and its title when it has one."""
    title = raw.get("title") if isinstance(raw, dict) else None
    return f"widget {index + 1}" + (f" ('{title}')" if isinstance(title, str) and title else "")


def clean_widget(raw: object, index: int, errors: list[str]) -> dict[str, Any]:
    """Return one widget cleaned, noting its problems in `errors`."""
    where = describe(index, raw)
    if not isinstance(raw, dict):
        errors.append(f"{where}: must be an object")
        return {}
    reader = Reader(raw, where, errors)
    kind = raw.get("type")
    if not isinstance(kind, str) or kind not in WIDGET_TYPES:
        known = ", ".join(WIDGET_TYPES)
        reader.error(f"unknown widget type {shown(kind)} (known types: {known})")
        return {}
    widget: dict[str, Any] = {"id": raw.get("id") or None, "type": kind}
    widget["title"] = reader.text("title")
    widget.update(_place(reader))
    widget.update(WIDGET_TYPES[kind].clean(reader))
    return {k: v for k, v in widget.items() if v is not None}


def _place(reader: Reader) -> dict[str, int]:
    keys = [k for k in layout.PLACE_KEYS if k in reader.raw]
    if not keys:
        return {}  # placed automatically, e.g. boards made before the editor
    place = {
        "x": reader.integer("x", 0, 0, layout.COLUMNS - 1),
        "y": reader.integer("y", 0, 0, layout.ROWS - 1),
        "w": reader.integer("w", 1, 1, layout.COLUMNS),
        "h": reader.integer("h", 1, 1, layout.ROWS),
    }
    if not layout.fits(layout.box(place)):
        reader.error("does not fit on the 12-by-12 grid")
    return place


def _check_ids(widgets: list[dict[str, Any]], errors: list[str], concerns: list[list[int]]) -> None:
    """Check the ids widgets came with, then give the others new ones."""
    seen: set[str] = set()
    for i, widget in enumerate(widgets):
        wid = widget.get("id")
        if wid is None:
            continue
        if not isinstance(wid, str) or not WIDGET_ID.match(wid):
            errors.append(f"{describe(i, widget)}: 'id' must be 1 to 40 letters, digits, - or _")
            concerns.append([i])
        elif wid in seen:
            errors.append(f"{describe(i, widget)}: id '{wid}' is used twice")
            concerns.append([i])
        seen.add(str(wid))
    for widget in widgets:
        if widget and widget.get("id") is None:
            widget["id"] = new_id(seen)
            seen.add(widget["id"])


def new_id(taken: set[str]) -> str:
    """Return a widget id not in `taken`."""
    n = len(taken) + 1
    while f"w{n}" in taken:
        n += 1
    return f"w{n}"


def _check_places(
    widgets: list[dict[str, Any]], errors: list[str], concerns: list[list[int]]
) -> None:
    for i, j in layout.overlapping(widgets):
        errors.append(f"{describe(i, widgets[i])} and {describe(j, widgets[j])} overlap")
        concerns.append([i, j])
    if not errors and not layout.place_missing(widgets, SIZES):
        errors.append("board: no room left on the 12-by-12 grid for every widget")
        concerns.append([])
