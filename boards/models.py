"""Boards (widgets placed on a grid, each showing statistics of one tenant) and their
alerts: who acknowledged what, and the history of level changes."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from django.conf import settings
from django.contrib.auth.models import Group
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.text import slugify

from bpcc.models import Tenant

# Paths under /boards/ that are pages, not boards.
RESERVED_SLUGS = frozenset({"new", "import", "dispositions", "campaigns", "services"})
EXPORT_FORMAT = 1


class BoardQuerySet(models.QuerySet["Board"]):
    def unique_slug(self, title: str) -> str:
        """Return a slug made from `title` that no board has yet."""
        base = slugify(title)[:40] or "board"
        slug, n = base, 1
        while slug in RESERVED_SLUGS or self.filter(slug=slug).exists():
            n += 1
            slug = f"{base}-{n}"
        return slug

    def enabled(self) -> BoardQuerySet:
        return self.filter(enabled=True, tenant__enabled=True)

    def visible_to(self, user: Any) -> BoardQuerySet:
        """Return the enabled boards `user` may see: open boards, and those of its groups."""
        return self.enabled().open_to(user)

    def open_to(self, user: Any) -> BoardQuerySet:
        """Return the boards, enabled or not, whose groups let `user` see them."""
        if user.is_superuser:
            return self.all()
        return self.filter(Q(groups=None) | Q(groups__in=user.groups.all())).distinct()

    def hidden_from(self, user: Any) -> BoardQuerySet:
        """Return the boards whose groups keep `user` from seeing them."""
        return self.exclude(pk__in=Board.objects.open_to(user).values("pk"))


class Board(models.Model):
    """A wallboard: a title, a theme and widgets placed on a 12-by-12 grid, each showing
    statistics of one tenant.

    A widget is a dict with an `id`, a `type`, its place (`x`, `y`, `w`, `h`) and its
    options, e.g. `{"type": "total", "stat": "agents_ready", "title": "..."}`;
    boards/widgets.py lists the types and checks every board before it is saved.
    """

    class Theme(models.TextChoices):
        DARK = "dark", "Dark"
        LIGHT = "light", "Light"
        CONTRAST = "contrast", "High contrast"

    tenant = models.ForeignKey(Tenant, on_delete=models.CASCADE, related_name="boards")
    slug = models.SlugField(unique=True)
    title = models.CharField(max_length=200)
    widgets = models.JSONField(default=list)
    theme = models.CharField(max_length=20, choices=Theme.choices, default=Theme.DARK)
    enabled = models.BooleanField(default=True)
    groups = models.ManyToManyField(
        Group,
        blank=True,
        related_name="boards",
        help_text="Who may see the board; nobody chosen means every logged-in user.",
    )
    updated = models.DateTimeField(auto_now=True)

    objects = BoardQuerySet.as_manager()

    class Meta:
        db_table = "stats_board"  # made by the stats app, kept when moved
        ordering = ["title"]

    def __str__(self) -> str:
        return self.title

    @property
    def group_name(self) -> str:
        """Return the channel-layer group of this board's viewers."""
        return f"board.{self.pk}"

    def widget_list(self) -> list[dict[str, Any]]:
        return [w for w in self.widgets if isinstance(w, dict)]

    def widget(self, widget_id: str) -> dict[str, Any] | None:
        return next((w for w in self.widget_list() if w.get("id") == widget_id), None)

    def apply(self, clean: dict[str, Any]) -> None:
        """Take the title, theme and widgets of a board checked by `clean_board`."""
        self.title = clean["title"]
        self.theme = clean["theme"]
        self.widgets = clean["widgets"]

    def export(self) -> dict[str, Any]:
        """Return the board as the JSON that import reads back."""
        return {
            "wallboard_board": EXPORT_FORMAT,
            "title": self.title,
            "theme": self.theme,
            "widgets": self.widget_list(),
        }

    def duplicate(self) -> Board:
        """Save and return a copy of this board, with the same viewers."""
        title = f"Copy of {self.title}"[:200]
        copy = Board.objects.create(
            tenant=self.tenant,
            slug=Board.objects.unique_slug(title),
            title=title,
            theme=self.theme,
            widgets=self.widgets,
            enabled=self.enabled,
        )
        copy.groups.set(self.groups.all())
        return copy


class AlertAckQuerySet(models.QuerySet["AlertAck"]):
    def active(self, board: Board, now: datetime | None = None) -> AlertAckQuerySet:
        """Return the board's acknowledgements still in force, latest first."""
        return self.filter(board=board, until__gt=now or timezone.now())


class AlertAck(models.Model):
    """Someone acknowledged a widget's alert: its sound and flashing stop everywhere
    until `until`. Kept as the log of who acknowledged what, and when."""

    board = models.ForeignKey(Board, on_delete=models.CASCADE, related_name="acks")
    widget_id = models.CharField(max_length=40)
    widget_title = models.CharField(max_length=200, blank=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    username = models.CharField(max_length=150, help_text="Kept if the user is deleted.")
    acknowledged_at = models.DateTimeField(default=timezone.now)
    until = models.DateTimeField()

    objects = AlertAckQuerySet.as_manager()

    class Meta:
        db_table = "stats_alertack"  # made by the stats app, kept when moved
        ordering = ["-acknowledged_at"]
        verbose_name = "alert acknowledgement"

    def __str__(self) -> str:
        return f"{self.username}: {self.board} / {self.widget_title or self.widget_id}"

    @classmethod
    def record(
        cls, board: Board, widget: dict[str, Any], subject: str, user: Any, minutes: int
    ) -> AlertAck:
        """Log that `user` acknowledged `widget` on `board` for `minutes`; `subject` names
        the alert as the screens did (boards/levels.py, alert_subject)."""
        now = timezone.now()
        return cls.objects.create(
            board=board,
            widget_id=widget["id"],
            widget_title=subject,
            user=user,
            username=user.get_username(),
            acknowledged_at=now,
            until=now + timedelta(minutes=minutes),
        )


class AlertEvent(models.Model):
    """A widget of a board changed level (normal, warning, critical) at a poll: the
    alert history, next to the acknowledgements (stats/alert_log.py)."""

    board = models.ForeignKey(Board, on_delete=models.CASCADE, related_name="alert_events")
    widget_id = models.CharField(max_length=40)
    widget_title = models.CharField(max_length=200, blank=True)
    from_level = models.CharField(max_length=10)
    to_level = models.CharField(max_length=10)
    stat = models.CharField(max_length=100, blank=True)  # the statistic of `value`
    value = models.JSONField(null=True)  # the value that set the new level
    at = models.DateTimeField(db_index=True)

    class Meta:
        db_table = "stats_alertevent"  # made by the stats app, kept when moved
        ordering = ["-at", "-pk"]

    def __str__(self) -> str:
        return f"{self.board} / {self.widget_title or self.widget_id}: {self.to_level}"
