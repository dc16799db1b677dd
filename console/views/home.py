"""The console's front page and the tenant picker."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.urls import reverse
from django.views.decorators.http import require_GET, require_POST

from bpcc.models import Tenant
from console.models import AuditEntry, DeleteJob, ImportJob
from console.tenancy import choose
from console.views.common import console_view, page, tenant_of


@console_view
@require_GET
def home(request: HttpRequest) -> HttpResponse:
    tenant = tenant_of(request)
    context = {
        "recent": AuditEntry.objects.filter(tenant=tenant)[:10],
        "imports": ImportJob.objects.filter(tenant=tenant)[:5],
        "jobs": DeleteJob.objects.filter(tenant=tenant)[:5],
    }
    return page(request, "console/home.html", context)


@console_view
@require_POST
def pick_tenant(request: HttpRequest) -> HttpResponse:
    """Work on another tenant, from now on and after the next login too."""
    raw = request.POST.get("tenant", "")
    chosen = Tenant.objects.filter(enabled=True, pk=int(raw) if raw.isdigit() else 0).first()
    if chosen is not None:
        choose(request, chosen)
    return HttpResponseRedirect(reverse("console:home"))
