"""Imports between apps run one way: down the README's app map.

The map is read from README.md (between `<!-- app-map -->` and `<!-- /app-map -->`),
top to bottom; an app may import itself and the apps below it. Every import counts,
those inside functions too. `wallboard/`'s composition modules (settings, URLs, ASGI,
routing, Celery) put the apps together and may import any of them; the simulator is a
program of its own and imports none.
"""

from __future__ import annotations

import ast
import re
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
COMPOSITION = {"wallboard.settings", "wallboard.urls", "wallboard.asgi", "wallboard.routing"}
COMPOSITION |= {"wallboard.celery", "wallboard.wsgi"}


@dataclass(frozen=True)
class Arrow:
    source: str  # the importing file, relative to the root
    line: int
    module: str  # the imported module

    def __str__(self) -> str:
        return f"{self.source}:{self.line} imports {self.module}"


def app_map(readme: str) -> list[str]:
    """Return the apps of the README's map, top first."""
    found = re.search(r"<!-- app-map -->\s*```\n(.*?)```\s*<!-- /app-map -->", readme, re.S)
    assert found, "README.md has no app map between <!-- app-map --> markers"
    return [line.split()[0] for line in found.group(1).splitlines() if line.strip()]


def imports(source: str, path: str) -> list[Arrow]:
    """Return every absolute import in `source`, wherever it is."""
    arrows = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            arrows += [Arrow(path, node.lineno, alias.name) for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
            arrows.append(Arrow(path, node.lineno, node.module))
    return arrows


def module_of(path: Path) -> str:
    return ".".join(path.relative_to(ROOT).with_suffix("").parts)


def wrong_way(arrow: Arrow, importer: str, order: list[str]) -> bool:
    """Return True if `arrow`, from module `importer`, goes against the map."""
    source_app, target_app = importer.split(".")[0], arrow.module.split(".")[0]
    if target_app not in order or source_app == target_app:
        return False  # a library, or within one app
    if source_app == "simulator":
        return True
    if importer in COMPOSITION:
        return False
    return order.index(target_app) < order.index(source_app)


def arrows_against(order: list[str], folders: list[str]) -> list[Arrow]:
    found = []
    for folder in folders:
        for path in sorted((ROOT / folder).rglob("*.py")):
            if "migrations" in path.parts:
                continue  # history: they name the models where they were then
            rel = str(path.relative_to(ROOT))
            for arrow in imports(path.read_text(), rel):
                if wrong_way(arrow, module_of(path), order):
                    found.append(arrow)
    return found


def test_the_readme_maps_every_app() -> None:
    order = app_map((ROOT / "README.md").read_text())
    packages = {p.parent.name for p in ROOT.glob("*/apps.py")} | {"wallboard"}
    assert set(order) == packages, "every app (and only apps) on the README's map"


def test_imports_between_apps_run_down_the_map() -> None:
    order = app_map((ROOT / "README.md").read_text())
    against = arrows_against(order, [*order, "simulator"])
    assert not against, "imports against the README's app map:\n" + "\n".join(map(str, against))


def test_an_import_up_the_map_is_caught() -> None:
    order = ["screens", "stats", "boards", "wallboard"]
    upward = imports("def f():\n    from stats import hub\n", "boards/x")
    downward = imports("from boards.models import Board\n", "stats/x")
    assert [wrong_way(a, "boards.x", order) for a in upward] == [True]
    assert [wrong_way(a, "stats.x", order) for a in downward] == [False]
    core = imports("from boards import views\n", "wallboard/x")
    assert [wrong_way(a, "wallboard.x", order) for a in core] == [True]
    assert [wrong_way(a, "wallboard.urls", order) for a in core] == [False]
