"""The forms of the Appointments page: schedule a room, add customers.

What the service itself decides (a branch code it requires, a time that is past) is left
to it: its refusal is shown next to the field (`UPSTREAM_FIELDS`). What can be checked
here, the shape of each value, is.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any, cast
from zoneinfo import ZoneInfo

from django import forms
from django.core.validators import RegexValidator

from bpcc.appointments import BlankTask, Customer

# The form field that shows a refusal naming each request field.
UPSTREAM_FIELDS = {
    "business_id": "business_id",
    "task_type": "task_type",
    "task_time": "when",
    "branch_code": "branch_code",
    "business_code": "business_code",
    "room_type": "room_type",
    "video": "video",
    "emp_id": "moderator",
    "customer": "customers",
}
LOCAL_TIME = "%Y-%m-%dT%H:%M"


class ScheduleForm(forms.Form):
    room_type = forms.ChoiceField(
        choices=[("realtime", "Now (realtime room)"), ("normal", "Scheduled")],
        initial="realtime",
    )
    when = forms.CharField(
        required=False,
        label="Time (the tenant's time zone)",
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}),
    )
    branch_code = forms.CharField(required=False, max_length=100)
    business_code = forms.CharField(required=False, max_length=100)
    business_id = forms.IntegerField(min_value=0, initial=1, label="Business process id")
    task_type = forms.ChoiceField(
        choices=[("normal", "General appointment"), ("custom", "Customer service case")]
    )
    remarks = forms.CharField(required=False, max_length=500)
    video = forms.BooleanField(required=False, initial=True, label="Video call")
    notify = forms.BooleanField(required=False, label="Send notifications")

    def __init__(self, *args: Any, zone: ZoneInfo, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.zone = zone

    def clean_when(self) -> datetime | None:
        text = self.cleaned_data["when"].strip()
        if not text:
            return None
        try:
            return datetime.strptime(text[:16], LOCAL_TIME).replace(tzinfo=self.zone)
        except ValueError:
            raise forms.ValidationError("Enter a date and time, e.g. 2026-01-05T14:30.") from None

    def body(self, out_task_num: str) -> BlankTask:
        """Return createBlankTask's body; the service judges the branch and the time."""
        data = self.cleaned_data
        body: BlankTask = {
            "business_id": data["business_id"],
            "out_task_num": out_task_num,
            "task_type": data["task_type"],
            "task_notify": data["notify"],
            "branch_code": data["branch_code"],
            "room_type": data["room_type"],
            "video": data["video"],
        }
        if data["when"] is not None and data["room_type"] == "normal":
            body["task_time"] = str(int(data["when"].timestamp()))
        if data["remarks"]:
            body["task_remarks"] = data["remarks"]
        if data["business_code"]:
            body["business_code"] = data["business_code"]
        return body


class CustomerForm(forms.Form):
    title = forms.CharField(required=False, max_length=20)
    name = forms.CharField(max_length=200)
    id_num = forms.CharField(max_length=100, label="Id")
    country_code = forms.CharField(
        required=False,
        max_length=5,
        validators=[
            RegexValidator(
                r"^\+[1-9][0-9]{0,3}$", "A country code is + and 1 to 4 digits, e.g. +44."
            )
        ],
    )
    phone = forms.CharField(
        required=False,
        max_length=20,
        validators=[
            RegexValidator(
                r"^[0-9][0-9 ()-]{3,19}$", "A phone number is digits, spaces, dashes or brackets."
            )
        ],
    )
    email = forms.EmailField(required=False)

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        if cleaned.get("phone") and not cleaned.get("country_code"):
            self.add_error("country_code", "A phone number needs its country code.")
        return cleaned

    def customer(self) -> Customer:
        data = self.cleaned_data
        return {
            "customer_title": data["title"],
            "customer_name": data["name"],
            "customer_id_num": data["id_num"],
            "customer_country_code": data["country_code"],
            "customer_phone": data["phone"],
            "customer_email": data["email"],
        }


class BaseCustomers(forms.BaseFormSet):
    def clean(self) -> None:
        if any(self.errors):
            return
        if not self.customers():
            raise forms.ValidationError("Fill in at least one customer: name and id.")

    def customers(self) -> list[Customer]:
        return [f.customer() for f in self.forms if f.has_changed() and f.cleaned_data]


_CustomerForms = forms.formset_factory(CustomerForm, formset=BaseCustomers, extra=2)


def customer_forms(data: dict[str, Any] | None = None) -> BaseCustomers:
    """Return the customers' forms: two rows; empty rows are left out."""
    return cast(BaseCustomers, _CustomerForms(data))
