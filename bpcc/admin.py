"""The admin of tenants: the secret is write-only, and a connection test says what is
wrong in plain words."""

from __future__ import annotations

from django import forms
from django.conf import settings
from django.contrib import admin, messages
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.urls import URLPattern, path, reverse

from bpcc import appointments
from bpcc.connection import check_connection
from bpcc.models import Tenant, default_time_zone, validate_time_zone

LEVELS = {"ok": messages.SUCCESS, "warning": messages.WARNING, "error": messages.ERROR}


class TenantForm(forms.ModelForm):
    base_url = forms.URLField(
        label="Base URL", assume_scheme="https", help_text="e.g. https://example.brightpattern.com"
    )
    # The secret is write-only: never sent back to the page; leaving it empty keeps it.
    secret = forms.CharField(
        label="API secret (or password)",
        required=False,
        strip=False,
        widget=forms.PasswordInput(render_value=False),
        help_text="Stored encrypted. Leave empty to keep the current one.",
    )

    appointments_url = forms.URLField(
        label="Appointment service URL",
        required=False,
        assume_scheme="https",
        help_text="Empty: the tenant has no video appointments.",
    )
    appointments_token = forms.CharField(
        label="Appointment service token",
        required=False,
        strip=True,
        widget=forms.PasswordInput(render_value=False),
        help_text="Stored encrypted. Leave empty to keep the current one; "
        "docs/upstream/appointments.md says how it is issued.",
    )

    time_zone = forms.CharField(
        required=False,
        initial=default_time_zone,
        validators=[validate_time_zone],
        help_text="The centre's time zone, e.g. Europe/London; board clocks show it. "
        "Empty: the server's time zone.",
    )

    class Meta:
        model = Tenant
        fields = [
            "name",
            "base_url",
            "flavour",
            "auth_mode",
            "client_id",
            "poll_interval",
            "time_zone",
            "enabled",
            "appointments_url",
        ]

    def clean_time_zone(self) -> str:
        return str(self.cleaned_data["time_zone"] or default_time_zone())

    def clean_secret(self) -> str:
        secret: str = self.cleaned_data["secret"]
        if not secret and not self.instance.secret_encrypted:
            raise forms.ValidationError("Enter the API secret generated on the user's page.")
        return secret

    def save(self, commit: bool = True) -> Tenant:
        tenant: Tenant = super().save(commit=False)
        if self.cleaned_data["secret"]:
            tenant.client_secret = self.cleaned_data["secret"]
        if self.cleaned_data["appointments_token"]:
            tenant.appointments_token = self.cleaned_data["appointments_token"]
        if not tenant.appointments_url:
            tenant.appointments_token = ""  # no service, no token kept for it
        if commit:
            tenant.save()
        return tenant


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
