"""Tasks (Task Routing API v1): queue, look up, change priority or service, cancel one,
cancel all of a service after a confirmation that says how many are waiting."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.http import urlencode
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from bpcc.admin_api import AdminClient, NotFound, TaskRoutingError, UpstreamError, check_id
from bpcc.models import Tenant
from bpcc.tokens import client_for
from console.forms import TaskForm
from console.models import QueuedTask
from console.safety import Outcome, confirmation_error, explain
from console.views.common import carry_out, console_view, page, tenant_of

# Dispositions every BPCC tenant has for cancelled work; others can be typed.
DISPOSITIONS = ["Abandoned", "Callback requested", "Resolved", "Escalated"]


def _task_url(task_id: str, external: bool) -> str:
    query = urlencode({"external": "1"}) if external else ""
    return reverse("console:task", args=[task_id]) + (f"?{query}" if query else "")


@console_view
@require_GET
def task_home(request: HttpRequest) -> HttpResponse:
    tenant = tenant_of(request)
    recent = QueuedTask.objects.filter(tenant=tenant)[:20]
    return page(request, "console/tasks.html", {"form": TaskForm(), "recent": recent})


@console_view
@require_POST
def task_queue(request: HttpRequest) -> HttpResponse:
    """Queue a task (docs/upstream/task-routing-api-v1.md "Queue Task")."""
    tenant = tenant_of(request)
    form = TaskForm(request.POST)
    if not form.is_valid():
        recent = QueuedTask.objects.filter(tenant=tenant)[:20]
        return page(request, "console/tasks.html", {"form": form, "recent": recent}, status=400)
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
        call=call,
        done_url=reverse("console:tasks"),
    )


@console_view
@require_GET
def task_lookup(request: HttpRequest) -> HttpResponse:
    """Go to a task's page from the look-up form (internal or external id)."""
    task_id = request.GET.get("task_id", "").strip()
    if not task_id:
        return redirect("console:tasks")
    check_id(task_id)  # a task id with / or .. has no page, and no upstream path
    return redirect(_task_url(task_id, request.GET.get("external") == "1"))


@console_view
@require_GET
def task_detail(request: HttpRequest, task_id: str) -> HttpResponse:
    """Show a task as Query Task answers, with the forms that change or cancel it."""
    tenant = tenant_of(request)
    external = request.GET.get("external") == "1"
    state, error = None, ""
    with client_for(tenant) as api:
        try:
            state = api.query_task(task_id, external)
        except (TaskRoutingError, NotFound, UpstreamError) as exc:
            error = explain(exc)
    if state is not None:
        QueuedTask.objects.filter(tenant=tenant, task_id=task_id).update(status=state["taskStatus"])
    context = {
        "task_id": task_id,
        "external": external,
        "state": state,
        "error": error,
        "dispositions": DISPOSITIONS,
    }
    return page(request, "console/task_detail.html", context, status=200 if state else 404)


@console_view
@require_POST
def task_update(request: HttpRequest, task_id: str) -> HttpResponse:
    """Move a queued task to another service and/or change its priority."""
    tenant = tenant_of(request)
    external = request.POST.get("external") == "1"
    service = request.POST.get("service", "").strip() or None
    raw = request.POST.get("priority", "").strip()
    try:
        priority = float(raw) if raw else None
    except ValueError:
        priority = -1.0  # the tenant refuses it with its own words (error 4)

    def call(api: AdminClient) -> Outcome:
        api.update_task(task_id, external, service=service, priority=priority)
        return Outcome("The task is updated.")

    return carry_out(
        request,
        tenant,
        action="update task",
        target=task_id,
        summary={"external": external, "serviceName": service, "priority": priority},
        call=call,
        done_url=_task_url(task_id, external),
    )


@console_view
@require_POST
def task_cancel(request: HttpRequest, task_id: str) -> HttpResponse:
    """Cancel a queued task with a disposition and a note."""
    tenant = tenant_of(request)
    external = request.POST.get("external") == "1"
    disposition = request.POST.get("disposition", "").strip()
    note = request.POST.get("note", "").strip()

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
        call=call,
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
    error = confirmation_error(request, service) if request.method == "POST" else ""
    if request.method == "POST" and not error:
        disposition = request.POST.get("disposition", "").strip()
        note = request.POST.get("note", "").strip()

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
            call=call,
            done_url=reverse("console:tasks"),
        )
    with client_for(tenant) as api:
        queued = waiting(api, tenant, service)
    context = {
        "service": service,
        "queued": queued,
        "error": error,
        "dispositions": DISPOSITIONS,
    }
    return page(request, "console/cancel_service.html", context, status=400 if error else 200)
