"""A calling-list record as a form: one input per field of the list's format, checked
field by field before it is sent.

The rules are those of docs/upstream/list-management-api-v3.md, "Lists" (the notes on
importing and updating records), "Create List with New Format" (field types, required
and key fields) and "Update Record" (key fields are mandatory; an empty optional field
is reset). Phone numbers are checked by console/phones.py. A field whose type the
console does not know (the API never tells a format's fields, console/formats.py) is
sent as typed.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from console.phones import NotAPhone, phone_digits

PREFIX = "field_"  # form inputs are named field_<list field name>
# The DATETIME formats of "Create List with New Format", as strptime reads them.
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
INTEGER = re.compile(r"[+-]?\d+")
INPUT_TYPES = {"PHONE": "tel"}  # a number input would drop what is not a number


@dataclass(frozen=True)
class RecordField:
    """One input of the record form: a field of the list's format."""

    name: str
    type: str = ""  # "" when the console does not know it
    required: bool = False
    key: bool = False
    phone_type: str = "OTHER"
    date_format: str = ""

    @property
    def input_name(self) -> str:
        return PREFIX + self.name

    @property
    def input_type(self) -> str:
        return INPUT_TYPES.get(self.type, "text")

    @property
    def hint(self) -> str:
        """Return what the field takes, in plain words ("" when anything goes)."""
        if self.type == "PHONE":
            return "US or Canada phone number" if self.phone_type == "US_CANADA" else "phone number"
        if self.type == "INTEGER":
            return "whole number"
        if self.date_format:
            return f"date and time as {self.date_format}"
        return ""


def record_fields(fields: list[dict[str, Any]]) -> list[RecordField]:
    """Return the form's fields from a format's fields as KnownFormat keeps them (skipped
    fields are never stored, so they have no input)."""
    return [
        RecordField(
            name=f["name"],
            type=f.get("type", ""),
            required=bool(f.get("required")),
            key=bool(f.get("key")),
            phone_type=f.get("phoneType") or "OTHER",
            date_format=_date_format(f),
        )
        for f in fields
        if not f.get("skip")
    ]


def _date_format(field: dict[str, Any]) -> str:
    if field.get("type") not in ("DATETIME", "DATETIME_CALL_AT"):
        return ""
    return str(field.get("format") or DEFAULT_DATE_FORMAT)


def typed(fields: list[RecordField], data: Any) -> dict[str, str]:
    """Return the values of the form's inputs in `data` (a QueryDict), by field name."""
    return {f.name: str(data.get(f.input_name, "")) for f in fields}


def check_value(spec: RecordField, value: str) -> str:
    """Return why `value` does not fit `spec` ("" when it does); `value` is not empty."""
    if spec.type == "PHONE":
        try:
            phone_digits(value, us_canada=spec.phone_type == "US_CANADA")
        except NotAPhone as exc:
            return f"Not a phone number: {exc}."
    elif spec.type == "INTEGER" and not INTEGER.fullmatch(value):
        return "Not a whole number: give digits only, such as 42."
    elif spec.date_format in DATE_FORMATS:
        try:
            datetime.strptime(value, DATE_FORMATS[spec.date_format])
        except ValueError:
            return f"Not a date and time in the list's format {spec.date_format}."
    return ""


def check_record(
    fields: list[RecordField], values: dict[str, str], *, updating: bool, resetting: bool = False
) -> tuple[dict[str, Any], dict[str, str]]:
    """Return the record to send and the errors by field name ({} when there are none).

    Adding, empty fields are left out and required and key fields must have a value, as
    must at least one phone field. Updating, key fields must have a value and empty
    fields are left out; `resetting` (a form filled from the record as it is) sends an
    emptied optional field as null, which the tenant resets, and refuses to empty a
    required one.
    """
    record: dict[str, Any] = {}
    errors: dict[str, str] = {}
    for spec in fields:
        value = values.get(spec.name, "").strip()
        if value:
            error = check_value(spec, value)
            if error:
                errors[spec.name] = error
            record[spec.name] = value
        elif spec.key:
            errors[spec.name] = "A key field: it needs a value, which identifies the record."
        elif spec.required and (resetting or not updating):
            errors[spec.name] = "Required: it needs a value."
        elif resetting:
            record[spec.name] = None
    phones = [f for f in fields if f.type == "PHONE"]
    if not updating and phones and not any(record.get(f.name) for f in phones):
        errors.setdefault(phones[0].name, "A record needs at least one phone number.")
    return record, errors


def refused_fields(fields: list[RecordField], message: str) -> list[str]:
    """Return the fields an upstream refusal names (quoted, as the tenant quotes them)."""
    return [f.name for f in fields if re.search(rf"['\"“]{re.escape(f.name)}['\"”]", message)]


def described_fields(
    names: list[str], data: Any, field_types: list[str], date_formats: list[str]
) -> tuple[list[dict[str, Any]], list[str]]:
    """Return the fields an admin described on a list's page (`describe_*` inputs, one
    row per field name in order) as KnownFormat keeps them, and any errors."""
    fields: list[dict[str, Any]] = []
    keys, required = data.getlist("describe_key"), data.getlist("describe_required")
    for n, name in enumerate(names):
        kind = data.get(f"describe_type_{n}", "")
        field: dict[str, Any] = {"name": name, "described": True}
        if kind:
            field["type"] = kind
        field["key"], field["required"] = str(n) in keys, str(n) in required
        if kind == "PHONE":
            field["phoneType"] = "US_CANADA" if data.get(f"describe_phone_{n}") else "OTHER"
        if kind in ("DATETIME", "DATETIME_CALL_AT"):
            field["format"] = data.get(f"describe_date_{n}") or DEFAULT_DATE_FORMAT
        fields.append(field)
    errors = [
        f"“{f['name']}” has an unknown type."
        for f in fields
        if f.get("type", "OTHER") not in field_types
    ]
    errors += [
        f"“{f['name']}” has an unknown date format."
        for f in fields
        if f.get("format", DEFAULT_DATE_FORMAT) not in date_formats
    ]
    if sum(f.get("type") == "ACCOUNT" for f in fields) > 1:
        errors.append("A format has at most one ACCOUNT field.")
    return fields, errors


def describable(fields: list[dict[str, Any]]) -> bool:
    """Return True if the console learnt these fields from a record or an admin's
    description, rather than creating the format itself (whose fields it knows)."""
    return not fields or any("type" not in f or f.get("described") for f in fields)
