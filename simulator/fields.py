"""Calling-list formats: typed fields and how each field type reads a value.

The rules are those of seed 002 ("Lists", the import and update notes, and "Create
List with New Format"): whitespace is trimmed; PHONE values lose a leading "+" and every
non-digit, then follow the US_CANADA or OTHER rules; INTEGER values may come as strings;
string fields take integers as strings; DATETIME values must parse in the field's format.
A value that does not fit raises `FormatError`, which the callers report as formatError.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

Value = str | int

FIELD_TYPES = frozenset(
    {
        "ACCOUNT",
        "AGENT_LOGIN_ID",
        "CALLING_NUMBER",
        "COMPANY",
        "DATETIME",
        "DATETIME_CALL_AT",
        "FIRST_NAME",
        "INTEGER",
        "LAST_NAME",
        "OTHER",
        "PHONE",
        "ZIP_CODE",
        "PRIORITY",
        "STATE",
    }
)
DATE_TYPES = frozenset({"DATETIME", "DATETIME_CALL_AT"})
PHONE_TYPES = ("OTHER", "US_CANADA")
PRIORITY_ORDERS = ("FIFO", "LIFO")
# The supported DATETIME formats (Java patterns, as the seed writes them) and their
# strptime equivalents. The seed prints the default as "MM/dd/yyyy ::mm", a rendering
# slip for "MM/dd/yyyy HH:mm".
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
FLAGS = ("required", "searchable", "skip", "key")
PROPERTIES = {
    "name",
    "type",
    *FLAGS,
    "phoneType",
    "removePrefix",
    "defaultCountryCode",
    "defaultCoutryCode",  # as the seed's property table spells it
    "timeZone",
    "format",
    "order",
    "expiresAfter",
}


class FormatError(ValueError):
    """A value does not fit its field."""


class InvalidFormat(ValueError):
    """A format definition (createListWithNewFormat) is not acceptable; 400."""


@dataclass
class Field:
    """One column of a list format and its properties."""

    id: str  # "f1", "f2", ... as Get Campaign shows them in sortingFields
    name: str
    type: str
    required: bool = False
    searchable: bool = False
    skip: bool = False
    key: bool = False
    phone_type: str = "OTHER"
    remove_prefix: str = ""
    default_country_code: str = ""
    date_format: str = DEFAULT_DATE_FORMAT
    time_zone: str = "UTC"
    priority_order: str = "FIFO"


@dataclass
class Format:
    """A list format: its fields in column order."""

    id: str
    name: str
    fields: list[Field] = field(default_factory=list)

    def __post_init__(self) -> None:
        self.by_name = {f.name: f for f in self.fields}

    @property
    def keys(self) -> list[Field]:
        return [f for f in self.fields if f.key]

    @property
    def stored(self) -> list[Field]:
        """Return the fields that are kept: all but the skipped ones."""
        return [f for f in self.fields if not f.skip]

    @property
    def phones(self) -> list[Field]:
        return [f for f in self.fields if f.type == "PHONE" and not f.skip]


def blank(value: Any) -> bool:
    """Return True for a value that means "no value": null, or only whitespace."""
    return value is None or (isinstance(value, str) and not value.strip())


def convert(spec: Field, value: Any) -> Value:
    """Return `value` as `spec` stores it; raise FormatError when it does not fit."""
    if isinstance(value, bool | dict | list) or value is None:
        raise FormatError(f"'{spec.name}' has an unsupported value type")
    if spec.type == "INTEGER":
        return _integer(spec, value)
    text = _text(value)
    if spec.type == "PHONE":
        return normalise_phone(text, spec)
    if spec.type in DATE_TYPES:
        check_date(text, spec.date_format)
    return text


def _text(value: Any) -> str:
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return str(value).strip()


def _integer(spec: Field, value: Any) -> int:
    if isinstance(value, int):
        return value
    if isinstance(value, float) and value.is_integer():
        return int(value)
    text = str(value).strip()
    if not re.fullmatch(r"[+-]?\d+", text):
        raise FormatError(f"'{spec.name}' must be an integer, got {value!r}")
    return int(text)


def normalise_phone(text: str, spec: Field) -> str:
    """Return a phone number as the list stores it (seed 002, "Lists" import notes)."""
    text = text.strip()
    if text.startswith("+"):
        text = text[1:]
    digits = re.sub(r"\D", "", text)
    if not digits:
        raise FormatError(f"'{spec.name}' is not a phone number")
    if spec.phone_type == "US_CANADA":
        return _us_canada(digits, spec.name)
    if spec.remove_prefix and digits.startswith(spec.remove_prefix):
        digits = digits[len(spec.remove_prefix) :]
    if spec.default_country_code and not digits.startswith(spec.default_country_code):
        digits = spec.default_country_code + digits
    if not digits:
        raise FormatError(f"'{spec.name}' is empty once the prefix is removed")
    return digits


def _us_canada(digits: str, name: str) -> str:
    if digits.startswith("011"):
        return digits
    if len(digits) == 11 and digits.startswith("1"):
        return digits
    if len(digits) == 10 and not digits.startswith("1"):
        return "1" + digits
    raise FormatError(f"'{name}' is not a valid US/Canada number: {digits}")


def check_date(text: str, java_format: str) -> datetime:
    """Return the date a DATETIME value names; raise FormatError when it is not one."""
    try:
        return datetime.strptime(text, DATE_FORMATS[java_format])
    except ValueError:
        raise FormatError(f"'{text}' is not a date/time in the format {java_format}") from None


def sort_value(spec: Field, value: Value | None) -> tuple[int, Any]:
    """Return a key that orders a field's values naturally (numbers, dates, text)."""
    if value is None or value == "":
        return (1, "")  # empty values go last
    if spec.type == "INTEGER" and isinstance(value, int):
        return (0, value)
    if spec.type in DATE_TYPES:
        return (0, check_date(str(value), spec.date_format))
    return (0, str(value))


# --- format definitions from the API -------------------------------------------------


def parse_fields(raw: Any) -> list[Field]:
    """Return the fields of a createListWithNewFormat body; raise InvalidFormat."""
    if not isinstance(raw, list) or not raw:
        raise InvalidFormat("'fields' must be a non-empty list of field objects")
    fields = [_parse_field(item, n) for n, item in enumerate(raw, start=1)]
    names = [f.name for f in fields]
    if len(set(names)) != len(names):
        raise InvalidFormat("field names must be unique")
    if sum(f.type == "ACCOUNT" for f in fields) > 1:
        raise InvalidFormat("a format can have only one ACCOUNT field")
    if not any(f.type == "PHONE" and not f.skip for f in fields):
        raise InvalidFormat("a format must have at least one PHONE field")
    return fields


def _parse_field(item: Any, number: int) -> Field:
    if not isinstance(item, dict):
        raise InvalidFormat(f"field {number} must be an object")
    unknown = set(item) - PROPERTIES
    if unknown:
        raise InvalidFormat(f"field {number} has unsupported properties: {sorted(unknown)}")
    name, kind = item.get("name"), item.get("type")
    if not isinstance(name, str) or not name.strip():
        raise InvalidFormat(f"field {number} needs a non-empty 'name'")
    if kind not in FIELD_TYPES:
        raise InvalidFormat(f"field '{name}' has an unsupported type {kind!r}")
    required, searchable, skip, key = (_flag(item, flag, name) for flag in FLAGS)
    if skip and (required or searchable or key):
        raise InvalidFormat(f"skipped field '{name}' cannot be required, searchable or key")
    spec = Field(f"f{number}", name.strip(), kind, required, searchable, skip, key)
    _type_properties(spec, item)
    return spec


def _flag(item: dict[str, Any], flag: str, name: str) -> bool:
    value = item.get(flag, False)
    if not isinstance(value, bool):
        raise InvalidFormat(f"'{flag}' of field '{name}' must be true or false")
    return value


def _type_properties(spec: Field, item: dict[str, Any]) -> None:
    if spec.type == "PHONE":
        spec.phone_type = _choice(item, "phoneType", PHONE_TYPES, spec.name)
        spec.remove_prefix = _digits(item.get("removePrefix"), "removePrefix", spec.name)
        code = item.get("defaultCountryCode", item.get("defaultCoutryCode"))
        spec.default_country_code = _digits(code, "defaultCountryCode", spec.name)
    elif spec.type in DATE_TYPES:
        spec.date_format = item.get("format") or DEFAULT_DATE_FORMAT
        if spec.date_format not in DATE_FORMATS:
            raise InvalidFormat(f"field '{spec.name}' has an unsupported date format")
        spec.time_zone = _zone(item.get("timeZone") or "UTC", spec.name)
    elif spec.type == "PRIORITY":
        spec.priority_order = _choice(item, "order", PRIORITY_ORDERS, spec.name)


def _choice(item: dict[str, Any], prop: str, allowed: tuple[str, ...], name: str) -> str:
    value = item.get(prop) or allowed[0]
    if not isinstance(value, str) or value.upper() not in allowed:
        raise InvalidFormat(f"'{prop}' of field '{name}' must be one of {', '.join(allowed)}")
    return value.upper()


def _digits(value: Any, prop: str, name: str) -> str:
    text = "" if value is None else str(value).strip()
    if not re.fullmatch(r"\d*", text):
        raise InvalidFormat(f"'{prop}' of field '{name}' must be digits")
    return text


def _zone(value: Any, name: str) -> str:
    try:
        ZoneInfo(str(value))
    except (ZoneInfoNotFoundError, ValueError):
        raise InvalidFormat(f"field '{name}' has an unknown timeZone {value!r}") from None
    return str(value)
