"""Tenants (BPCC upstreams) and the boards that show their statistics."""

from __future__ import annotations

from typing import Any

from django.db import models


class Tenant(models.Model):
    """A BPCC tenant this installation reads statistics from."""

    name = models.CharField(max_length=100)
    base_url = models.URLField(help_text="e.g. https://example.brightpattern.com")
    client_id = models.CharField("client ID (BPCC username)", max_length=200)
    client_secret = models.CharField("API secret", max_length=200)
    enabled = models.BooleanField(default=True)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class BoardQuerySet(models.QuerySet["Board"]):
    def enabled(self) -> BoardQuerySet:
        return self.filter(enabled=True, tenant__enabled=True)


class Board(models.Model):
    """A wallboard: a title and a list of widgets, each showing statistics of one tenant.

    A widget is a dict with an `id`, a `type` and its options:
    - `{"type": "total", "stat": "agents_ready", "title": "..."}`
    - `{"type": "service_grid" | "agent_grid", "columns": ["name", ...],
       "order_by": "<stat>", "order_dir": "ASC|DESC", "limit": 10,
       "logged_in_only": true}` (agent grids only for the last one)
    """

    tenant = models.ForeignKey(Tenant, on_delete=models.CASCADE, related_name="boards")
    slug = models.SlugField(unique=True)
    title = models.CharField(max_length=200)
    widgets = models.JSONField(default=list)
    enabled = models.BooleanField(default=True)

    objects = BoardQuerySet.as_manager()

    class Meta:
        ordering = ["title"]

    def __str__(self) -> str:
        return self.title

    @property
    def group_name(self) -> str:
        """Return the channel-layer group of this board's viewers."""
        return f"board.{self.pk}"

    @property
    def app_id(self) -> str:
        """Return this board's key inside the tenant's one subscription."""
        return f"board-{self.pk}"

    def widget_list(self) -> list[dict[str, Any]]:
        return [w for w in self.widgets if isinstance(w, dict)]
