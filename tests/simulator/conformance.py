"""Walk the seed Postman collections and compare the simulator's answers with them.

Each documented example response is one case: the area's test module turns the
example's request (a template with placeholders) into a concrete request against the
simulator, and the answer must carry the same status code and the same JSON keys at
every level. A test module lists a case for every example of its collection, so a
method of the seed the simulator forgets fails the suite.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

SEEDS = Path(__file__).resolve().parents[2] / "simulator" / "seeds"
STATUS_IN_NAME = re.compile(r"\b([1-5]\d\d)\b")


@dataclass(frozen=True)
class Example:
    """One documented example response and the request it answers."""

    folder: str
    request: str  # the request's name in the collection
    name: str  # the example's name
    method: str
    url: str  # raw URL template, e.g. https://<tenant_URL>/configapi/v3/job/:job_id
    status: int
    body: Any  # parsed JSON, None for an empty body, or the raw text if not JSON

    @property
    def key(self) -> tuple[str, str]:
        return (self.request, self.name)

    @property
    def path(self) -> str:
        """Return the URL's path template, without scheme, host and query."""
        without_host = re.sub(r"^https?:/+[^/]+", "", self.url)
        return without_host.split("?")[0]


def examples(seed: str) -> list[Example]:
    """Return every example response of a seed collection (file name prefix, e.g. "003")."""
    [path] = SEEDS.glob(f"{seed}_*.txt")
    collection = json.loads(path.read_text())
    return list(_walk(collection["item"], ""))


def _walk(items: list[dict[str, Any]], folder: str) -> Any:
    for item in items:
        if "item" in item:
            yield from _walk(item["item"], item["name"])
            continue
        for response in item.get("response", []):
            original = response.get("originalRequest") or item["request"]
            url = original["url"]["raw"] if isinstance(original["url"], dict) else original["url"]
            yield Example(
                folder,
                item["name"],
                response["name"],
                original["method"],
                url,
                _status(response),
                _body(response.get("body")),
            )


def _status(response: dict[str, Any]) -> int:
    """Return the example's status: its code, or the one its name gives when it has none."""
    if response.get("code"):
        return int(response["code"])
    found = STATUS_IN_NAME.search(response["name"])
    return int(found.group(1)) if found else 200


def _body(text: str | None) -> Any:
    if not text or not text.strip():
        return None
    try:
        return json.loads(text)
    except json.JSONDecodeError:
        return text


def shape(value: Any) -> Any:
    """Return the key structure of a JSON value: keys of objects, merged over list items."""
    if isinstance(value, dict):
        return {key: shape(item) for key, item in value.items()}
    if isinstance(value, list):
        merged: Any = None
        for item in value:
            merged = _merge(merged, shape(item))
        return [merged] if merged is not None else []
    return "value"


def _merge(a: Any, b: Any) -> Any:
    if a is None:
        return b
    if isinstance(a, dict) and isinstance(b, dict):
        return {k: _merge(a.get(k), b.get(k)) for k in {**a, **b}}
    if isinstance(a, list) and isinstance(b, list):
        return [_merge(a[0] if a else None, b[0] if b else None)] if a or b else []
    return a


def differences(expected: Any, actual: Any, where: str = "$") -> list[str]:
    """Return where two key structures differ; an empty list when they agree."""
    if isinstance(expected, dict):
        if not isinstance(actual, dict):
            return [f"{where}: expected an object, got {type(actual).__name__}"]
        problems = [f"{where}: missing key '{k}'" for k in expected if k not in actual]
        problems += [f"{where}: unexpected key '{k}'" for k in actual if k not in expected]
        for key in expected.keys() & actual.keys():
            problems += differences(expected[key], actual[key], f"{where}.{key}")
        return problems
    if isinstance(expected, list):
        if not isinstance(actual, list):
            return [f"{where}: expected a list, got {type(actual).__name__}"]
        if expected and not actual:
            return [f"{where}: expected items to compare, got an empty list"]
        if expected and actual:
            return differences(expected[0], actual[0], f"{where}[]")
        return []
    if isinstance(actual, dict | list):
        return [f"{where}: expected a plain value, got {type(actual).__name__}"]
    return []
