"""The widget registry: every widget type, by name, in the editor's order.

Each module of this package defines one widget type or a family of them and registers
each with `@register` (base.py); importing the package imports every module, so adding
a type is adding one module here (and its tile in static/js/widgets/<name>.js).
"""

from __future__ import annotations

import importlib
import pkgutil
from collections.abc import Iterable, Iterator, Mapping
from typing import Any

from boards.widget_types.base import REGISTERED, WidgetType

for _module in pkgutil.iter_modules(__path__):
    importlib.import_module(f"{__name__}.{_module.name}")

REGISTRY: dict[str, WidgetType[Any]] = dict(
    sorted(REGISTERED.items(), key=lambda item: item[1].position)
)


def widget_type(widget: Mapping[str, Any]) -> WidgetType[Any] | None:
    """Return the type of a widget, or None for a type no module defines."""
    return REGISTRY.get(str(widget.get("type")))


def typed(widgets: Iterable[dict[str, Any]]) -> Iterator[tuple[WidgetType[Any], dict[str, Any]]]:
    """Yield each widget of a known type with its type; skip the others."""
    for widget in widgets:
        kind = widget_type(widget)
        if kind is not None:
            yield kind, widget
