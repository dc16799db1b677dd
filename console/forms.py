"""Forms of the console that need more than a field or two."""

from __future__ import annotations

from typing import Any

from django import forms
from django.http import QueryDict

from console import field_rules

SORTING_TYPES = [("NATURAL", "Natural (list order)"), ("RANDOM", "Random"), ("CUSTOM", "Custom")]
SORT_ORDERS = [("ASC", "ascending"), ("DESC", "descending")]
# docs/upstream/list-management-api-v3.md, "Create List with New Format": the field types.
FIELD_TYPES = [
    "ACCOUNT", "AGENT_LOGIN_ID", "CALLING_NUMBER", "COMPANY", "DATETIME", "DATETIME_CALL_AT",
    "FIRST_NAME", "INTEGER", "LAST_NAME", "OTHER", "PHONE", "ZIP_CODE", "PRIORITY", "STATE",
]  # fmt: skip
DATE_FORMATS = list(field_rules.DATE_FORMATS)  # the documented ones, as offered
FLAGS = ("required", "searchable", "skip", "key")


class InstanceForm(forms.Form):
    """A list instance's properties (Bind List, Update List)."""

    instance_name = forms.CharField(required=False, max_length=200)
    enabled = forms.BooleanField(required=False)
    order = forms.IntegerField(min_value=1, initial=1)
    dialing_ratio = forms.IntegerField(min_value=1, initial=1)
    sorting = forms.ChoiceField(choices=SORTING_TYPES, initial="NATURAL")

    def __init__(self, data: QueryDict | None = None, **kwargs: Any) -> None:
        super().__init__(data, **kwargs)
        self.sort_fields: list[dict[str, str]] = []
        if data is not None:
            names, orders = data.getlist("sort_field"), data.getlist("sort_order")
            for name, order in zip(names, orders, strict=False):
                if name.strip():
                    order = order if order in ("ASC", "DESC") else "ASC"
                    self.sort_fields.append({"fieldName": name.strip(), "sortOrder": order})

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        if cleaned.get("sorting") == "CUSTOM" and not self.sort_fields:
            raise forms.ValidationError("Custom sorting needs at least one field to sort by.")
        return cleaned

    def settings(self) -> dict[str, Any]:
        """Return the instance properties as Bind List and Update List take them."""
        data = self.cleaned_data
        fields = self.sort_fields if data["sorting"] == "CUSTOM" else []
        return {
            "instanceName": data["instance_name"],
            "enabled": data["enabled"],
            "order": data["order"],
            "dialingRatio": data["dialing_ratio"],
            "sortingOrder": {"type": data["sorting"], "sortingFields": fields},
        }


def format_fields(data: QueryDict) -> tuple[list[dict[str, Any]], list[str]]:
    """Return the fields of the field editor (rows of `field_*` inputs) and any errors."""
    fields, errors = [], []
    names = data.getlist("field_name")
    for n, name in enumerate(names):
        if not name.strip():
            continue
        kind = _nth(data, "field_type", n) or "OTHER"
        field: dict[str, Any] = {"name": name.strip(), "type": kind}
        for flag in FLAGS:
            field[flag] = str(n) in data.getlist(f"field_{flag}")
        if kind == "PHONE":
            field["phoneType"] = _nth(data, "field_phone_type", n) or "OTHER"
            field["removePrefix"] = _nth(data, "field_remove_prefix", n)
            field["defaultCountryCode"] = _nth(data, "field_country_code", n)
        if kind in field_rules.DATE_TYPES:
            field["format"] = _nth(data, "field_date_format", n) or field_rules.DEFAULT_DATE_FORMAT
            field["timeZone"] = _nth(data, "field_time_zone", n) or "UTC"
        if kind == "PRIORITY":
            field["order"] = _nth(data, "field_priority_order", n) or "FIFO"
        if field["skip"] and (field["required"] or field["searchable"] or field["key"]):
            errors.append(f"“{name}” is skipped, so it cannot be required, searchable or a key.")
        fields.append(field)
    if not fields:
        errors.append("Add at least one field.")
    elif not any(f["type"] == "PHONE" and not f["skip"] for f in fields):
        errors.append("A format needs at least one PHONE field.")
    if len({f["name"] for f in fields}) != len(fields):
        errors.append("Field names must be unique.")
    return fields, errors


def _nth(data: QueryDict, name: str, n: int) -> str:
    values = data.getlist(name)
    return values[n].strip() if n < len(values) else ""
