"""Video appointments (docs/upstream/video-appointment-api.md): schedule a room, add its
moderator and customers, finish or cancel it.

Each change goes through `carry_out` (once per idempotency key, on record in the audit
log); "Schedule" also sends its key as `out_task_num`, which the service itself keeps
unique. The API cannot list appointments, so the console keeps its own record
(console.models.Appointment). A refusal (status 0) is shown next to the field its
message names, with the form as it was sent.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET, require_POST

from bpcc import appointments, names
from bpcc.admin_api import AdminClient
from bpcc.models import Tenant
from console.appointment_forms import (
    UPSTREAM_FIELDS,
    BaseCustomers,
    ScheduleForm,
    customer_forms,
)
from console.models import Appointment
from console.safety import KEY_FIELD, Outcome, confirmation_error
from console.views.common import carry_out, console_view, page, tenant_of

REFUSED = "appointment_refused"  # the session key of the last refused form
STATUS_ACTIONS = {"finished": "finish appointment", "canceled": "cancel appointment"}

Call = Callable[[appointments.AppointmentClient], Outcome]


def zone(tenant: Tenant) -> ZoneInfo:
    return ZoneInfo(tenant.time_zone)


def day_start(tenant: Tenant) -> datetime:
    """Return the start of today in the tenant's time zone."""
    now = timezone.now().astimezone(zone(tenant))
    return now.replace(hour=0, minute=0, second=0, microsecond=0)


def _refusal(request: HttpRequest, form: str) -> dict[str, Any]:
    """Return the refused form `form` the session holds (and forget it), else {}."""
    kept = request.session.get(REFUSED) or {}
    if kept.get("form") != form:
        return {}
    del request.session[REFUSED]
    return dict(kept)


def _upstream(
    request: HttpRequest, tenant: Tenant, form: str, call: Call
) -> Callable[[AdminClient], Outcome]:
    """Return `carry_out`'s call: `call` on the appointment service, its request and
    status written where the audit log reads them, a refusal kept for the form."""

    def run(api: AdminClient) -> Outcome:
        if not tenant.has_appointments:
            text = "This tenant has no appointment service: a superuser sets it up in the admin."
            return Outcome(text, ok=False)
        timeout = settings.WALLBOARD_CONSOLE_TIMEOUT
        with appointments.client_for(tenant, timeout) as client:
            try:
                return call(client)
            except appointments.Refused as exc:
                field = UPSTREAM_FIELDS.get(exc.field, "general")
                data = {
                    k: v
                    for k, v in request.POST.lists()
                    if k not in (KEY_FIELD, "csrfmiddlewaretoken")
                }
                request.session[REFUSED] = {
                    "form": form,
                    "data": data,
                    "errors": {field: exc.message},
                }
                text = f"The appointment service refused: “{exc.message}”"
                return Outcome(text, {"refused": exc.message}, ok=False)
            finally:
                api.last_request, api.last_status = client.last_request, client.last_status

    return run


def _saying(result: appointments.Result, text: str) -> str:
    return f"{text} The service warned: “{result.warning}”" if result.warning else text


@console_view
@require_GET
def appointment_home(request: HttpRequest) -> HttpResponse:
    tenant = tenant_of(request)
    refused = _refusal(request, "schedule")
    form = ScheduleForm(zone=zone(tenant))
    if refused:
        form = ScheduleForm(_flat(refused["data"]), zone=zone(tenant))
        form.is_valid()
        for field, message in refused["errors"].items():
            form.add_error(None if field == "general" else field, f"The service said: {message}")
    since = day_start(tenant) - timedelta(days=7)
    listed = Appointment.objects.filter(tenant=tenant, starts__gte=since).order_by("-starts")
    context = {"form": form, "appointments": listed[:100], "zone": tenant.time_zone}
    return page(request, "console/appointments.html", context, status=400 if refused else 200)


def _flat(data: dict[str, list[str]]) -> dict[str, str]:
    return {name: values[-1] for name, values in data.items() if values}


@console_view
@require_POST
def appointment_schedule(request: HttpRequest) -> HttpResponse:
    """Schedule a room ("createBlankTask"), realtime now or at a time."""
    tenant = tenant_of(request)
    form = ScheduleForm(request.POST, zone=zone(tenant))
    if not form.is_valid():
        listed = Appointment.objects.filter(tenant=tenant).order_by("-starts")[:100]
        context = {"form": form, "appointments": listed, "zone": tenant.time_zone}
        return page(request, "console/appointments.html", context, status=400)
    out_num = f"wb-{request.POST.get(KEY_FIELD, '')}"
    body = form.body(out_num)

    def call(client: appointments.AppointmentClient) -> Outcome:
        result = client.create_task(body)
        when = form.cleaned_data["when"] if body["room_type"] == "normal" else None
        record, _ = Appointment.objects.get_or_create(
            tenant=tenant,
            out_task_num=out_num,
            defaults={
                "task_num": result.task_num,
                "room_type": body["room_type"],
                "starts": when or timezone.now(),
                "branch_code": body["branch_code"],
                "remarks": body.get("task_remarks", ""),
            },
        )
        record.note(request.user.get_username(), "scheduled")
        record.save()
        url = reverse("console:appointment", args=[record.pk])
        text = _saying(result, f"Appointment {result.task_num} is scheduled.")
        return Outcome(text, {"task_num": result.task_num}, url)

    return carry_out(
        request,
        tenant,
        action="schedule appointment",
        target=out_num,
        summary={"body": dict(body)},
        call=_upstream(request, tenant, "schedule", call),
        done_url=reverse("console:appointments"),
    )


@console_view
@require_GET
def appointment_detail(request: HttpRequest, pk: int) -> HttpResponse:
    tenant = tenant_of(request)
    record = get_object_or_404(Appointment, tenant=tenant, pk=pk)
    return _detail(request, tenant, record)


def _detail(
    request: HttpRequest,
    tenant: Tenant,
    record: Appointment,
    error: str = "",
    customers: BaseCustomers | None = None,
) -> HttpResponse:
    """Render the appointment's page: its forms, a refusal kept for them, or `error`,
    or the customers' forms as sent when they did not pass."""
    refused = _refusal(request, f"appointment-{record.pk}")
    errors = refused.get("errors", {})
    if customers is None:
        customers = customer_forms(_flat(refused["data"]) if "customers" in errors else None)
        if "customers" in errors:
            customers.is_valid()
    context = {
        "record": record,
        "phase": record.phase(timezone.now()),
        "customer_forms": customers,
        "agents": names.agents(tenant),
        "refused": errors,
        "moderator_typed": _flat(refused.get("data", {})).get("moderator", ""),
        "error": error,
    }
    failed = error or errors or (customers.is_bound and not customers.is_valid())
    return page(request, "console/appointment_detail.html", context, status=400 if failed else 200)


@console_view
@require_POST
def appointment_moderator(request: HttpRequest, pk: int) -> HttpResponse:
    """Add an agent as the room's moderator ("createTaskModerator")."""
    tenant = tenant_of(request)
    record = get_object_or_404(Appointment, tenant=tenant, pk=pk)
    emp_id = request.POST.get("moderator", "").strip()
    if not emp_id:
        return _detail(request, tenant, record, "Pick the agent who will host the room.")

    def call(client: appointments.AppointmentClient) -> Outcome:
        result = client.add_moderator(record.task_num, emp_id)
        record.moderator = emp_id
        record.note(request.user.get_username(), f"moderator {emp_id}")
        record.save()
        return Outcome(_saying(result, f"{emp_id} moderates appointment {record.task_num}."))

    return _change(request, tenant, record, "add appointment moderator", {"emp_id": emp_id}, call)


@console_view
@require_POST
def appointment_customers(request: HttpRequest, pk: int) -> HttpResponse:
    """Add one or more customers to the room ("createTaskPublisher")."""
    tenant = tenant_of(request)
    record = get_object_or_404(Appointment, tenant=tenant, pk=pk)
    forms = customer_forms(request.POST)
    if not forms.is_valid():
        return _detail(request, tenant, record, customers=forms)
    customers = forms.customers()

    def call(client: appointments.AppointmentClient) -> Outcome:
        result = client.add_customers(record.task_num, customers)
        known = {c["customer_id_num"] for c in record.customers}
        record.customers += [c for c in customers if c["customer_id_num"] not in known]
        who = ", ".join(c["customer_name"] for c in customers)
        record.note(request.user.get_username(), f"customers {who}")
        record.save()
        return Outcome(_saying(result, f"{who} added to appointment {record.task_num}."))

    summary = {"customers": [c["customer_id_num"] for c in customers]}
    return _change(request, tenant, record, "add appointment customers", summary, call)


@console_view
@require_POST
def appointment_status(request: HttpRequest, pk: int) -> HttpResponse:
    """Finish or cancel the room ("updateTaskStatus"), after the typed confirmation."""
    tenant = tenant_of(request)
    record = get_object_or_404(Appointment, tenant=tenant, pk=pk)
    status = request.POST.get("status", "")
    if status not in STATUS_ACTIONS:
        return _detail(request, tenant, record, "Choose to finish or to cancel it.")
    error = confirmation_error(request, record.task_num)
    if error:
        return _detail(request, tenant, record, error)

    def call(client: appointments.AppointmentClient) -> Outcome:
        result = client.set_status(record.task_num, status)
        record.status = status
        record.note(request.user.get_username(), status)
        record.save()
        return Outcome(_saying(result, f"Appointment {record.task_num} is {status}."))

    return _change(request, tenant, record, STATUS_ACTIONS[status], {"task_status": status}, call)


def _change(
    request: HttpRequest,
    tenant: Tenant,
    record: Appointment,
    action: str,
    summary: dict[str, Any],
    call: Call,
) -> HttpResponse:
    url = reverse("console:appointment", args=[record.pk])
    return carry_out(
        request,
        tenant,
        action=action,
        target=record.task_num,
        summary=summary,
        call=_upstream(request, tenant, f"appointment-{record.pk}", call),
        done_url=url,
    )
