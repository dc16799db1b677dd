"""CSV imports into calling lists: read the file, map columns, send in chunks, account
for every row.

Add Many Records answers with the number added and the refused records grouped by
error kind (docs/upstream/list-management-api-v3.md "Add Many Records"); each refused record is
matched back to its line of the file. Rows that never reach the tenant (a row whose
width does not match the header, a request that failed) are reported too, under the
console's own kinds, so every row of the file is either added or in the report. Where
the console knows the list's format, a row that breaks one of its rules
(console/field_rules.py) is refused before it is sent, under the kind the tenant would
give, and each refusal names the value and the rule it broke.
"""

from __future__ import annotations

import csv
import io
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from console.field_rules import FieldRule, known, problems

# The documented kinds (seed 002, "Add Many Records"), then the console's own.
KINDS = {
    "limitExceeded": "The tenant's limit of records across all lists is reached.",
    "missingKey": "A key field is empty.",
    "duplicateKey": "A record with the same key is already in the list, or earlier in the file.",
    "missingRequired": "A required field is empty, or the row has no phone number.",
    "formatError": (
        "A value does not fit its field (a phone number or date in the wrong form, text "
        "in a number field), or a column is not a field of the list."
    ),
    "malformedRow": "The row does not have as many values as the header; it was not sent.",
    "requestFailed": "The request carrying this row failed; the row may not have been added.",
    "cellTooLong": (
        f"A value is longer than {csv.field_size_limit():,} characters (or a quote is "
        "never closed); the row was not sent."
    ),
    "unknownLine": "The tenant refused a record that matches no row sent (it changed it).",
    "alreadyInList": (
        "Sent again after the worker sending it stopped before the tenant answered; the "
        "tenant already has a record with its key, so the unanswered request added it "
        "(or the list had it already). It is in the list; it is not counted as refused."
    ),
    "notResent": (
        "Sent in a request the tenant never answered (the worker sending it stopped); "
        "you chose not to send it again, so it may or may not be in the list."
    ),
}
# The report's heading for each kind, in plain words.
HEADINGS = {
    "limitExceeded": "The tenant's limit of records is reached",
    "missingKey": "No key",
    "duplicateKey": "Key already in the list",
    "missingRequired": "A required value is missing",
    "formatError": "A value in the wrong form",
    "malformedRow": "Too few or too many values",
    "requestFailed": "The request failed",
    "cellTooLong": "A value too long to read",
    "unknownLine": "Refused, not found in the file",
    "alreadyInList": "Already in the list",
    "notResent": "Not sent again",
}
# The delimiter is guessed from this much of the start of the file, whole lines only.
SNIFF_BYTES = 16 * 1024
DELIMITERS = ",;\t|"


class BadFile(ValueError):
    """The upload cannot be read as a CSV file with a header row."""


@dataclass(frozen=True)
class Row:
    line: int
    values: list[str]
    too_long: bool = False  # a value passed the csv module's field limit


@dataclass(frozen=True)
class Refusal:
    line: int | None
    kind: str
    reason: str
    values: dict[str, Any]


def decode(raw: bytes) -> tuple[str, str, list[str]]:
    """Return the file's text, its delimiter and its header; raise BadFile."""
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        message = "The file is not UTF-8 text: save it as “CSV UTF-8” and upload it again."
        raise BadFile(message) from None
    if "\x00" in text:
        # UTF-16 text reads as UTF-8 with a NUL in every other byte; no database server
        # stores a NUL in text either.
        message = "The file holds NUL characters, so it is not UTF-8 text (UTF-16?): "
        raise BadFile(message + "save it as “CSV UTF-8” and upload it again.")
    delimiter = sniff(text[:SNIFF_BYTES])
    try:
        header = next(csv.reader(io.StringIO(text), delimiter=delimiter), [])
    except csv.Error:
        header = []
    if not [c for c in header if c.strip()]:
        raise BadFile("The file is empty or its first line is not a header of column names.")
    return text, delimiter, [c.strip() for c in header]


def sniff(sample: str) -> str:
    """Return the delimiter that splits the sample's lines into the most columns of the
    header's width (a comma if none splits the header).

    Each candidate is one pass of the csv parser over the sample, so the time is linear
    in its length, whatever its quotes (csv.Sniffer's regular expressions are not).
    """
    if len(sample) == SNIFF_BYTES and "\n" in sample:
        sample = sample[: sample.rindex("\n")]  # whole lines only
    best, best_score = ",", (0, 0)
    for delimiter in DELIMITERS:
        try:
            widths = [len(r) for r in csv.reader(io.StringIO(sample), delimiter=delimiter)]
        except csv.Error:
            continue
        if not widths or widths[0] < 2:
            continue
        score = (sum(1 for w in widths if w == widths[0]), widths[0])
        if score > best_score:
            best, best_score = delimiter, score
    return best


def rows(text: str, delimiter: str) -> Iterator[Row | None]:
    """Yield every row after the header with its line number (None for a blank line).

    A row with a value too long for the csv parser is yielded with `too_long` set, and
    reading goes on at the next line.
    """
    reader = csv.reader(io.StringIO(text), delimiter=delimiter)
    try:
        next(reader, None)
    except csv.Error:
        return
    while True:
        try:
            values = next(reader)
        except StopIteration:
            return
        except csv.Error:
            yield Row(reader.line_num, [], too_long=True)
            continue
        if not any(v.strip() for v in values):
            yield None
            continue
        yield Row(reader.line_num, values)


def record(
    row: Row, header: list[str], mapping: dict[str, str], rules: list[FieldRule] | None = None
) -> dict[str, str] | Refusal:
    """Return the record a row makes under `mapping` (column -> field), or its refusal:
    its width is wrong, or it breaks a rule of the list's format (`rules`, if known)."""
    if row.too_long:
        return Refusal(row.line, "cellTooLong", KINDS["cellTooLong"], {})
    if len(row.values) != len(header):
        reason = (
            f"{KINDS['malformedRow']} It has {len(row.values)} values; the header has "
            f"{len(header)} columns."
        )
        values = dict(zip(header, row.values, strict=False))
        return Refusal(row.line, "malformedRow", reason, values)
    made = {
        mapping[column]: value.strip()
        for column, value in zip(header, row.values, strict=True)
        if mapping.get(column)
    }
    broken = problems(made, rules) if rules and known(rules) else []
    if broken:
        text = " ".join(p.message for p in broken)
        return Refusal(row.line, broken[0].kind, text, dict(made))
    return made


def match(
    sent: list[tuple[int, dict[str, Any]]],
    errors: dict[str, list[Any]],
    rules: list[FieldRule] | None = None,
) -> list[Refusal]:
    """Return the refusals of one request, each matched to the line it was sent from.

    Equal records are matched in order, so each line is used once; for duplicateKey
    from the end, as the later of two equal rows is the one refused. A refused record
    that matches no line sent (the tenant changed it) is still reported, lineless.
    """
    unused = list(sent)
    refusals = []
    for kind, items in errors.items():
        for item in items:
            order = range(len(unused) - 1, -1, -1) if kind == "duplicateKey" else range(len(unused))
            at = next((i for i in order if unused[i][1] == item), None)
            line = None if at is None else unused.pop(at)[0]
            shown = item if isinstance(item, dict) else {"record": item}
            refusals.append(Refusal(line, kind, reason(kind, shown, rules or []), shown))
    return refusals


def reason(kind: str, values: dict[str, Any], rules: list[FieldRule] | None = None) -> str:
    """Return why the tenant refused a record: the values and the rules they broke where
    the console knows the list's format, else the kind's meaning with the empty values."""
    rules = rules or []
    if known(rules):
        given = {k: str(v).strip() for k, v in values.items()}
        broken = [p.message for p in problems(given, rules) if p.kind == kind]
        keys = [f"{r.name} “{given.get(r.name, '')}”" for r in rules if r.key]
        if broken:
            return " ".join(broken)
        if kind == "duplicateKey" and keys:
            return f"{' and '.join(keys)}: already in the list, or earlier in the file."
    text = KINDS.get(kind, f"The tenant refused it ({kind}).")
    empty = [name for name, value in values.items() if str(value).strip() == ""]
    if kind in ("missingKey", "missingRequired") and empty:
        text += f" Empty here: {', '.join(empty)}."
    return text


def summary(refusals: list[Refusal]) -> dict[str, int]:
    """Return how many refusals there are of each kind."""
    return dict(Counter(r.kind for r in refusals))
