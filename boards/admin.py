"""The admin of boards, and the read-only logs of alert acknowledgements and level
changes."""

from __future__ import annotations

from django import forms
from django.contrib import admin
from django.http import HttpRequest

from boards import signals
from boards.boardconfig import board_config
from boards.models import AlertAck, AlertEvent, Board


@admin.register(Board)
class BoardAdmin(admin.ModelAdmin):
    list_display = ["title", "slug", "tenant", "theme", "enabled"]
    prepopulated_fields = {"slug": ["title"]}
    filter_horizontal = ["groups"]

    def save_model(self, request: HttpRequest, obj: Board, form: forms.Form, change: bool) -> None:
        super().save_model(request, obj, form, change)
        signals.board_saved(obj, board_config(obj)["version"])


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
