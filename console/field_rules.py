"""The documented rules a record's values must keep, checked before a record is sent.

docs/upstream/list-management-api-v3.md, "Lists" (the notes on importing records) and
"Create List with New Format" (field types, flags and date formats): values are
trimmed; a key field and a required field must have a value; a record needs at least
one phone number; a PHONE value is a phone number (console/phones.py), an INTEGER a
whole number and a DATETIME a date in its field's format. A rule is only known for a
format the console created, or whose fields an admin described on the list's page
(console/formats.py); for other lists only the tenant checks, and its refusals are
explained as far as the console can. CSV imports (console/importing.py) and the record
form (console/record_form.py) both check by these rules, in these words.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any, Self

from console.phones import NotAPhone, phone_digits

# The documented DATETIME formats (Java patterns) and their strptime equivalents. The
# seed prints the default as "MM/dd/yyyy ::mm", a rendering slip for "MM/dd/yyyy HH:mm".
DATE_FORMATS = {
    "MM/dd/yyyy HH:mm": "%m/%d/%Y %H:%M",
    "dd.MM.yyyy HH:mm": "%d.%m.%Y %H:%M",
    "yyyy-MM-dd HH:mm": "%Y-%m-%d %H:%M",
    "yyyy-MM-dd": "%Y-%m-%d",
    "dd-MM-yyyy": "%d-%m-%Y",
    "MM-dd-yyyy": "%m-%d-%Y",
    "MM/dd/yyyy HH:mm:ss": "%m/%d/%Y %H:%M:%S",
}
DEFAULT_DATE_FORMAT = "MM/dd/yyyy HH:mm"
DATE_TYPES = ("DATETIME", "DATETIME_CALL_AT")
EXAMPLE_DAY = datetime(2026, 12, 31, 17, 30)
INTEGER = re.compile(r"[+-]?[0-9]+")


@dataclass(frozen=True)
class FieldRule:
    """One field of a list format, as far as the console knows it (`type` "" when not)."""

    name: str
    type: str = ""
    required: bool = False
    key: bool = False
    skip: bool = False
    phone_type: str = "OTHER"
    remove_prefix: str = ""
    date_format: str = DEFAULT_DATE_FORMAT

    @classmethod
    def of(cls, definition: dict[str, Any]) -> Self:
        """Return the rule of a field as Create List with New Format defines it."""
        return cls(
            name=str(definition["name"]),
            type=str(definition.get("type") or ""),
            required=bool(definition.get("required")),
            key=bool(definition.get("key")),
            skip=bool(definition.get("skip")),
            phone_type=str(definition.get("phoneType") or "OTHER"),
            remove_prefix=str(definition.get("removePrefix") or ""),
            date_format=str(definition.get("format") or DEFAULT_DATE_FORMAT),
        )

    @property
    def is_phone(self) -> bool:
        return self.type == "PHONE" and not self.skip


@dataclass(frozen=True)
class Problem:
    """A value that breaks a rule: the error kind the tenant would give, and why."""

    kind: str
    field: str
    message: str


def rules_of(definitions: list[dict[str, Any]]) -> list[FieldRule]:
    return [FieldRule.of(d) for d in definitions if d.get("name")]


def known(rules: list[FieldRule]) -> bool:
    """Return True if the rules say more than the fields' names: the format was created
    here, or an admin described its fields (types, keys, required fields)."""
    return any(r.type or r.key or r.required for r in rules)


def problems(record: dict[str, str], rules: Sequence[FieldRule]) -> list[Problem]:
    """Return what the tenant would refuse in a record (its values trimmed), in the order
    it checks: key fields, required fields, a phone number, then each value's form."""
    found = missing(record, rules)
    for rule in rules:
        value = record.get(rule.name, "")
        if value and not rule.skip:
            why = value_error(rule, value)
            if why:
                found.append(Problem("formatError", rule.name, f"{rule.name}: {why}"))
    return found


def missing(
    record: dict[str, Any], rules: Sequence[FieldRule], *, required: bool = True, phone: bool = True
) -> list[Problem]:
    """Return the key fields empty in `record`, then (if `required`) the required ones,
    then (if `phone`) the lack of any phone number, told under the first phone field."""
    found = [
        Problem("missingKey", r.name, f"{r.name} is the list's key and is empty here.")
        for r in rules
        if r.key and not record.get(r.name)
    ]
    if required:
        found += [
            Problem("missingRequired", r.name, f"{r.name} is required and is empty here.")
            for r in rules
            if r.required and not r.key and not r.skip and not record.get(r.name)
        ]
    phones = [r for r in rules if r.is_phone]
    told = {p.field for p in found}
    if phone and phones and not any(record.get(r.name) or r.name in told for r in phones):
        named = ", ".join(r.name for r in phones)
        why = f"A record needs a phone number, and none is here ({named})."
        found.append(Problem("missingRequired", phones[0].name, why))
    return found


def value_error(rule: FieldRule, value: str) -> str:
    """Return why a (trimmed, non-empty) value does not fit its field, "" if it does."""
    if rule.type == "PHONE":
        try:
            digits = phone_digits(value, us_canada=rule.phone_type == "US_CANADA")
        except NotAPhone as exc:
            return f"“{value}” is not a phone number: {exc}."
        if rule.remove_prefix and digits == rule.remove_prefix:
            return f"“{value}” is empty once the prefix {rule.remove_prefix} is removed."
    elif rule.type == "INTEGER" and not INTEGER.fullmatch(value):
        return f"“{value}” is not a whole number: digits only, such as 42."
    elif rule.type in DATE_TYPES and not is_date(value, rule.date_format):
        example = EXAMPLE_DAY.strftime(DATE_FORMATS.get(rule.date_format, "%m/%d/%Y %H:%M"))
        return f"“{value}” is not a date in the form {rule.date_format}, such as {example}."
    return ""


def is_date(value: str, java_format: str) -> bool:
    pattern = DATE_FORMATS.get(java_format)
    if pattern is None:
        return True  # a format the console does not know: the tenant decides
    try:
        datetime.strptime(value, pattern)
    except ValueError:
        return False
    return True
