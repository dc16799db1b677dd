"""Tasks (Task Routing API v1): queue, look up, change priority or service, cancel one,
cancel all of a service after a confirmation that says how many are waiting.

Services and dispositions are picked from the tenant's lists (`bpcc/names.py`, cached
as for the board editor). A form the tenant refuses comes back as it was typed, with
the fields it named marked: the refusal is kept in the session for the page the
change's redirect leads to, as the appointment forms do.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

from django.http import HttpRequest, HttpResponse, QueryDict
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.http import urlencode
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from bpcc import names
from bpcc.admin_api import AdminClient, TaskRoutingError, UpstreamError
from bpcc.models import Tenant
from bpcc.names import Names
from bpcc.tokens import client_for
from console.models import QueuedTask
from console.safety import Outcome, confirmation_error, explain
from console.task_forms import (
    CancelServiceForm,
    TaskCancelForm,
    TaskForm,
    TaskLookupForm,
    TaskRoutingForm,
    TaskUpdateForm,
)
from console.views.common import carry_out, console_view, page, tenant_of

KEPT = "task_form_refused"  # the session key of the last form the tenant refused
SAID = 500  # characters of the tenant's message kept beside a refused field

Form = TypeVar("Form", bound=TaskRoutingForm)


def _task_url(task_id: str, external: bool) -> str:
    query = urlencode({"external": "1"}) if external else ""
    return reverse("console:task", args=[task_id]) + (f"?{query}" if query else "")


def _cancel_service_url(service: str) -> str:
    return reverse("console:cancel-service") + "?" + urlencode({"service": service})


def _keeping(
    request: HttpRequest, name: str, form: TaskRoutingForm, call: Callable[[AdminClient], Outcome]
) -> Callable[[AdminClient], Outcome]:
    """Return `carry_out`'s call: `call`, and when the tenant refuses, what was typed in
    `form` (kept as form `name`) and the parameters the tenant named, kept for the page
    shown next."""

    def run(api: AdminClient) -> Outcome:
        try:
            return call(api)
        except UpstreamError as exc:
            kept = [k for k in [*form.fields, "confirm_name"] if k in request.POST]
            typed = {k: request.POST.getlist(k) for k in kept}
            named = exc.parameters if isinstance(exc, TaskRoutingError) else []
            said = exc.message if len(exc.message) <= SAID else exc.message[:SAID] + "…"
            request.session[KEPT] = {
                "form": name,
                "data": typed,
                "parameters": named,
                "said": said,
            }
            raise

    return run


def _refused(request: HttpRequest, form: str) -> dict[str, Any]:
    """Return the refusal of form `form` the session keeps (and forget it), else {}."""
    kept = request.session.get(KEPT) or {}
    if kept.get("form") != form:
        return {}
    del request.session[KEPT]
    return dict(kept)


def _typed(refusal: dict[str, Any]) -> QueryDict | None:
    """Return what was typed in a refused form, as it was posted."""
    if not refusal:
        return None
    data = QueryDict(mutable=True)
    for name, values in refusal["data"].items():
        data.setlist(name, values)
    return data


def _marked(form: Form, refusal: dict[str, Any]) -> Form:
    """Return `form` with the fields the tenant refused marked, if it refused them."""
    if refusal:
        form.refuse(refusal["parameters"], refusal["said"])
    return form


def _home(request: HttpRequest, tenant: Tenant, services: Names, form: TaskForm) -> HttpResponse:
    """Render the tasks page with the queue form `form` (as typed, when it comes back)."""
    context = {
        "form": form,
        "lookup": TaskLookupForm(),
        "services": services,
        "recent": QueuedTask.objects.filter(tenant=tenant)[:20],
    }
    failed = form.is_bound and bool(form.errors)
    return page(request, "console/tasks.html", context, status=400 if failed else 200)


@console_view
@require_GET
def task_home(request: HttpRequest) -> HttpResponse:
    tenant = tenant_of(request)
    services = names.services(tenant)
    refusal = _refused(request, "queue")
    form = _marked(TaskForm(_typed(refusal), services=services), refusal)
    return _home(request, tenant, services, form)


@console_view
@require_POST
def task_queue(request: HttpRequest) -> HttpResponse:
    """Queue a task (docs/upstream/task-routing-api-v1.md "Queue Task")."""
    tenant = tenant_of(request)
    services = names.services(tenant)
    form = TaskForm(request.POST, services=services)
    if not form.is_valid():
        return _home(request, tenant, services, form)
    body = form.body()

    def call(api: AdminClient) -> Outcome:
        queued = api.queue_task(body)
        QueuedTask.objects.create(
            tenant=tenant,
            task_id=queued["taskId"],
            ext_task_id=body.get("extTaskId", ""),
            service=body.get("serviceName", ""),
        )
        text = f"The task is queued: task {queued['taskId']}, case {queued['caseId']}."
        return Outcome(text, dict(queued), _task_url(queued["taskId"], False))

    return carry_out(
        request,
        tenant,
        action="queue task",
        target=body.get("extTaskId") or body["taskInfo"]["subject"],
        summary={"body": body},
        call=_keeping(request, "queue", form, call),
        done_url=reverse("console:tasks"),
    )


@console_view
@require_GET
def task_lookup(request: HttpRequest) -> HttpResponse:
    """Go to a task's page from the look-up form (internal or external id)."""
    form = TaskLookupForm(request.GET)
    if not form.is_valid():
        return page(request, "console/task_lookup.html", {"lookup": form}, status=400)
    return redirect(_task_url(form.cleaned_data["task_id"], form.cleaned_data["external"]))


@console_view
@require_GET
def task_detail(request: HttpRequest, task_id: str) -> HttpResponse:
    """Show a task as Query Task answers, with the forms that change or cancel it."""
    tenant = tenant_of(request)
    external = request.GET.get("external") == "1"
    update = _refused(request, f"update:{task_id}")
    cancel = _refused(request, f"cancel:{task_id}")
    return _detail(
        request,
        tenant,
        task_id,
        external,
        _marked(_update_form(tenant, _typed(update)), update),
        _marked(_cancel_form(tenant, _typed(cancel)), cancel),
    )


def _update_form(tenant: Tenant, data: QueryDict | None) -> TaskUpdateForm:
    return TaskUpdateForm(data, services=names.services(tenant))


def _cancel_form(tenant: Tenant, data: QueryDict | None) -> TaskCancelForm:
    return TaskCancelForm(data, dispositions=names.dispositions(tenant))


def _detail(
    request: HttpRequest,
    tenant: Tenant,
    task_id: str,
    external: bool,
    update: TaskUpdateForm,
    cancel: TaskCancelForm,
) -> HttpResponse:
    """Render a task's page with its update and cancel forms (as typed, when kept)."""
    state, error = None, ""
    lookup = TaskLookupForm({"task_id": task_id, "external": external})
    with client_for(tenant) as api:
        try:
            state = api.query_task(task_id, external)
        except UpstreamError as exc:
            error = explain(exc)
            if isinstance(exc, TaskRoutingError):
                lookup.refuse(exc.parameters, exc.message)
    if state is not None:
        QueuedTask.objects.filter(tenant=tenant, task_id=task_id).update(status=state["taskStatus"])
    kept = update.is_bound or cancel.is_bound
    context = {
        "task_id": task_id,
        "external": external,
        "state": state,
        "error": error,
        "lookup": lookup,
        "update": update,
        "cancel": cancel,
        "changeable": state is not None and (state["taskStatus"] == "QUEUED" or kept),
    }
    failed = any(f.is_bound and f.errors for f in (update, cancel))
    status = 404 if state is None else 400 if failed else 200
    return page(request, "console/task_detail.html", context, status=status)


@console_view
@require_POST
def task_update(request: HttpRequest, task_id: str) -> HttpResponse:
    """Move a queued task to another service and/or change its priority."""
    tenant = tenant_of(request)
    external = request.POST.get("external") == "1"
    form = _update_form(tenant, request.POST)
    if not form.is_valid():
        return _detail(request, tenant, task_id, external, form, _cancel_form(tenant, None))
    service, priority = form.change()

    def call(api: AdminClient) -> Outcome:
        api.update_task(task_id, external, service=service, priority=priority)
        return Outcome("The task is updated.")

    return carry_out(
        request,
        tenant,
        action="update task",
        target=task_id,
        summary={"external": external, "serviceName": service, "priority": priority},
        call=_keeping(request, f"update:{task_id}", form, call),
        done_url=_task_url(task_id, external),
    )


@console_view
@require_POST
def task_cancel(request: HttpRequest, task_id: str) -> HttpResponse:
    """Cancel a queued task with a disposition and a note."""
    tenant = tenant_of(request)
    external = request.POST.get("external") == "1"
    form = _cancel_form(tenant, request.POST)
    if not form.is_valid():
        return _detail(request, tenant, task_id, external, _update_form(tenant, None), form)
    disposition, note = form.cleaned_data["disposition"], form.cleaned_data["note"]

    def call(api: AdminClient) -> Outcome:
        api.cancel_task(task_id, external, disposition=disposition, note=note)
        QueuedTask.objects.filter(tenant=tenant, task_id=task_id).update(status="DEFERRED")
        return Outcome(f"The task is cancelled ({disposition or 'Abandoned'}).")

    return carry_out(
        request,
        tenant,
        action="cancel task",
        target=task_id,
        summary={"external": external, "dispositionName": disposition, "note": note},
        call=_keeping(request, f"cancel:{task_id}", form, call),
        done_url=_task_url(task_id, external),
    )


def waiting(api: AdminClient, tenant: Tenant, service: str) -> list[QueuedTask]:
    """Return the tasks queued from the console in `service` that are still queued now.

    The Task Routing API cannot list a queue, so only the console's own tasks can be
    counted beforehand, each checked with Query Task.
    """
    found = []
    for task in QueuedTask.objects.filter(tenant=tenant, service=service, status="QUEUED")[:200]:
        try:
            task.status = api.query_task(task.task_id)["taskStatus"]
        except UpstreamError:
            continue
        task.save(update_fields=["status"])
        if task.status == "QUEUED":
            found.append(task)
    return found


@console_view
@require_http_methods(["GET", "POST"])
def cancel_service(request: HttpRequest) -> HttpResponse:
    """Cancel every queued task of a service, after a confirmation saying how many."""
    tenant = tenant_of(request)
    service = (request.POST.get("service") or request.GET.get("service") or "").strip()
    if not service:
        return redirect("console:tasks")
    dispositions = names.dispositions(tenant)
    if request.method == "GET":
        refusal = _refused(request, f"cancel-service:{service}")
        typed = _typed(refusal)
        form = CancelServiceForm(typed, dispositions=dispositions, initial={"service": service})
        confirm = typed.get("confirm_name", "") if typed else ""
        return _confirm(request, tenant, service, _marked(form, refusal), confirm)
    form = CancelServiceForm(request.POST, dispositions=dispositions)
    error = confirmation_error(request, service)
    if error or not form.is_valid():
        confirm = request.POST.get("confirm_name", "")
        return _confirm(request, tenant, service, form, confirm, error)
    disposition, note = form.cleaned_data["disposition"], form.cleaned_data["note"]

    def call(api: AdminClient) -> Outcome:
        done = api.cancel_service_tasks(service, disposition=disposition, note=note)
        ids = {t["taskId"] for t in done["taskIds"]}
        QueuedTask.objects.filter(tenant=tenant, task_id__in=ids).update(status="DEFERRED")
        text = f"{done['count']} task(s) of “{service}” cancelled."
        return Outcome(text, {"records": list(done["taskIds"])}, "", True)

    return carry_out(
        request,
        tenant,
        action="cancel all tasks of a service",
        target=service,
        summary={"serviceName": service, "dispositionName": disposition, "note": note},
        call=_keeping(request, f"cancel-service:{service}", form, call),
        done_url=reverse("console:tasks"),
        failed_url=_cancel_service_url(service),
    )


def _confirm(
    request: HttpRequest,
    tenant: Tenant,
    service: str,
    form: CancelServiceForm,
    confirm: str,
    error: str = "",
) -> HttpResponse:
    """Render the confirmation of cancelling every task of `service`, with the name
    typed to confirm (`confirm`) and why it does not do (`error`)."""
    with client_for(tenant) as api:
        queued = waiting(api, tenant, service)
    context = {
        "service": service,
        "queued": queued,
        "error": error,
        "form": form,
        "confirm_typed": confirm,
    }
    failed = bool(error) or (form.is_bound and bool(form.errors))
    return page(request, "console/cancel_service.html", context, status=400 if failed else 200)
