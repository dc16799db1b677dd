"""The admin of rotations and display links (links are made on the screens page, where
their token is shown once)."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.db.models import QuerySet
from django.http import HttpRequest

from screens import broadcast
from screens.models import KioskLink, Rotation, RotationEntry


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
