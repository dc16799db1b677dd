"""Make a display link for a board or a rotation, and print its URL (shown only once)."""

from __future__ import annotations

import argparse
from datetime import time
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from boards.models import Board
from screens.models import KioskLink, Rotation


class Command(BaseCommand):
    help = "Make a kiosk display link for a board (by slug) or a rotation (by name)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("name", help="which screen the link is for, e.g. 'TV by the door'")
        target = parser.add_mutually_exclusive_group(required=True)
        target.add_argument("--board", help="the slug of the board to show")
        target.add_argument("--rotation", help="the name of the rotation to show")
        parser.add_argument(
            "--base-url", default="", help="prefix of the printed URL, e.g. https://wall.example"
        )
        parser.add_argument(
            "--hours",
            type=_hours,
            help="opening hours in the tenant's time zone, e.g. 07:30-18:00 (default: always on)",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        target: Board | Rotation | None
        if options["board"]:
            target = Board.objects.filter(slug=options["board"]).first()
        else:
            target = Rotation.objects.filter(name=options["rotation"]).first()
        if target is None:
            raise CommandError("No such board or rotation.")
        _, token = KioskLink.create(options["name"], target, hours=options["hours"])
        self.stdout.write(f"{options['base_url'].rstrip('/')}/kiosk/{token}/")


def _hours(text: str) -> tuple[time, time]:
    """Read "HH:MM-HH:MM" as opening hours."""
    try:
        start, end = (time.fromisoformat(part.strip()) for part in text.split("-"))
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not HH:MM-HH:MM, e.g. 07:30-18:00") from None
    if start == end:
        raise argparse.ArgumentTypeError("the screen cannot go off at the time it comes on")
    return start, end
