"""The Task Routing forms (docs/upstream/task-routing-api-v1.md): queue a task, change
or cancel one, cancel a service's tasks, look one up.

Services and dispositions are picked from the tenant's own lists (`bpcc/names.py`, the
lists the board editor reads); when a list cannot be read the field is free text with a
note saying why. When the tenant refuses a request, the form comes back with what was
typed, and the fields of the parameters the tenant named are marked.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any, ClassVar

from django import forms

from bpcc.admin_api import BadId, check_id
from bpcc.names import Names

DEFAULT_DISPOSITION = "Abandoned"  # what Cancel Task applies when it is given none
# The services list (`cfg/services`) does not say which take tasks; the tenant does.
SUPERVISED = (
    "The services the tenant's API user supervises: only those of the Task type take tasks."
)


class TaskRoutingForm(forms.Form):
    """A Task Routing form: pickers of the tenant's names, and refusals marked."""

    # The request parameter each field is sent as; a dotted parameter the tenant names
    # is looked up by its longest known prefix (`contactInfo.emails.address`).
    parameters: ClassVar[dict[str, str]] = {}
    # The prefix of its fields' ids: one page may show several of these forms.
    ids: ClassVar[str] = "task"

    def __init__(self, data: Mapping[str, Any] | None = None, **kwargs: Any) -> None:
        kwargs.setdefault("auto_id", f"{self.ids}_%s")
        super().__init__(data, **kwargs)
        self.refused: set[str] = set()

    def pick(self, field: str, names: Names, kind: str, blank: str = "", hint: str = "") -> None:
        """Offer `names` in a picker for `field` (with a `blank` choice first when
        given, and a `hint` about them), or else leave it free text with a note saying
        why."""
        if not names.names:
            why = names.error or f"The tenant lists no {kind}."
            self.fields[field].help_text = f"Type the name: {why[0].lower()}{why[1:]}"
            return
        typed = str(self.data.get(field, "")).strip() if self.is_bound else ""
        extra = [typed] if typed and typed not in names.names else []
        choices = [("", blank)] if blank else []
        choices += [(name, name) for name in [*names.names, *extra]]
        self.fields[field].widget = forms.Select(choices=choices)
        self.fields[field].help_text = hint

    def fields_of(self, parameters: Iterable[str]) -> list[str]:
        """Return the fields that sent `parameters`, as the tenant names them."""
        found = []
        for parameter in parameters:
            parts = parameter.split(".")
            while parts and ".".join(parts) not in self.parameters:
                parts.pop()
            if parts and self.parameters[".".join(parts)] not in found:
                found.append(self.parameters[".".join(parts)])
        return found

    def refuse(self, parameters: Iterable[str], said: str) -> None:
        """Mark the fields of `parameters`, which the tenant refused saying `said`."""
        self.is_valid()  # what was typed is checked again, so local errors show too
        for field in self.fields_of(parameters):
            self.refused.add(field)
            self.add_error(field, f"The tenant refused this: “{said}”")


class TaskForm(TaskRoutingForm):
    """Queue Task: contact, case, task, where and how to queue."""

    ids: ClassVar[str] = "queue"

    parameters: ClassVar[dict[str, str]] = {
        "contactInfo": "first_name",
        "contactInfo.firstName": "first_name",
        "contactInfo.lastName": "last_name",
        "contactInfo.emails": "email",
        "caseInfo": "category",
        "caseInfo.category": "category",
        "taskInfo": "subject",
        "taskInfo.subject": "subject",
        "serviceName": "service",
        "taskLaunchPointId": "launch_point",
        "priority": "priority",
        "order": "order",
        "extTaskId": "ext_task_id",
        "extCaseId": "ext_case_id",
        "extContactId": "ext_contact_id",
        "screenpop": "screenpop",
        "screenpopData": "screenpop",
        "webScreenpopShowInTab": "screenpop_in_tab",
    }

    first_name = forms.CharField(max_length=100)
    last_name = forms.CharField(max_length=100, required=False)
    email = forms.EmailField(required=False)
    category = forms.CharField(max_length=100, label="case category")
    subject = forms.CharField(max_length=200, label="task subject")
    service = forms.CharField(max_length=200, required=False)
    launch_point = forms.CharField(max_length=200, required=False, label="or task launch point id")
    priority = forms.DecimalField(
        min_value=0.01,
        max_value=100,
        decimal_places=2,
        required=False,
        label="priority (0.01 to 100)",
    )
    order = forms.ChoiceField(
        choices=[("fifo", "first in, first out"), ("lifo", "last in, first out")]
    )
    ext_task_id = forms.CharField(max_length=200, required=False, label="task")
    ext_case_id = forms.CharField(max_length=200, required=False, label="case")
    ext_contact_id = forms.CharField(max_length=200, required=False, label="contact")
    screenpop = forms.CharField(max_length=500, required=False, label="URL")
    screenpop_in_tab = forms.BooleanField(required=False, label="open in a new tab")

    def __init__(
        self, data: Mapping[str, Any] | None = None, *, services: Names, **kwargs: Any
    ) -> None:
        super().__init__(data, **kwargs)
        self.pick("service", services, "services", "— none: the launch point's —", SUPERVISED)

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        if not cleaned.get("service") and not cleaned.get("launch_point"):
            raise forms.ValidationError("Give a service name or a task launch point id.")
        return cleaned

    def fields_of(self, parameters: Iterable[str]) -> list[str]:
        # A task queued by launch point alone takes the launch point's service: a
        # refused service is then the launch point's.
        fields = super().fields_of(parameters)
        if "service" in fields and not str(self.data.get("service", "")).strip():
            fields[fields.index("service")] = "launch_point"
        return fields

    def body(self) -> dict[str, Any]:
        """Return the Queue Task body."""
        data = self.cleaned_data
        contact: dict[str, Any] = {"firstName": data["first_name"]}
        if data["last_name"]:
            contact["lastName"] = data["last_name"]
        if data["email"]:
            contact["emails"] = [{"type": "PRIMARY", "address": data["email"]}]
        body: dict[str, Any] = {
            "contactInfo": contact,
            "caseInfo": {"category": data["category"]},
            "taskInfo": {"subject": data["subject"]},
            "order": data["order"],
        }
        optional = {
            "serviceName": data["service"],
            "taskLaunchPointId": data["launch_point"],
            "extTaskId": data["ext_task_id"],
            "extCaseId": data["ext_case_id"],
            "extContactId": data["ext_contact_id"],
        }
        body.update({k: v for k, v in optional.items() if v})
        if data["priority"] is not None:
            body["priority"] = float(data["priority"])
        if data["screenpop"]:
            body["screenpop"] = data["screenpop"]
            body["screenpopData"] = [{"type": "web", "url": data["screenpop"]}]
            body["webScreenpopShowInTab"] = data["screenpop_in_tab"]
        return body


class TaskUpdateForm(TaskRoutingForm):
    """Update Task: a new priority and/or another service."""

    ids: ClassVar[str] = "update"

    parameters: ClassVar[dict[str, str]] = {"priority": "priority", "serviceName": "service"}

    priority = forms.DecimalField(
        min_value=0.01,
        max_value=100,
        decimal_places=2,
        required=False,
        label="priority (0.01 to 100)",
    )
    service = forms.CharField(max_length=200, required=False, label="move to service")

    def __init__(
        self, data: Mapping[str, Any] | None = None, *, services: Names, **kwargs: Any
    ) -> None:
        super().__init__(data, **kwargs)
        self.pick("service", services, "services", "— keep its service —", SUPERVISED)

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        if not self.errors and cleaned.get("priority") is None and not cleaned.get("service"):
            raise forms.ValidationError("Give a new priority, another service, or both.")
        return cleaned

    def change(self) -> tuple[str | None, float | None]:
        """Return the service to move to and the new priority (None: unchanged)."""
        priority = self.cleaned_data["priority"]
        return self.cleaned_data["service"] or None, None if priority is None else float(priority)


class TaskCancelForm(TaskRoutingForm):
    """Cancel Task (and Cancel Service Tasks): a disposition and a note."""

    ids: ClassVar[str] = "cancel"

    parameters: ClassVar[dict[str, str]] = {"dispositionName": "disposition", "note": "note"}

    disposition = forms.CharField(max_length=200, required=False)
    note = forms.CharField(max_length=1000, required=False)

    def __init__(
        self, data: Mapping[str, Any] | None = None, *, dispositions: Names, **kwargs: Any
    ) -> None:
        if data is None and DEFAULT_DISPOSITION in dispositions.names:
            kwargs.setdefault("initial", {}).setdefault("disposition", DEFAULT_DISPOSITION)
        super().__init__(data, **kwargs)
        blank = "" if DEFAULT_DISPOSITION in dispositions.names else "— the tenant's default —"
        self.pick("disposition", dispositions, "dispositions", blank=blank)
        if not dispositions.names:
            self.fields["disposition"].widget.attrs["placeholder"] = DEFAULT_DISPOSITION


class CancelServiceForm(TaskCancelForm):
    """Cancel Service Tasks: the service (chosen before, on the tasks page) besides."""

    parameters: ClassVar[dict[str, str]] = {
        **TaskCancelForm.parameters,
        "serviceName": "service",
    }

    service = forms.CharField(max_length=200, widget=forms.HiddenInput)


class TaskLookupForm(TaskRoutingForm):
    """Query Task: a task's internal or external id."""

    ids: ClassVar[str] = "lookup"

    parameters: ClassVar[dict[str, str]] = {"taskId": "task_id"}

    task_id = forms.CharField(max_length=200, label="task id")
    external = forms.BooleanField(required=False, label="it is an external id")

    def clean_task_id(self) -> str:
        try:
            return check_id(self.cleaned_data["task_id"])
        except BadId as exc:  # a task id with / or .. has no page, and no upstream path
            raise forms.ValidationError(str(exc)) from None
