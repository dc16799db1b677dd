"""Do-Not-Call lists: their entries, how they match records, and the bulk changes.

Seed 002, "DNC Lists": an entry is a DNC List Record JSON Object, a required non-empty
`key` (a phone number, postal code, area code, or the excluded field value) and an
optional `comment` (none on Record Exclusion lists). Keys are trimmed, integers become
strings, and capitalisation matters. The DEPRECATED methods take rows of values instead.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from simulator.fields import Format, blank
from simulator.lists import (
    DUPLICATE_KEY,
    FORMAT_ERROR,
    KEY_NOT_FOUND,
    MISSING_KEY,
    ErrorReport,
    Record,
    RecordError,
    Refused,
)

DNC_TYPES = (
    "INTERNAL",
    "GEOGRAPHIC_POSTAL",
    "GEOGRAPHIC_STATE",
    "GEOGRAPHIC_AREACODE",
    "EXCLUSION",
)
# Seed 002, "DNC Lists": the State/Province type is not supported by the API's changes.
READ_ONLY = frozenset({"GEOGRAPHIC_STATE"})
DISPOSITION = "Number matches DNC"
# The list field type a geographic DNC list matches records on.
GEOGRAPHIC_FIELD = {"GEOGRAPHIC_POSTAL": "ZIP_CODE", "GEOGRAPHIC_STATE": "STATE"}


@dataclass
class DncList:
    """A Do-Not-Call list: keys and their comments, in the order they were added."""

    id: str
    name: str
    type: str
    entries: dict[str, str] = field(default_factory=dict)  # key -> comment
    country: str = ""
    list_field: str = ""  # EXCLUSION lists: the list field whose value is excluded
    disposition: str = DISPOSITION

    def __post_init__(self) -> None:
        if self.type not in DNC_TYPES:
            raise ValueError(f"unknown DNC list type {self.type!r}")

    @property
    def has_comment(self) -> bool:
        return self.type != "EXCLUSION"

    def check_writable(self) -> None:
        """Raise Refused(403) when the API may not change this type of list."""
        if self.type in READ_ONLY:
            raise Refused(403, f"Modification of this type of list is not allowed: {self.type}")

    def matches(self, fmt: Format, record: Record, phone: str) -> bool:
        """Return True if this list forbids calling `phone` of `record`."""
        if self.type == "INTERNAL":
            return phone in self.entries
        if self.type == "GEOGRAPHIC_AREACODE":
            return area_code(phone) in self.entries
        if self.type == "EXCLUSION":
            return str(record.values.get(self.list_field, "")) in self.entries
        wanted = GEOGRAPHIC_FIELD[self.type]
        values = (record.values.get(f.name) for f in fmt.stored if f.type == wanted)
        return any(str(v) in self.entries for v in values if v is not None)

    def describe(self) -> dict[str, Any]:
        """Return the list as Get Campaign shows it in `dncLists`."""
        body: dict[str, Any] = {"id": self.id, "name": self.name, "type": self.type}
        if self.type.startswith("GEOGRAPHIC_"):
            body["Country"] = self.country
        if self.type == "EXCLUSION":
            body["listField"] = self.list_field
        body["disposition"] = self.disposition
        return body

    # --- changes ----------------------------------------------------------------------

    def add_many(self, items: list[Any]) -> dict[str, Any]:
        """Add DNC List Record objects; return `{"added": n, "error": {...}}`."""
        report, added = ErrorReport(), 0
        for item in items:
            try:
                key, comment = self._entry(item)
            except RecordError as exc:
                report.add(exc.kind, item)
                continue
            if key in self.entries:
                report.add(DUPLICATE_KEY, item)
                continue
            self.entries[key] = comment
            added += 1
        return report.body("added", added)

    def delete_many(self, items: list[Any]) -> dict[str, Any]:
        """Delete entries by key; return `{"deleted": n, "error": {...}}`."""
        report, deleted = ErrorReport(), 0
        for item in items:
            try:
                key, _ = self._entry(item, comment_allowed=True)
            except RecordError as exc:
                report.add(exc.kind, item)
                continue
            if self.entries.pop(key, None) is None:
                report.add(KEY_NOT_FOUND, item)
            else:
                deleted += 1
        return report.body("deleted", deleted)

    def add_rows(self, rows: list[Any], replace: bool = False) -> int:
        """Add rows of values (DEPRECATED methods), ignoring duplicates; return the count.

        With `replace`, the list's entries go first, once every row has been read.
        """
        parsed = [self._row(row, n) for n, row in enumerate(rows, start=1)]
        if replace:
            self.entries.clear()
        added = 0
        for key, comment in parsed:
            if key not in self.entries:
                self.entries[key] = comment
                added += 1
        return added

    def clear(self) -> int:
        count = len(self.entries)
        self.entries.clear()
        return count

    def _entry(self, item: Any, comment_allowed: bool = False) -> tuple[str, str]:
        if not isinstance(item, dict):
            raise RecordError(FORMAT_ERROR, "a DNC record must be an object")
        allowed = {"key", "comment"} if self.has_comment or comment_allowed else {"key"}
        if set(item) - allowed:
            raise RecordError(FORMAT_ERROR, "unsupported field(s) in a DNC record")
        if blank(item.get("key")):
            raise RecordError(MISSING_KEY, "the key field is required")
        return _text(item["key"]), _text(item.get("comment") or "")

    def _row(self, row: Any, number: int) -> tuple[str, str]:
        width = 2 if self.has_comment else 1
        if not isinstance(row, list) or not 1 <= len(row) <= width:
            raise Refused(400, f"row {number} must be an array of 1 to {width} values")
        if blank(row[0]):
            raise Refused(400, f"row {number} has an empty key")
        try:
            return _text(row[0]), _text(row[1]) if len(row) > 1 and row[1] else ""
        except RecordError as exc:
            raise Refused(400, f"row {number}: {exc}") from None


def _text(value: Any) -> str:
    if isinstance(value, bool) or not isinstance(value, str | int):
        raise RecordError(FORMAT_ERROR, f"{value!r} is not a string")
    return str(value).strip()


def area_code(phone: str) -> str:
    """Return the North American area code of a stored number, or "" for others."""
    digits = re.sub(r"\D", "", phone)
    if len(digits) == 11 and digits.startswith("1"):
        return digits[1:4]
    return digits[:3] if len(digits) == 10 else ""
