"""One definition per widget type: every type the server registers has its one browser
module, and a type can be added in one Python module and one JS module, which the
widget added to prove it (longest_wait) checks by searching the tree."""

from __future__ import annotations

import subprocess
from pathlib import Path

from boards.widget_types import REGISTRY

ROOT = Path(__file__).resolve().parents[2]
WIDGETS_JS = ROOT / "static/js/widgets"
PROOF = "longest_wait"


def test_every_registered_type_has_a_browser_module_and_no_module_is_left_over() -> None:
    modules = {path.stem for path in WIDGETS_JS.glob("*.js")} - {"registry"}

    assert modules == set(REGISTRY)


def test_the_editor_lists_the_types_in_their_order() -> None:
    assert list(REGISTRY)[:3] == ["total", "gauge", "sparkline"]
    assert len({kind.position for kind in REGISTRY.values()}) == len(REGISTRY)


def test_the_proof_type_is_named_only_by_its_own_two_modules_and_tests() -> None:
    # The tree as git sees it, untracked files too, but not what .gitignore leaves out.
    grep = subprocess.run(
        ["git", "grep", "-l", "--untracked", PROOF, "--", ".", ":!tests/"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
    )
    assert grep.returncode in (0, 1), grep.stderr  # 1: no file names it
    found = grep.stdout.split()

    assert sorted(found) == [f"boards/widget_types/{PROOF}.py", f"static/js/widgets/{PROOF}.js"]
