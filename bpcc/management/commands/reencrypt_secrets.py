"""`manage.py reencrypt_secrets`: write every tenant secret again under the first key,
after a new key was put first in WALLBOARD_ENCRYPTION_KEYS (the old ones can then go)."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError

from bpcc import crypto
from bpcc.models import Tenant


class Command(BaseCommand):
    help = "Encrypt every tenant secret again under the first encryption key."

    def handle(self, *args: Any, **options: Any) -> None:
        failed = crypto.reencrypt_all(Tenant.objects.all())
        # The appointment service's token is kept the same way (bpcc/models.py).
        tokens = Tenant.objects.all()
        failed += [
            f"{name} (appointment token)"
            for name in crypto.reencrypt_all(tokens, "appointments_token_encrypted")
        ]
        if failed:
            raise CommandError(
                f"no key opens the secret of {', '.join(failed)}: enter it again in the admin"
            )
        self.stdout.write("Every tenant secret is encrypted under the first key.")
