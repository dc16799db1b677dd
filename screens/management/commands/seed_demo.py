"""Seed the demo tenant, board and login, and say how to log in."""

from __future__ import annotations

import os
import secrets
from pathlib import Path
from typing import Any

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand

from screens.demo import seed_demo

DEMO_USERNAME = "demo"


class Command(BaseCommand):
    help = "Create the demo tenant (the bundled simulator), the demo board and a demo login."

    def handle(self, *args: Any, **options: Any) -> None:
        tenant, board = seed_demo()
        self.stdout.write(
            f"Demo tenant '{tenant}' -> {tenant.base_url}; board /boards/{board.slug}/"
        )
        self.stdout.write(self._demo_login())

    def _demo_login(self) -> str:
        """Create the demo superuser on first run; return how to log in."""
        # Beside the database it belongs to, so a test database never overwrites the
        # demo's own login file.
        saved = Path(str(settings.DATABASES["default"]["NAME"])).parent / "demo-login.txt"
        user_model = get_user_model()
        if user_model.objects.filter(username=DEMO_USERNAME).exists():
            if saved.exists():
                return saved.read_text()
            return (
                f"Log in as '{DEMO_USERNAME}' (reset its password with "
                f"`.venv/bin/python manage.py changepassword {DEMO_USERNAME}`)."
            )
        password = os.environ.get("WALLBOARD_DEMO_PASSWORD") or secrets.token_urlsafe(12)
        user_model.objects.create_superuser(DEMO_USERNAME, password=password)
        text = f"Log in as '{DEMO_USERNAME}' with password '{password}'.\n"
        saved.parent.mkdir(exist_ok=True)
        saved.write_text(text)
        saved.chmod(0o600)
        return text
