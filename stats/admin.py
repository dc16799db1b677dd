"""The admin: tenants (with their secret write-only and a connection test), boards,
rotations, display links and the log of alert acknowledgements."""

from __future__ import annotations

from typing import Any

from django import forms
from django.conf import settings
from django.contrib import admin, messages
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.urls import URLPattern, path, reverse

from stats import broadcast
from stats.boardconfig import board_config
from stats.connection import check_connection
from stats.models import (
    AlertAck,
    AlertEvent,
    Board,
    KioskLink,
    Rotation,
    RotationEntry,
    Tenant,
    default_time_zone,
    validate_time_zone,
)

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
            path("<int:pk>/test-connection/", test, name="stats_tenant_test_connection"),
            *super().get_urls(),
        ]

    def test_connection_view(self, request: HttpRequest, pk: int) -> HttpResponse:
        tenant = get_object_or_404(Tenant, pk=pk)
        if request.method == "POST" and self.has_change_permission(request, tenant):
            self._report(request, tenant)
        return HttpResponseRedirect(reverse("admin:stats_tenant_change", args=[pk]))

    @admin.action(description="Test the connection of the selected tenants")
    def test_connection(self, request: HttpRequest, queryset: QuerySet[Tenant]) -> None:
        for tenant in queryset:
            self._report(request, tenant)

    def _report(self, request: HttpRequest, tenant: Tenant) -> None:
        report = check_connection(tenant, timeout=settings.WALLBOARD_UPSTREAM_TIMEOUT)
        text = " ".join([f"{tenant}: {report.summary}", *report.details])
        self.message_user(request, text, LEVELS[report.level])


@admin.register(Board)
class BoardAdmin(admin.ModelAdmin):
    list_display = ["title", "slug", "tenant", "theme", "enabled"]
    prepopulated_fields = {"slug": ["title"]}
    filter_horizontal = ["groups"]

    def save_model(self, request: HttpRequest, obj: Board, form: forms.Form, change: bool) -> None:
        super().save_model(request, obj, form, change)
        broadcast.board_saved(obj, board_config(obj)["version"])


class RotationEntryInline(admin.TabularInline):
    model = RotationEntry
    extra = 1


@admin.register(Rotation)
class RotationAdmin(admin.ModelAdmin):
    inlines = [RotationEntryInline]

    def save_related(self, request: HttpRequest, form: Any, formsets: Any, change: bool) -> None:
        super().save_related(request, form, formsets, change)
        broadcast.rotation_changed(form.instance)


@admin.register(KioskLink)
class KioskLinkAdmin(admin.ModelAdmin):
    """Display links are made on the screens page (their token is shown once there)."""

    list_display = ["name", "board", "rotation", "created_by", "created_at", "revoked_at"]
    readonly_fields = ["name", "board", "rotation", "created_by", "created_at", "revoked_by"]
    actions = ["revoke"]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    @admin.action(description="Revoke the selected display links")
    def revoke(self, request: HttpRequest, queryset: QuerySet[KioskLink]) -> None:
        for link in queryset.filter(revoked_at=None):
            link.revoke(request.user)
            broadcast.link_revoked(link)


@admin.register(AlertAck)
class AlertAckAdmin(admin.ModelAdmin):
    """The log of acknowledged alerts: read-only."""

    list_display = ["acknowledged_at", "username", "board", "widget_title", "until"]
    list_filter = ["board"]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False


@admin.register(AlertEvent)
class AlertEventAdmin(admin.ModelAdmin):
    """The alert history (level changes seen by the polls): read-only."""

    list_display = ["at", "board", "widget_title", "from_level", "to_level", "value"]
    list_filter = ["board", "to_level"]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False
