"""Make a board from exported JSON, checked as the editor's import checks it; with the
--slug of an existing board, replace that board's title, theme and widgets instead."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from boards import signals
from boards.boardconfig import board_config
from boards.models import Board
from boards.widgets import BoardError, clean_board
from bpcc.models import Tenant


class Command(BaseCommand):
    help = "Make a board from a JSON file (as exported from the editor); print its slug."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", help="the board's JSON, or - to read it from stdin")
        parser.add_argument("--tenant", help="the tenant's name (default: the only one)")
        parser.add_argument("--slug", help="the board's slug (default: made from its title)")

    def handle(self, *args: Any, **options: Any) -> None:
        source = options["file"]
        text = sys.stdin.read() if source == "-" else Path(source).read_text()
        try:
            clean = clean_board(json.loads(text))
        except json.JSONDecodeError as exc:
            raise CommandError(f"not valid JSON: {exc}") from exc
        except BoardError as exc:
            raise CommandError("\n".join(exc.errors)) from exc
        tenants = Tenant.objects.all()
        if options["tenant"]:
            tenants = tenants.filter(name=options["tenant"])
        if tenants.count() != 1:
            raise CommandError("Name the tenant with --tenant.")
        slug = options["slug"] or Board.objects.unique_slug(clean["title"])
        board = Board.objects.filter(slug=slug).first() or Board(slug=slug)
        board.tenant = tenants.get()
        board.apply(clean)
        board.save()
        signals.board_saved(board, board_config(board)["version"])  # open pages redraw
        self.stdout.write(board.slug)
