"""The admin of tenants: the secret is write-only, and a connection test says what is
wrong in plain words."""

from __future__ import annotations

from django.conf import settings
from django.contrib import admin, messages
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.urls import URLPattern, path, reverse

from bpcc import appointments
from bpcc.connection import check_connection
from bpcc.forms import TenantForm
from bpcc.models import Tenant

LEVELS = {"ok": messages.SUCCESS, "warning": messages.WARNING, "error": messages.ERROR}


@admin.register(Tenant)
class TenantAdmin(admin.ModelAdmin):
    form = TenantForm
    list_display = ["name", "base_url", "flavour", "client_id", "poll_interval", "enabled"]
    actions = ["test_connection"]
    change_form_template = "admin/bpcc/tenant/change_form.html"

    def get_urls(self) -> list[URLPattern]:
        test = self.admin_site.admin_view(self.test_connection_view)
        return [
            path("<int:pk>/test-connection/", test, name="bpcc_tenant_test_connection"),
            *super().get_urls(),
        ]

    def test_connection_view(self, request: HttpRequest, pk: int) -> HttpResponse:
        tenant = get_object_or_404(Tenant, pk=pk)
        if request.method == "POST" and self.has_change_permission(request, tenant):
            self._report(request, tenant)
        return HttpResponseRedirect(reverse("admin:bpcc_tenant_change", args=[pk]))

    @admin.action(description="Test the connection of the selected tenants")
    def test_connection(self, request: HttpRequest, queryset: QuerySet[Tenant]) -> None:
        for tenant in queryset:
            self._report(request, tenant)

    def _report(self, request: HttpRequest, tenant: Tenant) -> None:
        report = check_connection(tenant, timeout=settings.WALLBOARD_UPSTREAM_TIMEOUT)
        text = " ".join([f"{tenant}: {report.summary}", *report.details])
        self.message_user(request, text, LEVELS[report.level])
        if tenant.appointments_url:
            level, said = appointments.check(tenant, timeout=settings.WALLBOARD_UPSTREAM_TIMEOUT)
            self.message_user(request, f"{tenant}: {said}", LEVELS[level])
