"""Every repository path a file cites exists, so a reader who follows a citation finds it.

A citation is a relative path with a known extension that either has a `/` in it
(`stats/hub.py`, `docs/upstream/realtime-stats-api.md`) or is a bare document name
(`README.md`). A bare name must be a file at the root: elsewhere, write the full path.
"""

from __future__ import annotations

import posixpath
import re
import subprocess
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

SCANNED = re.compile(r"\.(py|js|html|css|md|toml|conf|cfg|txt|sh)$|(^|/)Makefile$")
# A path-like token ending in a known extension. The look-behind keeps a match from
# starting inside a word, a URL or a longer path; the look-ahead from ending inside one.
CITED = re.compile(
    r"(?<![\w./:@-])([\w.{}<>*$%~/-]+\.(?:md|py|js|html|css|json|txt|toml|conf|sh|sqlite3))"
    r"(?![\w/-])"
)

# The exclusions, each with its reason; keep this list short.
# Files not scanned: upstream's own text, which cites upstream's files, not ours; and this
# file, whose examples cite missing files on purpose.
NOT_SCANNED = re.compile(r"^docs/upstream/|^simulator/seeds/.*\.txt$|^tests/test_cited_paths\.py$")
# Template variables, URL parameters, globs and shell variables stand for many paths.
PLACEHOLDER = re.compile(r"[{}<>*$%~]")
# A Django URL pattern names a route (`path("campaigns/states.json", ...)`), not a file.
URL_PATTERN = re.compile(r"\b(?:re_)?path\(\s*[\"']")
# `/...` is a URL on the site; `var/` holds what `make run` makes (git ignores it).
NOT_IN_REPOSITORY = ("/", "var/")
# Templates that Django itself ships.
FROM_PACKAGES = frozenset({"admin/change_form.html"})
# Django's template and static-file finders know a file by its path under these folders.
FINDER_FOLDERS = frozenset({"templates", "static"})


@dataclass(frozen=True)
class Citation:
    source: str
    line: int
    path: str

    def __str__(self) -> str:
        return f"{self.source}:{self.line}: {self.path}"

    def target(self) -> str:
        """Return the cited path relative to the root (`./x.js` is relative to the source)."""
        if self.path.startswith(("./", "../")):
            folder = posixpath.dirname(self.source)
            return posixpath.normpath(posixpath.join(folder, self.path))
        return self.path


def tracked_files() -> list[str]:
    """Return the paths git tracks that are on disk, relative to the root."""
    listing = subprocess.run(
        ["git", "ls-files"], cwd=ROOT, capture_output=True, text=True, check=True
    ).stdout
    return [path for path in listing.splitlines() if (ROOT / path).is_file()]


def is_citation(token: str) -> bool:
    """Return True if TOKEN cites a file that should be in the repository."""
    if PLACEHOLDER.search(token) or token.startswith(NOT_IN_REPOSITORY):
        return False
    if token in FROM_PACKAGES:
        return False
    return "/" in token or token.endswith(".md")


def citations(source: str, text: str) -> Iterator[Citation]:
    """Yield every repository path that TEXT, the contents of SOURCE, cites."""
    for number, line in enumerate(text.splitlines(), start=1):
        if URL_PATTERN.search(line):
            continue
        for match in CITED.finditer(line):
            if is_citation(match.group(1)):
                yield Citation(source, number, match.group(1))


def known_names(tracked: Iterable[str]) -> set[str]:
    """Return every name a file may be cited by: its path, and the one its finder uses."""
    names = set(tracked)
    for path in tracked:
        parts = path.split("/")
        for index, part in enumerate(parts[:-1]):
            if part in FINDER_FOLDERS:
                names.add("/".join(parts[index + 1 :]))
    return names


def missing(cited: Iterable[Citation], tracked: list[str]) -> list[Citation]:
    """Return the citations whose file is not in TRACKED (a bare name: not at the root)."""
    names = known_names(tracked)
    at_root = {path for path in tracked if "/" not in path}
    return [c for c in cited if c.target() not in (names if "/" in c.path else at_root)]


def scanned_citations(tracked: list[str]) -> Iterator[Citation]:
    """Yield the citations in every file of TRACKED that is scanned."""
    for source in tracked:
        if SCANNED.search(source) and not NOT_SCANNED.search(source):
            yield from citations(source, (ROOT / source).read_text(errors="replace"))


def test_every_cited_path_exists() -> None:
    tracked = tracked_files()

    absent = missing(scanned_citations(tracked), tracked)

    assert not absent, "Cited paths that do not exist:\n" + "\n".join(map(str, absent))


def test_a_citation_of_a_missing_file_is_reported() -> None:
    text = (
        "See docs/nothing-here.md and README.md, not https://example.com/docs/x.md.\n"
        "Bare names elsewhere: realtime-stats-api.md; imports: ./dom.js.\n"
    )

    absent = missing(citations("static/js/board.js", text), tracked_files())

    assert [str(c) for c in absent] == [
        "static/js/board.js:1: docs/nothing-here.md",
        "static/js/board.js:2: realtime-stats-api.md",
    ]
