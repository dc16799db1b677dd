"""Tenants (BPCC upstreams) and the boards that show their statistics."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib.auth.models import Group
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Q

from stats import crypto


def default_poll_interval() -> float:
    return float(settings.WALLBOARD_POLL_INTERVAL)


class Tenant(models.Model):
    """A BPCC tenant this installation reads statistics from."""

    class Flavour(models.TextChoices):
        BPCC = "bpcc", "Bright Pattern (BPCC)"
        ONECLOUD = "onecloud", "OneCloud CX"

    class AuthMode(models.TextChoices):
        OAUTH = "oauth", "OAuth client credentials (API secret)"
        BASIC = "basic", "statsapi login (username and password, session cookies)"

    name = models.CharField(max_length=100, unique=True)
    base_url = models.URLField(help_text="e.g. https://example.brightpattern.com")
    flavour = models.CharField(max_length=20, choices=Flavour.choices, default=Flavour.BPCC)
    auth_mode = models.CharField(max_length=20, choices=AuthMode.choices, default=AuthMode.OAUTH)
    client_id = models.CharField("client ID (BPCC username)", max_length=200)
    # Encrypted at rest (stats/crypto.py); read and written through `client_secret`.
    secret_encrypted = models.TextField(editable=False)
    poll_interval = models.FloatField(
        "poll interval (seconds)",
        default=default_poll_interval,
        validators=[MinValueValidator(1.0)],
        help_text="How often the statistics are read; at least 1 second.",
    )
    enabled = models.BooleanField(default=True)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    @property
    def client_secret(self) -> str:
        """Return the API secret (or password), decrypted."""
        return crypto.decrypt(self.secret_encrypted) if self.secret_encrypted else ""

    @client_secret.setter
    def client_secret(self, plain: str) -> None:
        self.secret_encrypted = crypto.encrypt(plain)


class BoardQuerySet(models.QuerySet["Board"]):
    def enabled(self) -> BoardQuerySet:
        return self.filter(enabled=True, tenant__enabled=True)

    def visible_to(self, user: Any) -> BoardQuerySet:
        """Return the enabled boards `user` may see: open boards, and those of its groups."""
        boards = self.enabled()
        if user.is_superuser:
            return boards
        return boards.filter(Q(groups=None) | Q(groups__in=user.groups.all())).distinct()


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
    groups = models.ManyToManyField(
        Group,
        blank=True,
        related_name="boards",
        help_text="Who may see the board; nobody chosen means every logged-in user.",
    )

    objects = BoardQuerySet.as_manager()

    class Meta:
        ordering = ["title"]

    def __str__(self) -> str:
        return self.title

    @property
    def group_name(self) -> str:
        """Return the channel-layer group of this board's viewers."""
        return f"board.{self.pk}"

    def widget_list(self) -> list[dict[str, Any]]:
        return [w for w in self.widgets if isinstance(w, dict)]
