"""The tenants page, for superusers: list, add and edit tenants, and test a connection
with what is in the form before it is saved (bpcc/connection.py)."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect, JsonResponse
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from accounts.roles import SUPERUSER, role_required
from bpcc import appointments
from bpcc.connection import Report, check_connection
from bpcc.forms import TenantForm
from bpcc.models import Tenant
from console.tenancy import abilities, current_tenant, tenants

superuser_view = role_required(SUPERUSER)
LEVELS = ["ok", "warning", "error"]  # a test's answer is as bad as its worst part


@superuser_view
@require_GET
def tenant_list(request: HttpRequest) -> HttpResponse:
    return _page(request, "console/tenants.html", {"all_tenants": Tenant.objects.all()})


@superuser_view
@require_http_methods(["GET", "POST"])
def tenant_add(request: HttpRequest) -> HttpResponse:
    return _edit(request, Tenant())


@superuser_view
@require_http_methods(["GET", "POST"])
def tenant_edit(request: HttpRequest, pk: int) -> HttpResponse:
    return _edit(request, get_object_or_404(Tenant, pk=pk))


@superuser_view
@require_POST
def tenant_test(request: HttpRequest, pk: int | None = None) -> JsonResponse:
    """Test the connection the form describes, saving nothing; answer what was found,
    or which of the form's connection fields are wrong."""
    instance = get_object_or_404(Tenant, pk=pk) if pk else Tenant()
    form = TenantForm(request.POST, instance=instance)
    problems = form.connection_problems()
    if problems:
        return JsonResponse({"level": "error", "errors": problems}, status=400)
    tenant = form.tenant_to_test()
    report = check_connection(tenant, timeout=settings.WALLBOARD_UPSTREAM_TIMEOUT)
    level, details = report.level, report.details
    if tenant.appointments_url:
        said = appointments.check(tenant, timeout=settings.WALLBOARD_UPSTREAM_TIMEOUT)
        level, details = max(level, said[0], key=LEVELS.index), [*details, said[1]]
    answer = {"level": level, "problem": report.problem, "headline": headline(report)}
    return JsonResponse({**answer, "details": details})


def headline(report: Report) -> str:
    """Return the first line of a test's answer: what is wrong, then what was found."""
    if report.problem:
        return f"{report.problem.capitalize()}: {report.summary}"
    return report.summary


def _edit(request: HttpRequest, instance: Tenant) -> HttpResponse:
    form = TenantForm(request.POST or None, instance=instance)
    if request.method == "POST" and form.is_valid():
        tenant = form.save()
        messages.success(request, f"Tenant “{tenant.name}” saved.")
        return HttpResponseRedirect(reverse("console:tenants"))
    test_url = (
        reverse("console:tenant-test", args=[instance.pk])
        if instance.pk
        else reverse("console:tenant-test-new")
    )
    context = {"form": form, "editing": instance if instance.pk else None, "test_url": test_url}
    return _page(request, "console/tenant_form.html", context, status=400 if form.errors else 200)


def _page(
    request: HttpRequest, template: str, context: dict[str, Any], status: int = 200
) -> HttpResponse:
    """Render a tenants page in the console's frame, which works with no tenant yet."""
    try:
        tenant: Tenant | None = current_tenant(request)
    except Http404:
        tenant = None
    base = {"tenant": tenant, "tenants": tenants(), "can": abilities(tenant) if tenant else None}
    return render(request, template, {**base, **context}, status=status)
