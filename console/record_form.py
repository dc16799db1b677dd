"""A calling-list record as a form: one input per field of the list's format, checked
field by field before it is sent.

The rules are the documented ones of console/field_rules.py, in its words, which CSV
imports keep too; docs/upstream/list-management-api-v3.md, "Update Record", adds that
key fields are mandatory in an update and an empty optional field is reset. A field
whose type the console does not know (the API never tells a format's fields,
console/formats.py) is sent as typed.
"""

from __future__ import annotations

import re
from typing import Any

from console.field_rules import DATE_TYPES, DEFAULT_DATE_FORMAT, FieldRule, missing, value_error

PREFIX = "field_"  # form inputs are named field_<list field name>
INPUT_TYPES = {"PHONE": "tel"}  # a number input would drop what is not a number


class RecordField(FieldRule):
    """One input of the record form: a field of the list's format and its rule."""

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
        if self.type in DATE_TYPES:
            return f"date and time as {self.date_format}"
        return ""


def record_fields(fields: list[dict[str, Any]]) -> list[RecordField]:
    """Return the form's fields from a format's fields as KnownFormat keeps them (a
    skipped field is never imported or sent, so it has no input)."""
    return [RecordField.of(f) for f in fields if f.get("name") and not f.get("skip")]


def typed(fields: list[RecordField], data: Any) -> dict[str, str]:
    """Return the values of the form's inputs in `data` (a QueryDict), by field name."""
    return {f.name: str(data.get(f.input_name, "")) for f in fields}


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
            record[spec.name] = value
            errors[spec.name] = value_error(spec, value)
        elif resetting and not (spec.key or spec.required):
            record[spec.name] = None
    adding = not updating
    for problem in missing(record, fields, required=adding or resetting, phone=adding):
        errors[problem.field] = problem.message  # an empty field: it has no value error
    return record, {f.name: errors[f.name] for f in fields if errors.get(f.name)}


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
        if kind in DATE_TYPES:
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
