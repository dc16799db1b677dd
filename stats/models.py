"""Tenants (BPCC upstreams) and the boards that show their statistics."""

from __future__ import annotations

import hashlib
import secrets
import zoneinfo
from datetime import datetime, time, timedelta
from typing import Any

from django.conf import settings
from django.contrib.auth.models import Group
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.text import slugify

from stats import crypto


def default_poll_interval() -> float:
    return float(settings.WALLBOARD_POLL_INTERVAL)


def default_time_zone() -> str:
    return str(settings.TIME_ZONE)


def validate_time_zone(name: str) -> None:
    """Refuse names that are not IANA time zones, e.g. "Europe/London"."""
    try:
        zoneinfo.ZoneInfo(name)
    except (zoneinfo.ZoneInfoNotFoundError, ValueError) as exc:
        raise ValidationError(f"'{name}' is not a time zone name such as Europe/London.") from exc


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
    time_zone = models.CharField(
        max_length=64,
        default=default_time_zone,
        validators=[validate_time_zone],
        help_text="The centre's time zone, e.g. Europe/London; board clocks show it.",
    )

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

    def credentials_fingerprint(self) -> str:
        """Return a digest of what the tenant's tokens are got with: URL, flavour, auth
        mode, login and secret. A token kept under another one is not used again, so a
        changed secret or auth mode counts from the next poll or console call."""
        made_of = [self.base_url, self.flavour, self.auth_mode, self.client_id]
        # The ciphertext, not the secret: a fingerprint never needs the key to decrypt.
        made_of.append(self.secret_encrypted)
        return hashlib.sha256("\n".join(made_of).encode()).hexdigest()[:32]


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
    stats/widgets.py lists the types and checks every board before it is saved.
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


class RotationQuerySet(models.QuerySet["Rotation"]):
    def visible_to(self, user: Any) -> RotationQuerySet:
        """Return the rotations `user` may see: those with no board hidden from it."""
        return self.exclude(entries__board__in=Board.objects.hidden_from(user))


class Rotation(models.Model):
    """Boards a kiosk shows in turn, each for its own number of seconds."""

    name = models.CharField(max_length=100, unique=True)

    objects = RotationQuerySet.as_manager()

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    def steps(self) -> list[RotationEntry]:
        """Return the rotation's entries in order, leaving out disabled boards."""
        entries = self.entries.select_related("board__tenant").order_by("position", "pk")
        return [e for e in entries if e.board.enabled and e.board.tenant.enabled]


class RotationEntry(models.Model):
    rotation = models.ForeignKey(Rotation, on_delete=models.CASCADE, related_name="entries")
    board = models.ForeignKey(Board, on_delete=models.CASCADE, related_name="rotation_entries")
    seconds = models.PositiveIntegerField(
        default=30, validators=[MinValueValidator(5), MaxValueValidator(3600)]
    )
    position = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["position", "pk"]

    def __str__(self) -> str:
        return f"{self.board} ({self.seconds} s)"


def hash_token(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


class KioskLinkQuerySet(models.QuerySet["KioskLink"]):
    def find(self, token: str) -> KioskLink | None:
        """Return the link of `token`, revoked or not, or None.

        Only the token's SHA-256 is stored, so the lookup compares hashes: timing can
        at most reveal a hash prefix, which says nothing about any token.
        """
        return (
            self.select_related("board__tenant", "rotation")
            .filter(token_hash=hash_token(token))
            .first()
        )

    def visible_to(self, user: Any) -> KioskLinkQuerySet:
        """Return the links `user` may see and manage: those showing only boards it may
        see (a supervisor cannot revoke, or set hours on, a link to a board it cannot)."""
        hidden = Board.objects.hidden_from(user)
        return self.exclude(board__in=hidden).exclude(rotation__entries__board__in=hidden)


class KioskLink(models.Model):
    """A secret URL that shows one board or one rotation with no login, read-only.

    It never expires by inactivity; it stops working only when revoked. The token is
    shown once, when the link is made; only its hash is kept. A link belongs to the
    boards it shows, not to its maker: it goes on working when its maker leaves the
    board's group or the company (a TV must not go dark with a staff change), and any
    supervisor who may see all its boards can revoke it.
    """

    name = models.CharField(
        max_length=100, help_text="Which screen this is, e.g. 'TV by the door'."
    )
    token_hash = models.CharField(max_length=64, unique=True, editable=False)
    board = models.ForeignKey(
        Board, null=True, blank=True, on_delete=models.CASCADE, related_name="kiosk_links"
    )
    rotation = models.ForeignKey(
        Rotation, null=True, blank=True, on_delete=models.CASCADE, related_name="kiosk_links"
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    revoked_at = models.DateTimeField(null=True, blank=True)
    revoked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    # Opening hours, in the tenant's time zone; outside them the screen goes dark but for
    # a small drifting clock (against burn-in, and nobody is there to read it). Until
    # before from: the hours run past midnight. Neither: always on.
    open_from = models.TimeField(null=True, blank=True)
    open_until = models.TimeField(null=True, blank=True)

    objects = KioskLinkQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at"]
        constraints = [
            models.CheckConstraint(
                condition=Q(board__isnull=False, rotation__isnull=True)
                | Q(board__isnull=True, rotation__isnull=False),
                name="kiosk_link_shows_a_board_or_a_rotation",
            )
        ]

    def __str__(self) -> str:
        return self.name

    @classmethod
    def create(
        cls,
        name: str,
        target: Board | Rotation,
        user: Any = None,
        hours: tuple[time, time] | None = None,
    ) -> tuple[KioskLink, str]:
        """Make a link to `target`, on during `hours` (from, until) or always; return it
        and its token (the only time it is known)."""
        if hours is not None and hours[0] == hours[1]:
            raise ValueError("opening hours must not start and end at the same time")
        token = secrets.token_urlsafe(32)
        link = cls(name=name, token_hash=hash_token(token), created_by=user)
        if hours is not None:
            link.open_from, link.open_until = hours
        if isinstance(target, Board):
            link.board = target
        else:
            link.rotation = target
        link.save()
        return link, token

    @property
    def revoked(self) -> bool:
        return self.revoked_at is not None

    def hours(self) -> dict[str, str] | None:
        """Return the opening hours as the kiosk reads them ("HH:MM"), or None."""
        if self.open_from is None or self.open_until is None:
            return None
        return {
            "from": self.open_from.strftime("%H:%M"),
            "until": self.open_until.strftime("%H:%M"),
        }

    def revoke(self, user: Any = None) -> None:
        self.revoked_at = timezone.now()
        self.revoked_by = user
        self.save(update_fields=["revoked_at", "revoked_by"])

    @property
    def group_name(self) -> str:
        """Return the channel-layer group of this link's screens."""
        return f"kiosk.{self.pk}"

    def steps(self) -> list[tuple[Board, int]]:
        """Return the boards this link shows and the seconds each stays on screen."""
        if self.board is not None:
            usable = self.board.enabled and self.board.tenant.enabled
            return [(self.board, 0)] if usable else []
        assert self.rotation is not None
        return [(entry.board, entry.seconds) for entry in self.rotation.steps()]


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
        ordering = ["-acknowledged_at"]
        verbose_name = "alert acknowledgement"

    def __str__(self) -> str:
        return f"{self.username}: {self.board} / {self.widget_title or self.widget_id}"

    @classmethod
    def record(cls, board: Board, widget: dict[str, Any], user: Any, minutes: int) -> AlertAck:
        """Log that `user` acknowledged `widget` on `board` for `minutes`."""
        now = timezone.now()
        return cls.objects.create(
            board=board,
            widget_id=widget["id"],
            widget_title=widget.get("title", ""),
            user=user,
            username=user.get_username(),
            acknowledged_at=now,
            until=now + timedelta(minutes=minutes),
        )

    def message(self) -> dict[str, Any]:
        """Return what screens are told of this acknowledgement."""
        return {
            "widget": self.widget_id,
            "until": self.until.timestamp(),
            "by": self.username,
        }


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
        ordering = ["-at", "-pk"]

    def __str__(self) -> str:
        return f"{self.board} / {self.widget_title or self.widget_id}: {self.to_level}"
