"""Which list field each CSV column goes to: suggested, then checked before an import starts.

A column is suggested the field of the same name once both are normalised ("Phone
Number", "phone_number" and "PHONE #" are all "phone"); failing that, the field its
sample values look like (phone numbers, e-mail addresses, dates). A field is suggested
for one column at most. An import may not start while a key or required field of the
list's format has no column, or one field has two.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass

from console.field_rules import DATE_FORMATS, DATE_TYPES, FieldRule, is_date
from console.phones import NotAPhone, phone_digits

# Trailing words that say a column holds "the number of" what its first words name.
SUFFIXES = frozenset({"number", "num", "no", "nr", "nbr"})
WORDS = re.compile(r"[A-Z]+(?![a-z])|[A-Z]?[a-z]+|\d+")
EMAIL = re.compile(r"[^@\s]+@[^@\s]+\.[^@\s.]+")
FEWEST_PHONE_DIGITS = 7
PLURALS = {"phone number": "phone numbers", "e-mail address": "e-mail addresses", "date": "dates"}
# Names that say what a field holds when the console does not know the field's type.
NAMED = {
    "phone": frozenset({"phone", "mobile", "cell", "tel", "telephone"}),
    "email": frozenset({"email", "mail"}),
    "date": frozenset({"date", "time", "day"}),
}


@dataclass(frozen=True)
class Suggestion:
    field: str
    why: str  # shown beside the column: "same name", "values look like phone numbers"


def normalised(name: str) -> str:
    """Return a column or field name without case, spaces, punctuation or a trailing
    "number"/"no"/"#", accents dropped ("Phone Number" -> "phone", "Prénom" -> "prenom")."""
    plain = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode()
    words = [w.lower() for w in WORDS.findall(plain)]
    while len(words) > 1 and words[-1] in SUFFIXES:
        words.pop()
    return "".join(words)


def suggest(
    header: Sequence[str], samples: Sequence[Sequence[str]], fields: Sequence[FieldRule]
) -> dict[int, Suggestion]:
    """Return the field suggested for each column (by index) that has one.

    `samples` are the first rows of the file; columns that match a field by name take
    it first, so a column matched by its values never takes a field another column is
    named after.
    """
    chosen: dict[int, Suggestion] = {}
    taken: set[str] = set()
    by_name = {normalised(f.name): f.name for f in fields if not f.skip}
    for i, column in enumerate(header):
        field = by_name.get(normalised(column))
        if field and field not in taken:
            chosen[i] = Suggestion(field, "same name")
            taken.add(field)
    for i in range(len(header)):
        if i in chosen:
            continue
        values = [row[i].strip() for row in samples if i < len(row) and row[i].strip()]
        kind = looks_like(values)
        field = next((f.name for f in fields if f.name not in taken and holds(f, kind)), None)
        if kind and field:
            chosen[i] = Suggestion(field, f"values look like {PLURALS[kind]}")
            taken.add(field)
    return chosen


def looks_like(values: list[str]) -> str:
    """Return "phone number", "e-mail address" or "date" if every value is one, else ""."""
    if not values:
        return ""
    if all(EMAIL.fullmatch(v) for v in values):
        return "e-mail address"
    if all(any(is_date(v, f) for f in DATE_FORMATS) for v in values):
        return "date"
    if all(_is_phone(v) for v in values):
        return "phone number"
    return ""


def _is_phone(value: str) -> bool:
    try:
        return len(phone_digits(value)) >= FEWEST_PHONE_DIGITS
    except NotAPhone:
        return False


def holds(field: FieldRule, kind: str) -> bool:
    """Return True if `field` is the kind of field for values of `kind`: by its type
    when the console knows it, else by the words of its name."""
    if field.skip or not kind:
        return False
    words = {w.lower() for w in WORDS.findall(field.name)}
    if kind == "e-mail address":  # BPCC has no e-mail type: an OTHER field named so
        return field.type in ("", "OTHER") and bool(words & NAMED["email"])
    if field.type:
        return field.type == "PHONE" if kind == "phone number" else field.type in DATE_TYPES
    return bool(words & NAMED["phone" if kind == "phone number" else "date"])


def mapping_problems(
    header: Sequence[str], mapping: dict[str, str], fields: Sequence[FieldRule]
) -> list[str]:
    """Return why an import may not start with `mapping` (column -> field, "" for none):
    no column mapped, a field with two columns, a field the list does not have, or a
    key, required or phone field of the list's format that no column goes to."""
    if not any(mapping.values()):
        return ["Map at least one column to a field."]
    found = []
    columns_of: dict[str, list[str]] = {}
    for column in header:
        if mapping.get(column):
            columns_of.setdefault(mapping[column], []).append(column)
    for field, columns in columns_of.items():
        if len(columns) > 1:
            named = " and ".join(f"“{c}”" for c in columns)
            found.append(f"“{field}” is chosen for {named}: a field takes one column.")
    names = {f.name for f in fields}
    if names:
        found += [f"“{f}” is not a field of this list." for f in columns_of if f not in names]
    needed = [f for f in fields if (f.key or f.required) and not f.skip]
    unmapped = [f for f in needed if f.name not in columns_of]
    for rule in unmapped:
        what = "the list's key" if rule.key else "required"
        found.append(
            f"“{rule.name}” is {what} and no column goes to it: choose its column, or "
            "the tenant refuses every row."
        )
    phones = [f.name for f in fields if f.is_phone]
    if phones and not set(phones) & set(columns_of) and not any(f.is_phone for f in unmapped):
        found.append(
            f"No column goes to a phone field ({', '.join(phones)}): every record needs a "
            "phone number."
        )
    return found
