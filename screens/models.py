"""What the screens show: rotations of boards, and the display links of kiosks."""

from __future__ import annotations

import hashlib
import secrets
from datetime import time
from typing import Any

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone

from boards.models import Board


class RotationQuerySet(models.QuerySet["Rotation"]):
    def visible_to(self, user: Any) -> RotationQuerySet:
        """Return the rotations `user` may see: those with no board hidden from it."""
        return self.exclude(entries__board__in=Board.objects.hidden_from(user))


class Rotation(models.Model):
    """Boards a kiosk shows in turn, each for its own number of seconds."""

    name = models.CharField(max_length=100, unique=True)

    objects = RotationQuerySet.as_manager()

    class Meta:
        db_table = "stats_rotation"  # made by the stats app, kept when moved
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
        db_table = "stats_rotationentry"  # made by the stats app, kept when moved
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
        db_table = "stats_kiosklink"  # made by the stats app, kept when moved
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
