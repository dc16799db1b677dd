"""Tenants: the BPCC (or white-label OneCloud CX) upstreams this installation reads
and manages, with their credentials (secrets encrypted at rest, bpcc/crypto.py)."""

from __future__ import annotations

import hashlib
import zoneinfo

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models

from bpcc import crypto


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
    # Encrypted at rest (bpcc/crypto.py); read and written through `client_secret`.
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
    # The video-appointment service (docs/upstream/appointments.md): its own host and a
    # token issued to an integration account, encrypted at rest like the secret.
    appointments_url = models.URLField(
        "appointment service URL",
        blank=True,
        help_text="Empty: the tenant has no video appointments.",
    )
    appointments_token_encrypted = models.TextField(blank=True, default="", editable=False)

    class Meta:
        db_table = "stats_tenant"  # made by the stats app, kept when moved
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    @property
    def is_onecloud(self) -> bool:
        """OneCloud CX: calling lists, campaigns and DNC lists by name through its
        configapi v2 (docs/upstream/onecloud-cx-api-v2.md); no List Management v3 nor
        Task Routing."""
        return self.flavour == Tenant.Flavour.ONECLOUD

    @property
    def client_secret(self) -> str:
        """Return the API secret (or password), decrypted."""
        return crypto.decrypt(self.secret_encrypted) if self.secret_encrypted else ""

    @client_secret.setter
    def client_secret(self, plain: str) -> None:
        self.secret_encrypted = crypto.encrypt(plain)

    @property
    def appointments_token(self) -> str:
        """Return the appointment service's token, decrypted ("" when none is kept)."""
        encrypted = self.appointments_token_encrypted
        return crypto.decrypt(encrypted) if encrypted else ""

    @appointments_token.setter
    def appointments_token(self, plain: str) -> None:
        self.appointments_token_encrypted = crypto.encrypt(plain) if plain else ""

    @property
    def has_appointments(self) -> bool:
        return bool(self.appointments_url and self.appointments_token_encrypted)

    def credentials_fingerprint(self) -> str:
        """Return a digest of what the tenant's tokens are got with: URL, flavour, auth
        mode, login and secret. A token kept under another one is not used again, so a
        changed secret or auth mode counts from the next poll or console call."""
        made_of = [self.base_url, self.flavour, self.auth_mode, self.client_id]
        # The ciphertext, not the secret: a fingerprint never needs the key to decrypt.
        made_of.append(self.secret_encrypted)
        return hashlib.sha256("\n".join(made_of).encode()).hexdigest()[:32]
