"""Calling lists and their records, and how records are checked on the way in.

Each record gets a MongoDB-style `_id` (24 hex digits, growing with time, so sorting by
it is sorting by insertion, as the seed's cursors assume) and an index from 0 in order
of insertion (the DEPRECATED methods page by it). Records are found by their key fields;
a PHONE key matches its stored (normalised) value or the value as it was given.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from simulator.fields import Format, FormatError, Value, blank, convert

# The per-record error kinds of the bulk methods (seed 002, "Add Many Records", "Update
# Many Records", DNC "Delete Many Records").
LIMIT_EXCEEDED = "limitExceeded"
MISSING_KEY = "missingKey"
DUPLICATE_KEY = "duplicateKey"
MISSING_REQUIRED = "missingRequired"
FORMAT_ERROR = "formatError"
KEY_NOT_FOUND = "keyNotFound"

Key = tuple[str, ...]


class Refused(Exception):
    """A request cannot be carried out: the status and description to answer with."""

    def __init__(self, status: int, description: str) -> None:
        super().__init__(description)
        self.status = status
        self.description = description


class RecordError(Exception):
    """A record was refused; `kind` is one of the per-record error names."""

    def __init__(self, kind: str, detail: str) -> None:
        super().__init__(detail)
        self.kind = kind


class ObjectIds:
    """Make MongoDB-like ids: the creation second, then a counter, in 24 hex digits."""

    def __init__(self) -> None:
        self._count = 0

    def next(self, now: float) -> str:
        self._count += 1
        return f"{int(now):08x}{self._count:016x}"


@dataclass
class Record:
    oid: str
    index: int
    created: float
    values: dict[str, Value]
    raw_key: Key  # the key values as they were given, before normalisation
    deleted: bool = False


@dataclass
class CallingList:
    """A calling list: a name, a format and its records in order of insertion."""

    id: str
    oid: str
    name: str
    format: Format
    created: float
    records: dict[str, Record] = field(default_factory=dict)
    # Bumped whenever records come or go, so dialing orders know to rebuild.
    version: int = 0

    def __post_init__(self) -> None:
        self._by_key: dict[Key, Record] = {}
        self._by_raw: dict[Key, Record] = {}
        self._next_index = 0

    def __len__(self) -> int:
        return len(self.records)

    def add(self, oid: str, now: float, values: dict[str, Value], raw_key: Key) -> Record:
        record = Record(oid, self._next_index, now, values, raw_key)
        self._next_index += 1
        self.records[oid] = record
        if self.format.keys:  # without key fields nothing identifies a record
            self._by_key[self.key_of(values)] = record
            self._by_raw[raw_key] = record
        self.version += 1
        return record

    def remove(self, record: Record) -> None:
        if self.records.pop(record.oid, None) is None:
            return
        record.deleted = True
        self._by_key.pop(self.key_of(record.values), None)
        if self._by_raw.get(record.raw_key) is record:
            del self._by_raw[record.raw_key]
        self.version += 1

    def clear(self) -> int:
        """Remove every record; return how many there were."""
        count = len(self.records)
        for record in list(self.records.values()):
            self.remove(record)
        return count

    def key_of(self, values: dict[str, Value]) -> Key:
        return tuple(str(values.get(f.name, "")) for f in self.format.keys)

    def has_key(self, key: Key) -> bool:
        return bool(self.format.keys) and key in self._by_key

    def find(self, given: dict[str, Any]) -> Record | None:
        """Return the record whose key fields match `given`; raise RecordError(missingKey)."""
        if not self.format.keys:
            raise RecordError(MISSING_KEY, "the list's format has no key fields")
        raw = raw_key(self.format, given)
        normalised = []
        for spec, value in zip(self.format.keys, raw, strict=True):
            try:
                normalised.append(str(convert(spec, value)))
            except FormatError:
                normalised.append(value)
        return self._by_key.get(tuple(normalised)) or self._by_raw.get(raw)


def raw_key(fmt: Format, given: dict[str, Any]) -> Key:
    """Return the key values of `given` as text; raise RecordError(missingKey)."""
    missing = [f.name for f in fmt.keys if blank(given.get(f.name))]
    if missing:
        raise RecordError(MISSING_KEY, f"missing key field(s): {', '.join(missing)}")
    return tuple(str(given[f.name]).strip() for f in fmt.keys)


def check_new(fmt: Format, item: Any) -> tuple[dict[str, Value], Key]:
    """Return a new record's stored values and raw key; raise RecordError if refused."""
    if not isinstance(item, dict):
        raise RecordError(FORMAT_ERROR, "a record must be an object")
    _unknown_fields(fmt, item)
    key = raw_key(fmt, item)
    missing = [f.name for f in fmt.stored if f.required and blank(item.get(f.name))]
    if missing:
        raise RecordError(MISSING_REQUIRED, f"missing required field(s): {', '.join(missing)}")
    if all(blank(item.get(f.name)) for f in fmt.phones):
        raise RecordError(MISSING_REQUIRED, "at least one phone number is required")
    values = {}
    for spec in fmt.stored:
        if not blank(item.get(spec.name)):
            values[spec.name] = _convert(spec, item[spec.name])
    return values, key


def check_update(fmt: Format, item: Any) -> dict[str, Value | None]:
    """Return the changes an update asks for (None: reset); raise RecordError if refused."""
    if not isinstance(item, dict):
        raise RecordError(FORMAT_ERROR, "a record must be an object")
    _unknown_fields(fmt, item)
    raw_key(fmt, item)
    changes: dict[str, Value | None] = {}
    for spec in fmt.stored:
        if spec.key or spec.name not in item:
            continue
        if blank(item[spec.name]):
            if spec.required:
                raise RecordError(FORMAT_ERROR, f"required field '{spec.name}' cannot be reset")
            changes[spec.name] = None
        else:
            changes[spec.name] = _convert(spec, item[spec.name])
    return changes


def apply_update(record: Record, changes: dict[str, Value | None]) -> None:
    for name, value in changes.items():
        if value is None:
            record.values.pop(name, None)
        else:
            record.values[name] = value


def _unknown_fields(fmt: Format, item: dict[str, Any]) -> None:
    # Skipped fields are known: the seed says sending them is no error, they are ignored.
    unknown = [name for name in item if name not in fmt.by_name]
    if unknown:
        raise RecordError(FORMAT_ERROR, f"unsupported field(s): {', '.join(unknown)}")


def _convert(spec: Any, value: Any) -> Value:
    try:
        return convert(spec, value)
    except FormatError as exc:
        raise RecordError(FORMAT_ERROR, str(exc)) from None


class ErrorReport:
    """The per-record errors of one bulk request, grouped by kind, in the seed's form."""

    def __init__(self) -> None:
        self.by_kind: dict[str, list[Any]] = {}

    def add(self, kind: str, item: Any) -> None:
        self.by_kind.setdefault(kind, []).append(item)

    def body(self, counter: str, count: int) -> dict[str, Any]:
        """Return `{counter: count, "error": {...}}`, without "error" when there is none."""
        result: dict[str, Any] = {counter: count}
        if self.by_kind:
            result["error"] = self.by_kind
        return result


def entry(fmt: Format, record: Record) -> dict[str, Value]:
    """Return a record's entry: every stored field, in column order, "" when empty."""
    return {f.name: record.values.get(f.name, "") for f in fmt.stored}
